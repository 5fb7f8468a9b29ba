import { resolveOperationPolicy } from '@dealix/connector-core';
import type { DiscoveredConnector } from '../discovery/connectorPackages';

/** A call the load repeats: the same input each time (a write gets a fresh key each time). */
export interface LoadCall {
  key: string;
  operation: string;
  input: unknown;
  write: boolean;
}

/**
 * What the load sends to each connector: every operation that calls the vendor without an
 * approval, with its sample input. A write is included only when its sample is a fixed input
 * (one prepared against vendor state, such as cancelling a given booking, cannot repeat).
 */
export async function loadCalls(
  connectors: readonly DiscoveredConnector[],
  sims: ReadonlyMap<string, unknown>,
): Promise<LoadCall[]> {
  const calls: LoadCall[] = [];
  for (const c of connectors) {
    for (const operation of Object.keys(c.manifest.operations)) {
      const policy = resolveOperationPolicy(c.manifest, operation);
      const sample = c.conformance.samples[operation];
      if (!policy.vendor_call || policy.approval_policy !== 'auto' || sample === undefined)
        continue;
      const write = policy.kind === 'write';
      if (write && 'prepare' in sample) continue;
      const input = 'prepare' in sample ? await sample.prepare(sims.get(c.key)) : sample.input;
      calls.push({ key: c.key, operation, input, write });
    }
  }
  return calls;
}
