import type { Clock, HealthResult } from '../contract/types';
import { scrubSecrets } from '../secrets';
import type { SyncStateStore } from '../stores/syncStateStore';
import { boardStatus, worstBreakerState, type BoardThresholds } from './boardStatus';
import type { BreakerState } from './circuitBreaker';
import { instanceContext } from './connectorKit';
import { instanceKey, type ProbeState, type RegisteredConnector } from './registeredConnector';
import { attemptToken, runWithTokenRefresh } from './tokenRefresh';

/** One row of the standard's governance board, plus our governance columns. */
export interface BoardRow {
  tenant: string;
  connector_key: string;
  display_name: string;
  display_name_ar: string;
  status: 'ok' | 'degraded' | 'error';
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_error: { code: string; message: string; at: string } | null;
  registered: boolean;
  version: string;
  breaker_state: BreakerState;
  approval_policy: string;
  data_classification: string;
  probe: { status: string; detail: string | null; at: string } | null;
  /** Unresolved unknown outcomes of this (tenant, connector): calls waiting for a person. */
  unknown_outcomes: number;
}

/** Runs the connector's health probe with a short timeout; a throw is a failing probe. */
export async function probeConnector(
  rc: RegisteredConnector,
  clock: Clock,
  timeoutMs: number,
  syncState: SyncStateStore,
): Promise<ProbeState> {
  const signal = AbortSignal.timeout(timeoutMs);
  // As in an attempt: a probe that throws an auth error after using ctx.token() drops that
  // token and runs once more with a fresh one, so an expired session does not fail the probe.
  const tokens = {};
  const ctx = {
    ...instanceContext(rc, signal, clock),
    token: attemptToken(tokens, rc.kit, () => signal),
  };
  let result: HealthResult;
  try {
    result = await Promise.race([
      runWithTokenRefresh(rc.kit, tokens, () => rc.plugin.healthCheck(ctx)),
      new Promise<never>((_, reject) =>
        signal.addEventListener(
          'abort',
          () => reject(new Error(`health probe timed out after ${timeoutMs} ms`)),
          { once: true },
        ),
      ),
    ]);
  } catch (error) {
    result = {
      status: 'error',
      detail: scrubSecrets(error instanceof Error ? error.message : String(error), rc.secrets),
    };
  }
  const now = clock.now();
  const failingSince = result.status === 'ok' ? null : (rc.probe?.failingSince ?? now);
  rc.probe = { ...result, at: now, failingSince };
  await syncState.update(rc.tenant, rc.key, { kind: 'status', status: result.status });
  return rc.probe;
}

export async function boardRows(
  connectors: readonly RegisteredConnector[],
  syncState: SyncStateStore,
  now: number,
  thresholds: BoardThresholds,
  /** Unresolved unknown outcomes by instanceKey(tenant, connector). */
  unknownOutcomes: ReadonlyMap<string, number> = new Map(),
): Promise<BoardRow[]> {
  const rows: BoardRow[] = [];
  for (const rc of connectors) {
    const sync = await syncState.get(rc.tenant, rc.key);
    const breaker = worstBreakerState(rc.operations.breakerStates());
    rows.push({
      tenant: rc.tenant,
      connector_key: rc.key,
      display_name: rc.manifest.display_name,
      display_name_ar: rc.manifest.display_name_ar,
      status: boardStatus(rc.probe, breaker, sync, now, thresholds),
      last_success_at: sync?.last_success_at ?? null,
      last_attempt_at: sync?.last_attempt_at ?? null,
      last_error: sync?.last_error ?? null,
      registered: true,
      version: rc.version,
      breaker_state: breaker,
      approval_policy: rc.manifest.approval_policy,
      data_classification: rc.manifest.data_classification,
      probe: rc.probe && {
        status: rc.probe.status,
        detail: rc.probe.detail ?? null,
        at: new Date(rc.probe.at).toISOString(),
      },
      unknown_outcomes: unknownOutcomes.get(instanceKey(rc.tenant, rc.key)) ?? 0,
    });
  }
  return rows;
}
