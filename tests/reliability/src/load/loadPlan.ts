import { resolveOperationPolicy } from '@dealix/connector-core';
import type { DiscoveredConnector } from '../discovery/connectorPackages';

/** A call the load repeats with the same input. */
export interface LoadCall {
  key: string;
  operation: string;
  input: unknown;
}

/**
 * What the load sends: every read that calls the vendor without an approval, with its sample
 * input (prepared once against the simulator). Reads repeat cleanly; a write repeated with one
 * input meets the vendor's own refusals (a slot already booked) and measures those instead.
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
      if (policy.kind !== 'read' || !policy.vendor_call || policy.approval_policy !== 'auto') {
        continue;
      }
      if (sample === undefined) continue;
      const input = 'prepare' in sample ? await sample.prepare(sims.get(c.key)) : sample.input;
      calls.push({ key: c.key, operation, input });
    }
  }
  return calls;
}
