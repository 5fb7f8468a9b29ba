import { join } from 'node:path';
import { spawnHost, type SpawnedHost } from '@dealix/connector-testkit';
import { REPO_ROOT } from '../discovery/connectorPackages';
import { TOKENS, type SuiteHostConfig } from '../host/hostConfig';
import type { FaultColumn } from '../faultMatrix/faultColumns';
import type { HostAnswer, PlannedCall } from './crashPlan';

/** A call held at the vendor `ms` long (HTTP and SMTP alike): in flight when the host is killed. */
export function heldAtVendor(ms: number): FaultColumn {
  return {
    id: 'hold',
    title: 'held at the vendor',
    http: { fault: { kind: 'delay', ms }, meaning: null! },
    smtp: { fault: { kind: 'delay', command: 'DATA', ms }, meaning: null! },
  };
}

/**
 * Sends a planned call to the host at `hostUrl` under its key, as an operator; null when the
 * connection died with the host (the call was interrupted).
 */
export async function postCall(
  hostUrl: string,
  tenant: string,
  call: PlannedCall,
  approvalId = call.approvalId,
): Promise<HostAnswer> {
  const query = approvalId === undefined ? '' : `?approval_id=${approvalId}`;
  try {
    const res = await fetch(
      `${hostUrl}/api/v1/tenants/${tenant}/connectors/${call.connector.key}/operations/${call.operation}${query}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKENS.operator}`,
          'content-type': 'application/json',
          'idempotency-key': call.key,
        },
        body: JSON.stringify(call.input),
      },
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return null;
  }
}

/**
 * The host of `setup` as its own process (the bin shim, from the repository root), so a test can
 * SIGKILL it while the simulators, here, keep their counters.
 */
export function spawnCrashHost(setup: SuiteHostConfig): Promise<SpawnedHost> {
  return spawnHost({
    cli: join(REPO_ROOT, 'packages', 'host', 'bin', 'dealix-connectors.js'),
    cwd: REPO_ROOT,
    config: setup.config,
    env: setup.env,
    readyTimeoutMs: 120_000,
  });
}
