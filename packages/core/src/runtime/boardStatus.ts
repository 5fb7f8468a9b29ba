import type { HealthStatus } from '../contract/types';
import type { SyncState } from '../stores/syncStateStore';
import type { BreakerState } from './circuitBreaker';
import type { ProbeState } from './registeredConnector';

export interface BoardThresholds {
  /** A probe failing longer than this turns the status from degraded to error. */
  probeErrorAfterMs: number;
  /** This many failed calls in a row turn the status degraded. */
  degradedAfterFailures: number;
}

export const DEFAULT_BOARD_THRESHOLDS: BoardThresholds = {
  probeErrorAfterMs: 5 * 60_000,
  degradedAfterFailures: 3,
};

/** The worst breaker state among a connector's operations. */
export function worstBreakerState(states: Iterable<BreakerState>): BreakerState {
  let worst: BreakerState = 'closed';
  for (const s of states) {
    if (s === 'open') return 'open';
    if (s === 'half_open') worst = 'half_open';
  }
  return worst;
}

/**
 * Board status per (tenant, connector) by docs/architecture.md "Statuses": ok (probe ok,
 * breaker closed), degraded (probe failing, breaker half-open, or recent failures), error
 * (breaker open, or probe failing longer than the threshold). Rejected plugins are the host's.
 */
export function boardStatus(
  probe: ProbeState | null,
  breaker: BreakerState,
  sync: SyncState | undefined,
  now: number,
  thresholds: BoardThresholds = DEFAULT_BOARD_THRESHOLDS,
): HealthStatus {
  if (breaker === 'open') return 'error';
  if (probe && probe.status !== 'ok') {
    const failingFor = now - (probe.failingSince ?? probe.at);
    return failingFor > thresholds.probeErrorAfterMs ? 'error' : 'degraded';
  }
  if (breaker === 'half_open') return 'degraded';
  if (sync && sync.consecutive_failures >= thresholds.degradedAfterFailures) return 'degraded';
  return 'ok';
}
