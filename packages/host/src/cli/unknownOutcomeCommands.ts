import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GovernanceRuntime } from '@dealix/connector-core';
import {
  isDlxError,
  loadConnectors,
  resolveOperationPolicy,
  type LoadedPlugin,
  type OperationLookup,
  type UNKNOWN_OUTCOME_FILTERS,
  type UnknownOutcomeView,
} from '@dealix/connector-core';
import {
  EXIT,
  openStoresForCli,
  runtimeForCli,
  databaseForCli,
  refuseUnknownTenant,
  type CliDatabase,
  type CliIo,
  type GlobalOptions,
} from './commands';

export interface UnknownOutcomeArgs {
  tenant: string;
  id?: string;
  as?: string;
  outcome?: string;
  output?: string;
  note?: string;
  status?: (typeof UNKNOWN_OUTCOME_FILTERS)[number];
}

/**
 * `unknown-outcomes list|show|resolve`, straight on the database through core's rules (the same as
 * the HTTP routes). A `succeeded` resolution's output is checked against the operation's output
 * schema, so resolve loads the connector packages (their code, not their tenants).
 */
export async function unknownOutcomesCommand(
  action: 'list' | 'show' | 'resolve',
  args: UnknownOutcomeArgs,
  opts: GlobalOptions,
  io: CliIo,
): Promise<number> {
  let output: unknown;
  if (action === 'resolve') {
    if (
      !args.id ||
      !args.as ||
      !args.note ||
      (args.outcome !== 'succeeded' && args.outcome !== 'failed')
    ) {
      io.err(
        'unknown-outcomes resolve needs <id>, --as <name>, --outcome succeeded|failed and --note <text>',
      );
      return EXIT.usage;
    }
    if (args.outcome === 'succeeded') {
      if (args.output === undefined) {
        io.err('--outcome succeeded needs --output <json|@file>: the result the vendor shows');
        return EXIT.usage;
      }
      try {
        output = readOutput(args.output, io.cwd);
      } catch (error) {
        io.err(`--output: ${(error as Error).message}`);
        return EXIT.usage;
      }
    }
  }
  const database = databaseForCli(opts, io);
  const refused = refuseUnknownTenant(database, args.tenant, io);
  if (refused !== undefined) return refused;
  const stores = await openStoresForCli(database, io);
  const runtime = runtimeForCli(stores, io);
  try {
    if (action === 'list') {
      const status = args.status ?? 'unresolved';
      const list = await runtime.unknownOutcomes.list(args.tenant, status);
      if (opts.json) io.out(JSON.stringify(list, null, 2));
      else if (list.length === 0)
        io.out(
          `no ${status === 'all' ? '' : `${status} `}unknown outcomes for tenant "${args.tenant}"`,
        );
      else for (const entry of list) io.out(describe(entry));
      return EXIT.ok;
    }
    if (action === 'show') {
      const entry = await runtime.unknownOutcomes.get(args.tenant, args.id!);
      io.out(opts.json ? JSON.stringify(entry, null, 2) : describe(entry));
      return EXIT.ok;
    }
    const plugins = await loadPlugins(runtime, database, io);
    const resolved = await runtime.unknownOutcomes.resolve(
      args.tenant,
      args.id!,
      { outcome: args.outcome, output, note: args.note },
      args.as!,
      lookupIn(plugins),
    );
    io.out(
      opts.json
        ? JSON.stringify(resolved, null, 2)
        : `unknown outcome ${resolved.id} resolved ${args.outcome} by ${args.as}`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!isDlxError(error)) throw error;
    io.err(`${error.code}: ${error.message}`);
    return error.kind === 'validation' || error.kind === 'config' ? EXIT.usage : EXIT.failed;
  } finally {
    await runtime.shutdown(0);
    await stores.close();
  }
}

function readOutput(value: string, cwd: string): unknown {
  const text = value.startsWith('@') ? readFileSync(resolve(cwd, value.slice(1)), 'utf8') : value;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`not JSON (${(error as Error).message})`, { cause: error });
  }
}

function describe(entry: UnknownOutcomeView): string {
  const what = `${entry.connector}.${entry.operation} key ${entry.idempotency_key}`;
  const next = entry.idempotent ? 'repeat with the key, or resolve' : 'resolve';
  const since = entry.unknown_since ?? entry.created_at;
  return entry.status === 'unresolved'
    ? `${entry.id}  ${what}  unknown since ${since}  (${next}): ${entry.error?.message ?? ''}`
    : `${entry.id}  ${what}  ${entry.state}${entry.resolution ? ` by ${entry.resolution.resolved_by}: ${entry.resolution.note}` : ' (re-run)'}`;
}

/** The connector packages the host would load, imported but initialized for no tenant. */
async function loadPlugins(
  runtime: GovernanceRuntime,
  { config, baseDir }: CliDatabase,
  io: CliIo,
): Promise<LoadedPlugin[]> {
  const load = await loadConnectors(runtime, {
    rootDir: io.cwd,
    paths: config.loader.paths.map((p) => resolve(baseDir, p)),
    ...(config.loader.allow && { allow: config.loader.allow }),
    block: config.loader.block,
    tenants: [],
  });
  return load.plugins;
}

function lookupIn(plugins: readonly LoadedPlugin[]): OperationLookup {
  return (_tenant, connector, operation) => {
    const found = plugins.find((p) => p.pkg.manifest.connector_key === connector);
    const def = found?.plugin.operations[operation];
    if (!found || !def) return undefined;
    return {
      def,
      policy: resolveOperationPolicy(found.pkg.manifest, operation),
      version: found.pkg.version,
    };
  };
}
