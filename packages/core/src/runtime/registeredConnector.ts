import type { IdempotencyScope } from '../stores/idempotencyStore';
import type { AnyOperation, ConnectorPlugin } from '../contract/defineConnector';
import type { ConnectorLogger, HealthResult } from '../contract/types';
import type { GovernedHttpClient } from '../http';
import type { ConnectorManifest, OperationPolicy } from '../manifest';
import type { OperationMetrics } from '../metrics/connectorMetrics';
import type { CallTiming } from './callTiming';
import type { OperationBreaker } from './circuitBreaker';
import type { ConnectorKit } from './connectorKit';
import type { OperationRuntimes } from './operationRuntime';

export interface OperationRuntime {
  readonly name: string;
  readonly def: AnyOperation;
  readonly policy: OperationPolicy;
  /** The policy's time bounds with the runtime's scales: computed once, on first use. */
  readonly timing: CallTiming;
  readonly breaker: OperationBreaker;
  readonly metrics: OperationMetrics;
  /** "stripe.create_payment_intent", for messages; made once rather than per call. */
  readonly where: string;
  /** The idempotency scope of its calls (frozen: shared by every call). */
  readonly scope: IdempotencyScope;
}

export interface ProbeState extends HealthResult {
  at: number;
  /** When the probe started failing (for "failing longer than a threshold"). */
  failingSince: number | null;
}

/** One initialized plugin instance for one tenant. */
export interface RegisteredConnector {
  readonly tenant: string;
  readonly key: string;
  readonly version: string;
  readonly manifest: ConnectorManifest;
  readonly plugin: ConnectorPlugin;
  readonly config: unknown;
  readonly state: unknown;
  readonly secrets: readonly string[];
  readonly http: GovernedHttpClient;
  readonly log: ConnectorLogger;
  /** Each operation's runtime, built on its first use (see OperationRuntimes). */
  readonly operations: OperationRuntimes;
  /** The kit's services of this instance (call links, tokens, limits, metrics...). */
  readonly kit: ConnectorKit;
  probe: ProbeState | null;
}

/**
 * The key of one (tenant, connector) instance in a flat map: the runtime's registration-ordered
 * instances and the board's unresolved unknown-outcome counts.
 */
export function instanceKey(tenant: string, connector: string): string {
  return `${tenant}\u0000${connector}`;
}
