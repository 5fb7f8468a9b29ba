import { randomUUID } from 'node:crypto';
import { resolveOperationPolicy, type OperationPolicy } from '@dealix/connector-core';
import type { SideEffect } from '@dealix/connector-testkit';
import type { DiscoveredConnector } from '../discovery/connectorPackages';

/** One call of the burst, with what it must do at the vendor. */
export interface PlannedCall {
  connector: DiscoveredConnector;
  operation: string;
  policy: OperationPolicy;
  input: unknown;
  key: string;
  effect: SideEffect;
  approvalId?: string;
}

/** An answer of the host, or null when the connection died with it (the call was interrupted). */
export type HostAnswer = { status: number; body: Record<string, unknown> } | null;

/**
 * The burst: `perOperation` calls of every write that has a side effect at the vendor, each
 * with its own key and its own input (prepared against the simulator, like a fresh order).
 */
export async function planBurst(
  connectors: readonly DiscoveredConnector[],
  sims: ReadonlyMap<string, unknown>,
  perOperation: number,
): Promise<PlannedCall[]> {
  const calls: PlannedCall[] = [];
  for (const connector of connectors) {
    const sim = sims.get(connector.key);
    for (const operation of Object.keys(connector.manifest.operations)) {
      const policy = resolveOperationPolicy(connector.manifest, operation);
      const sample = connector.conformance.samples[operation];
      if (policy.kind !== 'write' || !policy.vendor_call || sample?.sideEffect === undefined)
        continue;
      for (let i = 0; i < perOperation; i++) {
        const input = 'prepare' in sample ? await sample.prepare(sim) : sample.input;
        const key = `crash-${connector.key}-${operation}-${i}-${randomUUID()}`;
        calls.push({ connector, operation, policy, input, key, effect: sample.sideEffect });
      }
    }
  }
  return calls;
}

/** The side-effect counters the calls move, each with the simulator that keeps it. */
export function countersOf(
  calls: readonly PlannedCall[],
): Array<{ connector: string; counter: string }> {
  const seen = new Map<string, { connector: string; counter: string }>();
  for (const c of calls) {
    seen.set(`${c.connector.key}/${c.effect.counter}`, {
      connector: c.connector.key,
      counter: c.effect.counter,
    });
  }
  return [...seen.values()];
}

/**
 * How far a counter may have moved after the replays: every call that ended ok moved it once;
 * a call left as an unknown outcome (not idempotent, it may have reached the vendor before the
 * kill) moved it once or not at all; nothing moved it twice, except an idempotent call cut off
 * by the kill of a connector that sends no vendor key: its replay is a repeat the vendor sees.
 * A counter only such calls move has no upper bound: a repeat the manifest declares safe may
 * move it again, and may move another of the vendor's counters too (a replayed upsert finds
 * the record its first request made and counts an update).
 */
export function allowedMoves(
  calls: readonly PlannedCall[],
  answers: ReadonlyMap<string, HostAnswer>,
  finals: ReadonlyMap<string, HostAnswer>,
  connector: string,
  counter: string,
): { min: number; max: number } {
  let min = 0;
  let max = 0;
  let strict = false;
  for (const c of calls) {
    if (c.connector.key !== connector || c.effect.counter !== counter) continue;
    strict ||= !c.policy.idempotent || c.connector.vendorKey;
    const answer = finals.get(c.key);
    if (answer?.status === 200) {
      const repeat = answers.get(c.key) === null && c.policy.idempotent && !c.connector.vendorKey;
      min += c.effect.delta;
      max += c.effect.delta * (repeat ? 2 : 1);
    } else if (isUnknownOutcome(answer)) {
      max += c.effect.delta;
    }
  }
  return { min, max: strict ? max : Infinity };
}

export function isUnknownOutcome(answer: HostAnswer | undefined): boolean {
  const code = (answer?.body.error as { code?: string } | undefined)?.code;
  return answer?.status === 409 && code === 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN';
}

/** The vendor's definite refusal of the call (a 4xx it answered): nothing happened there. */
export function isVendorRefusal(answer: HostAnswer | undefined): boolean {
  const error = answer?.body.error as { kind?: string; vendor_status?: number } | undefined;
  const status = error?.vendor_status ?? 0;
  return error?.kind === 'permanent' && status >= 400 && status < 500;
}
