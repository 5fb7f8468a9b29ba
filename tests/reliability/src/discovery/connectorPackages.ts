import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectorManifest } from '@dealix/connector-core';
import {
  captureConformanceOptions,
  createConformanceSession,
  type ConformanceOptions,
  type ConformanceSession,
} from '@dealix/connector-testkit';

/** The repository root (this file is tests/reliability/src/discovery/). */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
export const CONNECTORS_DIR = join(REPO_ROOT, 'packages', 'connectors');
/** Where every connector keeps its conformance run (CONNECTOR-CHECKLIST, runConformance docs). */
export const CONFORMANCE_FILE = join('src', 'conformance.test.ts');

/** One connector package found on disk, with what its own conformance test gives the suite. */
export interface DiscoveredConnector {
  key: string;
  packageName: string;
  packageDir: string;
  manifest: ConnectorManifest;
  /** The options the connector's `src/conformance.test.ts` passes to runConformance(). */
  conformance: ConformanceOptions<unknown>;
  /** A conformance session over those options: the suite's runs share its secret scan. */
  session: ConformanceSession<unknown>;
  /**
   * Whether the connector sends the vendor an idempotency key (`http.idempotencyHeader`): then
   * the vendor de-duplicates a repeated request; without one, an idempotent operation repeated
   * after a lost answer reaches the vendor again (safe, as the manifest declares, but seen).
   */
  vendorKey: boolean;
  /** Whether the connector refreshes an access token (`token`) once when the vendor refuses it. */
  tokenSource: boolean;
}

/**
 * Every connector package under packages/connectors (a package.json with `dealix.connector`),
 * sorted by key. Its simulator, samples, counters and faults come from its own conformance
 * test, captured: a connector that lands joins every suite here without an edit. A connector
 * package without a valid manifest or a conformance run is an error naming it, never a skip.
 */
export function discoverConnectors(): DiscoveredConnector[] {
  const found: DiscoveredConnector[] = [];
  for (const folder of readdirSync(CONNECTORS_DIR).sort()) {
    const packageDir = join(CONNECTORS_DIR, folder);
    const pkgFile = join(packageDir, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
      name?: string;
      dealix?: { connector?: string };
    };
    if (pkg.dealix?.connector === undefined) continue;
    found.push(readConnector(packageDir, pkg.name ?? folder));
  }
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

function readConnector(packageDir: string, packageName: string): DiscoveredConnector {
  const file = join(packageDir, CONFORMANCE_FILE);
  if (!existsSync(file)) {
    throw new Error(`${packageName} has no ${CONFORMANCE_FILE}: every connector runs conformance`);
  }
  const captured = captureConformanceOptions(() => {
    // The connector's own test file, loaded (synchronously, by path) for its runConformance()
    // options only; an import statement cannot name a file found at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
  });
  if (captured.length !== 1) {
    throw new Error(`${file} called runConformance() ${captured.length} times; expected once`);
  }
  return connectorOf(captured[0]!, packageName);
}

/** A connector as the suites use it, from the options its conformance run takes. */
export function connectorOf(
  conformance: ConformanceOptions<unknown>,
  packageName: string,
): DiscoveredConnector {
  const session = createConformanceSession(conformance);
  const runnable = session.runnable();
  if (!runnable.ok) {
    throw new Error(`${packageName} cannot run: ${runnable.problems.join('; ')}`);
  }
  const plugin = conformance.plugin as { http?: { idempotencyHeader?: string }; token?: unknown };
  return {
    key: runnable.manifest.connector_key,
    packageName,
    packageDir: conformance.packageDir,
    manifest: runnable.manifest,
    conformance,
    session,
    vendorKey: plugin.http?.idempotencyHeader !== undefined,
    tokenSource: plugin.token !== undefined,
  };
}
