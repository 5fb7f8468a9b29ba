import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import type { Clock, ConnectorLogger, InboundWebhook } from '../contract/types';
import { DlxError } from '../errors/dlxError';
import type { DataKeyring } from '../protection/dataKeyring';
import { DataProtection } from '../protection/dataProtection';
import type { OutboxEvent } from '../stores/eventOutboxStore';
import type { LeaseHolder, OrphanedLeases } from '../stores/idempotencyStore';
import type { GovernanceStores } from '../stores/stores';
import { ConnectorMetrics } from '../metrics/connectorMetrics';
import { ApprovalGate, type ApprovalSettings } from './approvalGate';
import { planCompensation } from './compensationCall';
import { auditApprovals } from './approvalAudit';
import { AuditRecorder } from './auditRecorder';
import { DEFAULT_BOARD_THRESHOLDS, type BoardThresholds } from './boardStatus';
import { DEFAULT_BREAKER_SETTINGS, type BreakerSettings } from './circuitBreaker';
import { timeScale, type TimeScales } from './callTiming';
import { systemClock } from './clock';
import { instanceContext, type PublicBaseUrl } from './connectorKit';
import type { ConnectorLimitSettings } from './connectorLimits';
import {
  executePipeline,
  resultPlace,
  type CallRequest,
  type CallResult,
  type PipelineDeps,
} from './executePipeline';
import { probeConnector, boardRows, type BoardRow } from './healthBoard';
import { IdempotencyGate } from './idempotencyGate';
import { InFlightCalls } from './inFlightCalls';
import { registerConnector, type RegisterRequest } from './registerConnector';
import { instanceKey, type ProbeState, type RegisteredConnector } from './registeredConnector';
import { UnknownOutcomeDesk, type OperationLookup } from './unknownOutcomeDesk';
import { outboxPlace, receiveWebhook, type WebhookReceipt } from './webhookReceiver';
import { activeTracer } from '../tracing/activeTracer';
import { traceCall } from '../tracing/tracedCall';
import { traceWebhook } from '../tracing/webhookTrace';

export interface GovernanceRuntimeOptions {
  stores: GovernanceStores;
  /** The host exposes this registry at /metrics. */
  metricsRegistry?: Registry;
  clock?: Clock;
  logger?: ConnectorLogger;
  /** Multiplies every manifest backoff; tests use a small value. Default 1. */
  backoffScale?: number;
  /**
   * Multiplies every manifest timeout_ms and deadline_ms (and the unwind grace of a timed-out
   * attempt), so timeout and deadline paths run in milliseconds in tests. Default 1.
   */
  timeoutScale?: number;
  /** Cap on a vendor-requested wait. Default 60 s. */
  maxVendorWaitMs?: number;
  /** How long settled idempotency records are kept. Default 24 h. Unknown outcomes stay. */
  idempotencyTtlMs?: number;
  /** How long outbox events are kept for consumers. Default 7 days. */
  outboxRetentionMs?: number;
  /**
   * How long a vendor object's link to the call that created it is kept (a webhook event about
   * it carries that call's correlation id). Default 30 days.
   */
  callLinkRetentionMs?: number;
  /**
   * Added to a call's deadline to form its idempotency lease: how long after a holder died
   * (no clean stop) other hosts wait before its key turns outcome_unknown. Default 30 s.
   */
  leaseMarginMs?: number;
  /**
   * false: every attempt runs layered (the trace's attempt span, the limiter's run, opossum's
   * fire, the attempt timeout), never the direct path taken when nothing is going on. Both
   * behave alike; tests run the same scenarios both ways to prove it. Default true.
   */
  directAttempts?: boolean;
  /**
   * This process as its idempotency leases name it: a stable host_id (the host's config, or a
   * file beside its database) and a boot_id new at every start. Default: both random.
   */
  leaseHolder?: LeaseHolder;
  /**
   * DLX_DATA_KEYS: seals stored results, approval previews and outbox events of restricted
   * operations and connectors (AES-256-GCM). Without it a restricted connector does not register.
   */
  dataKeys?: DataKeyring;
  approvals?: Partial<ApprovalSettings>;
  breaker?: Partial<BreakerSettings>;
  board?: Partial<BoardThresholds>;
  /** Bounded wait for a plugin's initialize(). Default 10 s. */
  initializeTimeoutMs?: number;
  /** Timeout of a health probe. Default 5 s. */
  probeTimeoutMs?: number;
  /**
   * Default limits per (tenant, connector), held per attempt: concurrency, rate and queue.
   * `http` is the older name of the same setting (no maxQueue).
   */
  limits?: ConnectorLimitSettings;
  http?: { maxConcurrency?: number; maxRequestsPerSecond?: number };
  /** Apply each manifest's suggested_limits below a tenant's own limits (the host does). */
  applySuggestedLimits?: boolean;
  /** Told of every secret a connector acquires at run time (access tokens): scrub logs of it. */
  onSecret?: (value: string) => void;
  /** The URL vendors reach this host at (public_base_url); see setPublicBaseUrl. */
  publicBaseUrl?: string;
}

export interface CompensateRequest extends CallRequest {
  /** The original call's input; with its idempotency key it finds the completed call. */
  input: unknown;
}

const silentLogger: ConnectorLogger = { debug() {}, info() {}, warn() {}, error() {} };

const DAY_MS = 24 * 3_600_000;

/**
 * The governance runtime: one initialized plugin instance per (tenant, connector), every call
 * through the pipeline, approvals, probes, the board, webhooks and an orderly shutdown.
 */
export class GovernanceRuntime {
  readonly metrics: ConnectorMetrics;
  readonly approvals: ApprovalGate;
  readonly unknownOutcomes: UnknownOutcomeDesk;
  readonly clock: Clock;
  readonly leaseHolder: LeaseHolder;
  /** Restricted data at rest: sealed with DLX_DATA_KEYS before it reaches a store. */
  readonly protection: DataProtection;
  /** Every instance, in registration order (the board's rows, shutdown). */
  private readonly connectors = new Map<string, RegisteredConnector>();
  /** The same instances by tenant, then connector, for every lookup: builds no joined key. */
  private readonly byTenant = new Map<string, Map<string, RegisteredConnector>>();
  private readonly audit: AuditRecorder;
  private readonly pipeline: PipelineDeps;
  private readonly scales: TimeScales;
  private readonly board: BoardThresholds;
  /** Calls under way; shutdown waits until none are. */
  private readonly inFlight = new InFlightCalls();
  private readonly publicBaseUrl: PublicBaseUrl;

  constructor(private readonly options: GovernanceRuntimeOptions) {
    this.clock = options.clock ?? systemClock;
    this.protection = new DataProtection(options.dataKeys);
    this.publicBaseUrl = { value: options.publicBaseUrl };
    this.metrics = new ConnectorMetrics(options.metricsRegistry ?? new Registry());
    this.audit = new AuditRecorder(options.stores.audit, this.clock, options.stores.crossStore);
    this.approvals = new ApprovalGate(
      options.stores.approvals,
      this.clock,
      { requestTtlMs: 24 * 3_600_000, grantTtlMs: 3_600_000, ...options.approvals },
      auditApprovals(
        this.audit,
        (tenant, connector) => this.find(tenant, connector)?.version ?? 'unknown',
      ),
      this.protection,
    );
    this.leaseHolder = options.leaseHolder ?? { host_id: randomUUID(), boot_id: randomUUID() };
    const ttlMs = options.idempotencyTtlMs ?? 24 * 3_600_000;
    this.unknownOutcomes = new UnknownOutcomeDesk(
      options.stores.idempotency,
      this.clock,
      this.audit,
      this.operationLookup,
      {
        ttlMs,
        protect: (value, policy, record) =>
          this.protection.seal(
            value,
            policy.data_classification,
            resultPlace(
              { tenant: record.scope.tenant, key: record.scope.connector },
              record.scope.operation,
              record.key,
            ),
          ),
      },
    );
    this.scales = {
      backoffScale: timeScale('backoffScale', options.backoffScale),
      timeoutScale: timeScale('timeoutScale', options.timeoutScale),
    };
    this.pipeline = {
      clock: this.clock,
      audit: this.audit,
      idempotency: new IdempotencyGate(options.stores.idempotency, this.clock, {
        ttlMs,
        pollMs: 50,
        holder: this.leaseHolder,
      }),
      approvals: this.approvals,
      syncState: options.stores.syncState,
      maxVendorWaitMs: options.maxVendorWaitMs ?? 60_000,
      leaseMarginMs: leaseMargin(options.leaseMarginMs),
      protection: this.protection,
      directAttempts: options.directAttempts ?? true,
    };
    this.board = { ...DEFAULT_BOARD_THRESHOLDS, ...options.board };
  }

  /** Validates and initializes a plugin for a tenant (bounded wait) and makes it callable. */
  async register(req: RegisterRequest): Promise<RegisteredConnector> {
    const rc = await registerConnector(req, {
      clock: this.clock,
      log: this.options.logger ?? silentLogger,
      metrics: this.metrics,
      breaker: { ...DEFAULT_BREAKER_SETTINGS, ...this.options.breaker },
      scales: this.scales,
      initializeTimeoutMs: this.options.initializeTimeoutMs ?? 10_000,
      dataKeysAvailable: this.protection.available,
      limits: { ...this.options.http, ...this.options.limits },
      applySuggestedLimits: this.options.applySuggestedLimits ?? false,
      kit: {
        callLinks: this.options.stores.callLinks,
        timeoutScale: this.scales.timeoutScale,
        publicBaseUrl: this.publicBaseUrl,
        registry: this.metrics.registry,
        ...(this.options.onSecret && { onSecret: this.options.onSecret }),
      },
    });
    this.connectors.set(instanceKey(rc.tenant, rc.key), rc);
    let ofTenant = this.byTenant.get(rc.tenant);
    if (ofTenant === undefined) this.byTenant.set(rc.tenant, (ofTenant = new Map()));
    ofTenant.set(rc.key, rc);
    return rc;
  }

  /**
   * Sets the URL vendors reach this host at, once it is known (a host listening on an
   * ephemeral port learns its port only after listen); every instance's ctx.webhookUrl() uses it.
   */
  setPublicBaseUrl(url: string): void {
    this.publicBaseUrl.value = url;
  }

  registered(tenant?: string): RegisteredConnector[] {
    if (tenant === undefined) return [...this.connectors.values()];
    // A tenant's own, in their registration order as well.
    return [...(this.byTenant.get(tenant)?.values() ?? [])];
  }

  get(tenant: string, connector: string): RegisteredConnector {
    const rc = this.find(tenant, connector);
    if (!rc) {
      throw new DlxError(
        'DLX_E_RUNTIME_UNKNOWN_CONNECTOR',
        `connector "${connector}" is not registered for tenant "${tenant}"`,
        { details: { tenant, connector } },
      );
    }
    return rc;
  }

  /** Runs one operation through the whole governance pipeline. */
  execute(
    tenant: string,
    connector: string,
    operation: string,
    req: CallRequest,
  ): Promise<CallResult> {
    // track's work written out (no closure per call): refused once shutting down, a synchronous
    // throw (an unknown connector) arrives as a rejection, and the call counts until it ends.
    const refusal = this.inFlight.refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    let running: Promise<CallResult>;
    try {
      running = this.startExecute(tenant, connector, operation, req);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.inFlight.counted(running);
  }

  private startExecute(
    tenant: string,
    connector: string,
    operation: string,
    req: CallRequest,
  ): Promise<CallResult> {
    const rc = this.get(tenant, connector);
    const op = this.operation(rc, operation);
    // Tracing off (no tracer provider registered): the pipeline alone, nothing built for a
    // span. This is the hot path the governance benchmark holds to 1 µs over no tracing.
    if (activeTracer() === undefined) return executePipeline(rc, op, req, this.pipeline);
    const call = { tenant, connector, version: rc.version, operation, kind: 'execute' } as const;
    return traceCall(call, req, (trace, traced) =>
      executePipeline(rc, op, traced, this.pipeline, trace),
    );
  }

  /**
   * Undoes a completed write: finds it by its idempotency key (or payload digest), builds the
   * compensating call from its input and stored output, and runs that through the pipeline
   * with a derived key, so a repeated compensation reverses once.
   */
  compensate(
    tenant: string,
    connector: string,
    operation: string,
    req: CompensateRequest,
  ): Promise<CallResult> {
    return this.inFlight.track(() => {
      const rc = this.get(tenant, connector);
      const op = this.operation(rc, operation);
      const call = {
        tenant,
        connector,
        version: rc.version,
        operation,
        kind: 'compensate',
      } as const;
      return traceCall(call, req, async (trace, traced, rename) => {
        const plan = await planCompensation(
          rc,
          op,
          traced,
          this.options.stores.idempotency,
          this.clock.now(),
          (stored) =>
            this.protection.open(stored, resultPlace(rc, op.name, req.idempotencyKey ?? '')),
        );
        rename(plan.operation);
        return executePipeline(
          rc,
          this.operation(rc, plan.operation),
          { ...traced, input: plan.input, idempotencyKey: plan.idempotencyKey },
          this.pipeline,
          trace,
          true,
        );
      });
    });
  }

  /**
   * At start: this host's leases from an earlier boot become unknown outcomes at once (their
   * process is gone), so a retry of an interrupted key need not wait for the lease to lapse;
   * those whose calls were still queued (never sent) are released.
   */
  recoverOrphanedLeases(): Promise<OrphanedLeases> {
    return this.options.stores.idempotency.convertOrphanedLeases(
      this.leaseHolder,
      this.clock.now(),
    );
  }

  /**
   * Deletes settled idempotency records past their retention (never an unresolved one), outbox
   * events and call links past theirs. The host runs it on a timer.
   */
  async prune(): Promise<{ idempotency: number; outbox: number; callLinks: number }> {
    const now = this.clock.now();
    const before = (retentionMs: number) => new Date(now - retentionMs).toISOString();
    const { stores } = this.options;
    return {
      idempotency: await stores.idempotency.pruneExpired(now),
      outbox: await stores.outbox.prune(before(this.options.outboxRetentionMs ?? 7 * DAY_MS)),
      callLinks: await stores.callLinks.prune(
        before(this.options.callLinkRetentionMs ?? 30 * DAY_MS),
      ),
    };
  }

  async probe(tenant: string, connector: string): Promise<ProbeState> {
    return probeConnector(
      this.get(tenant, connector),
      this.clock,
      this.options.probeTimeoutMs ?? 5_000,
      this.options.stores.syncState,
    );
  }

  async probeAll(): Promise<void> {
    await Promise.all(this.registered().map((rc) => this.probe(rc.tenant, rc.key)));
  }

  /**
   * Board rows of registered connectors (all tenants, or one). `connector_health` is the host's
   * to compute (it also knows the configured connectors whose plugin was rejected) and to set
   * with `metrics.setHealth`.
   */
  async boardFor(tenant?: string): Promise<BoardRow[]> {
    // connector_unknown_outcomes is set on each read: the board and /metrics both come here.
    const unknown = await this.options.stores.idempotency.countUnresolvedUnknownOutcomes(
      this.clock.now(),
    );
    this.metrics.setUnknownOutcomes(unknown);
    return boardRows(
      this.registered(tenant),
      this.options.stores.syncState,
      this.clock.now(),
      this.board,
      new Map(unknown.map((u) => [instanceKey(u.tenant, u.connector), u.count])),
    );
  }

  receiveWebhook(tenant: string, connector: string, req: InboundWebhook): Promise<WebhookReceipt> {
    return this.inFlight.track(() => {
      const rc = this.get(tenant, connector);
      return traceWebhook(rc, () =>
        receiveWebhook(rc, req, {
          clock: this.clock,
          audit: this.audit,
          outbox: this.options.stores.outbox,
          metrics: this.metrics,
          protection: this.protection,
        }),
      );
    });
  }

  /**
   * A tenant's outbox events after the opaque cursor `after` (undefined: from the oldest kept),
   * restricted ones opened for the consumer.
   */
  async events(tenant: string, after: string | undefined, limit: number): Promise<OutboxEvent[]> {
    const events = await this.options.stores.outbox.list(tenant, after, limit);
    return events.map((event) => {
      const payload = this.protection.open(event.payload, outboxPlace(event));
      return payload === event.payload ? event : { ...event, payload };
    });
  }

  /**
   * The first step of a stop, also taken alone by a host before it drains its HTTP server: new
   * calls are refused, and calls still waiting for a slot fail at once with
   * DLX_E_RUNTIME_SHUTTING_DOWN (nothing sent, key released), so they answer 503 now instead of
   * waiting out the drain. Returns how many were waiting.
   */
  stopAccepting(): number {
    this.inFlight.stopAccepting();
    let waiting = 0;
    for (const rc of this.connectors.values()) waiting += rc.kit.stopWaiting();
    return waiting;
  }

  /** Stops accepting calls, waits for in-flight ones (bounded), then shuts every plugin down. */
  async shutdown(drainMs = 10_000): Promise<{ drained: boolean }> {
    this.stopAccepting();
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      this.inFlight.whenIdle().then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), drainMs))),
    ]);
    clearTimeout(timer);
    for (const rc of this.connectors.values()) {
      rc.operations.shutdown();
      const signal = AbortSignal.timeout(5_000);
      await rc.plugin
        .shutdown(instanceContext(rc, signal, this.clock))
        .catch((error: unknown) =>
          rc.log.error({ connector: rc.key, error: String(error) }, 'shutdown failed'),
        );
    }
    return { drained };
  }

  /** Finds an operation's output schema and policy for a resolution (the tenant's own first). */
  private readonly operationLookup: OperationLookup = (tenant, connector, operation) => {
    const rc = this.find(tenant, connector) ?? this.registered().find((c) => c.key === connector);
    const op = rc?.operations.get(operation);
    return op && rc ? { def: op.def, policy: op.policy, version: rc.version } : undefined;
  };

  /** The instance of (tenant, connector), if registered. */
  private find(tenant: string, connector: string): RegisteredConnector | undefined {
    return this.byTenant.get(tenant)?.get(connector);
  }

  private operation(rc: RegisteredConnector, name: string) {
    const op = rc.operations.get(name);
    if (!op) {
      throw new DlxError(
        'DLX_E_RUNTIME_UNKNOWN_OPERATION',
        `connector "${rc.key}" has no operation "${name}"; it has ${[...rc.operations.keys()].join(', ')}`,
        { details: { connector: rc.key, operation: name } },
      );
    }
    return op;
  }
}

function leaseMargin(value: number | undefined): number {
  if (value === undefined) return 30_000;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`leaseMarginMs must be a whole number of milliseconds >= 0, got ${value}`);
  }
  return value;
}
