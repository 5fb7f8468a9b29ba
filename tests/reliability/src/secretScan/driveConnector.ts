import { randomUUID } from 'node:crypto';
import { resolveOperationPolicy } from '@dealix/connector-core';
import { webhookAttacks, type ConformanceFault } from '@dealix/connector-testkit';
import type { DiscoveredConnector } from '../discovery/connectorPackages';
import { expectedOutcome } from '../faultMatrix/expectedOutcome';
import { FAULT_COLUMNS } from '../faultMatrix/faultColumns';
import { faultTarget } from '../faultMatrix/faultTargets';
import { compensateThroughHost, executeThroughHost } from '../host/hostCalls';
import type { HostRequest } from '../host/hostRequest';

/** Conformance faults that end a call at once: a definite refusal, a wait past any cap. */
const AT_ONCE: readonly ConformanceFault[] = ['permanent', 'rate_limited_long'];

/** What driving one connector did, for the run's table. */
export interface DriveCount {
  calls: number;
  webhooks: number;
}

/**
 * Drives one connector through the host as a full sandbox run does: every operation once as
 * it should go (and compensated where it has an undo), once with bad input, and once under
 * every fault that ends the call without a wait (the host waits real time between retries; the
 * fault matrix scans the retrying paths in process); then every webhook event genuine and
 * forged. `sim` is the connector's sandbox simulator, in this process.
 */
export async function driveConnector(
  host: { url: string; request: HostRequest },
  tenant: string,
  connector: DiscoveredConnector,
  sim: unknown,
): Promise<DriveCount> {
  const { key, conformance, manifest } = connector;
  const { request } = host;
  const count: DriveCount = { calls: 0, webhooks: 0 };
  const sample = async (operation: string) => {
    const s = conformance.samples[operation]!;
    return 'prepare' in s ? await s.prepare(sim) : s.input;
  };
  const run = async (
    operation: string,
    input: unknown,
    idempotencyKey = `scan-${randomUUID()}`,
  ) => {
    count.calls++;
    return executeThroughHost(request, { tenant, key, operation, input, idempotencyKey });
  };
  for (const operation of Object.keys(manifest.operations)) {
    const policy = resolveOperationPolicy(manifest, operation);
    const input = await sample(operation);
    const idempotencyKey = `scan-${randomUUID()}`;
    const done = await run(operation, input, idempotencyKey);
    if (done.status === 200 && policy.kind === 'write' && policy.compensation !== 'none') {
      count.calls++;
      await compensateThroughHost(request, { tenant, key, operation, input, idempotencyKey });
    }
    await run(operation, {});
    if (!policy.vendor_call) continue;
    const target = faultTarget(conformance, sim, operation);
    for (const column of FAULT_COLUMNS) {
      const meaning = target.meaning(column);
      if (meaning === null || column.id === 'slow') continue;
      if (expectedOutcome(policy, meaning, connector).attempts > 1) continue;
      const faulted = await sample(operation);
      target.inject(column);
      await run(operation, faulted);
      target.clear();
    }
    for (const fault of AT_ONCE) {
      const faulted = await sample(operation);
      if (conformance.injectFault(sim, operation, fault, 1) === false) continue;
      await run(operation, faulted);
      target.clear();
    }
  }
  const hooks = conformance.webhooks;
  for (const type of hooks === undefined ? [] : (manifest.webhook_events ?? [])) {
    const path = `/webhooks/${tenant}/${key}`;
    const genuine = await hooks!.delivery(sim, { type, url: `${host.url}${path}` });
    for (const [, delivery] of [
      ['genuine', genuine] as const,
      ...webhookAttacks(genuine, hooks!.signatureHeader),
    ]) {
      count.webhooks++;
      await request(delivery.method ?? 'POST', path, {
        headers: delivery.headers,
        body: delivery.body,
      });
    }
  }
  return count;
}
