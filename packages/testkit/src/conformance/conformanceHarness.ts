import { randomUUID } from 'node:crypto';
import {
  DataKeyring,
  GovernanceRuntime,
  VirtualClock,
  createMemoryStores,
  isDlxError,
  type CallResult,
  type ConnectorLogger,
  type ConnectorManifest,
  type MemoryStores,
} from '@dealix/connector-core';
import type { SimulatorHandle } from './conformanceOptions';
import type { ConformanceSession } from './conformanceSession';

export const CONFORMANCE_TENANT = 'conformance';
/**
 * The public base URL of the suite's runtime: ctx.webhookUrl() works (a connector that tells the
 * vendor where to call back, such as Twilio's StatusCallback), and webhook checks sign it.
 */
export const CONFORMANCE_PUBLIC_BASE_URL = 'https://conformance.dealix.invalid';
/** Requests calls; the approver is a second principal, as the approval rules require. */
export const OPERATOR = 'conformance-operator';
export const APPROVER = 'conformance-approver';

export type OkResult = Extract<CallResult, { status: 'ok' }>;
export type Attempt = { ok: true; result: OkResult } | { ok: false; error: unknown };

/** A started simulator and a real runtime with the connector registered against it. */
export interface Harness<Sim> {
  readonly sim: Sim;
  readonly handle: SimulatorHandle<Sim>;
  readonly runtime: GovernanceRuntime;
  readonly stores: MemoryStores;
  readonly manifest: ConnectorManifest;
  readonly key: string;
  readonly clock: VirtualClock;
  /** Registers the connector for a tenant (with allowLoopback, as sandbox mode does). */
  register(config: Record<string, unknown>, tenant?: string): Promise<void>;
  /** Executes an operation; an approval request is granted by a second principal and repeated. */
  attempt(operation: string, input: unknown, options?: CallOptions): Promise<Attempt>;
  /** Like attempt(), but throws the error of a failed call. */
  call(operation: string, input: unknown, options?: CallOptions): Promise<OkResult>;
  compensate(operation: string, input: unknown, idempotencyKey: string): Promise<Attempt>;
  /** The sample input of an operation, prepared against this simulator when it says so. */
  sampleInput(operation: string): Promise<unknown>;
  requests(): number;
  counter(name: string): number;
}

export interface CallOptions {
  tenant?: string;
  idempotencyKey?: string;
  /** Names the situation in findings ("permanent fault"). */
  note?: string;
}

/** `CODE: message` of an error, for problem texts. */
export function describeError(error: unknown): string {
  if (isDlxError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** A fresh idempotency key: every call of the suite is a new call to the vendor. */
export function freshKey(): string {
  return `conformance-${randomUUID()}`;
}

/**
 * Runs `body` against a fresh simulator and runtime (memory stores, virtual clock, a logger
 * that records every line), then records the audit log for the secret scan and stops both.
 */
export async function withHarness<Sim, T>(
  session: ConformanceSession<Sim>,
  label: string,
  body: (h: Harness<Sim>) => Promise<T>,
  options: {
    register?: boolean;
    /** Shrinks the manifest's timeouts and deadlines (the timeout checks run in milliseconds). */
    timeoutScale?: number;
    backoffScale?: number;
  } = {},
): Promise<T> {
  const load = session.manifest();
  if (!load.ok) throw new Error(load.problems.join('; '));
  const manifest = load.manifest;
  const { options: conf } = session;
  const handle = await conf.startSimulator();
  session.rememberSecrets(manifest, handle.config);
  const stores = createMemoryStores();
  const clock = new VirtualClock();
  const runtime = new GovernanceRuntime({
    stores,
    clock,
    logger: capturingLogger(session, label),
    // A key of the run's own, as sandbox mode generates one: a connector handling restricted
    // data registers only where its results can be sealed.
    dataKeys: DataKeyring.generate('conformance'),
    publicBaseUrl: CONFORMANCE_PUBLIC_BASE_URL,
    ...(options.timeoutScale !== undefined && { timeoutScale: options.timeoutScale }),
    ...(options.backoffScale !== undefined && { backoffScale: options.backoffScale }),
  });
  const key = manifest.connector_key;
  const sim = handle.simulator;

  const withApproval = async (
    tenant: string,
    run: (approvalId?: string) => Promise<CallResult>,
  ): Promise<OkResult> => {
    let result = await run();
    if (result.status === 'approval_required') {
      await runtime.approvals.grant(tenant, result.approval_id, APPROVER);
      result = await run(result.approval_id);
    }
    if (result.status !== 'ok') throw new Error('the call still asks for approval after a grant');
    return result;
  };
  const observed = async (where: string, run: () => Promise<OkResult>): Promise<Attempt> => {
    try {
      const result = await run();
      session.observeValue(`the result of ${where}`, result);
      return { ok: true, result };
    } catch (error) {
      session.observeError(`an error of ${where}`, error);
      return { ok: false, error };
    }
  };

  const h: Harness<Sim> = {
    sim,
    handle,
    runtime,
    stores,
    manifest,
    key,
    clock,
    async register(config, tenant = CONFORMANCE_TENANT) {
      session.rememberSecrets(manifest, config, tenant === CONFORMANCE_TENANT ? undefined : tenant);
      try {
        await runtime.register({
          tenant,
          plugin: conf.plugin,
          manifest,
          version: session.version,
          config,
          allowLoopback: true,
        });
      } catch (error) {
        session.observeError(`registering the connector (${label})`, error);
        throw error;
      }
    },
    attempt(operation, input, options = {}) {
      const tenant = options.tenant ?? CONFORMANCE_TENANT;
      const idempotencyKey = options.idempotencyKey ?? freshKey();
      const context = [label, options.note, options.tenant && `tenant "${options.tenant}"`];
      return observed(`${operation} (${context.filter(Boolean).join(', ')})`, () =>
        withApproval(tenant, (approvalId) =>
          runtime.execute(tenant, key, operation, {
            input,
            actor: OPERATOR,
            idempotencyKey,
            ...(approvalId !== undefined && { approvalId }),
          }),
        ),
      );
    },
    async call(operation, input, options) {
      const outcome = await h.attempt(operation, input, options);
      if (!outcome.ok) throw outcome.error;
      return outcome.result;
    },
    compensate(operation, input, idempotencyKey) {
      return observed(`compensating ${operation} (${label})`, () =>
        withApproval(CONFORMANCE_TENANT, (approvalId) =>
          runtime.compensate(CONFORMANCE_TENANT, key, operation, {
            input,
            actor: OPERATOR,
            idempotencyKey,
            ...(approvalId !== undefined && { approvalId }),
          }),
        ),
      );
    },
    async sampleInput(operation) {
      const sample = conf.samples[operation];
      if (sample === undefined) throw new Error(`no sample for operation "${operation}"`);
      return 'prepare' in sample ? await sample.prepare(sim) : sample.input;
    },
    requests: () => conf.requestCount(sim),
    counter: (name) => conf.counter(sim, name),
  };

  try {
    if (options.register !== false) await h.register(handle.config);
    return await body(h);
  } finally {
    for (const record of await stores.audit.list()) {
      session.observeValue(`audit record #${record.seq} "${record.event}" (${label})`, record);
    }
    await runtime.shutdown(1_000);
    await handle.stop();
  }
}

function capturingLogger<Sim>(session: ConformanceSession<Sim>, label: string): ConnectorLogger {
  const line =
    (level: string) =>
    (obj: Record<string, unknown>, msg?: string): void =>
      session.observeValue(`a ${level} log line (${label})`, { level, msg, ...obj });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
