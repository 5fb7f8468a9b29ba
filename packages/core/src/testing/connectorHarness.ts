import { inspect } from 'node:util';
import type { ConnectorManifest } from '../manifest';
import { SECRET_CONFIG_FIELD_TYPES } from '../manifest/manifestVocabulary';
import { createMemoryStores, type MemoryStores } from '../stores/memory';
import type { GovernanceStores } from '../stores/stores';
import { VirtualClock } from '../runtime/clock';
import type { CallRequest, CallResult } from '../runtime/executePipeline';
import { GovernanceRuntime, type GovernanceRuntimeOptions } from '../runtime/governanceRuntime';
import type { ConnectorLimitSettings } from '../runtime/connectorLimits';
import { RecordingLogger } from '../runtime/recordingLogger';
import { loadConnectorManifest, readPackageVersion } from './connectorPackage';
import { jestHooks } from './jestHooks';

/**
 * A started simulator on 127.0.0.1 and the tenant config that reaches it: what a connector's
 * `startSimulator()` returns, for its behaviour tests and its conformance run alike.
 */
export interface SimulatorHandle<Sim> {
  simulator: Sim;
  /** The raw config a tenant would have, secrets included (the manifest's field names). */
  config: Record<string, unknown>;
  /** Stops the simulator; called more than once it must resolve again. */
  stop(): Promise<void>;
}

export interface ConnectorHarnessOptions<V> {
  /** The connector's exported `connector` (from src, not dist). */
  plugin: unknown;
  /**
   * The connector's package folder: its connector.json is the manifest and its package.json's
   * version the version, unless `manifest` or `version` is given.
   */
  packageDir?: string;
  /** Required without `packageDir`. */
  manifest?: ConnectorManifest;
  /** Reported on audit records; default the package's version with `packageDir`, else 0.0.0. */
  version?: string;
  /** Starts the vendor the connector talks to (a simulator); `vendor` on the harness. */
  startSimulator(): Promise<SimulatorHandle<V>>;
  /** Tenants registered with the vendor's config; default ["acme"]. The first is the default. */
  tenants?: readonly string[];
  /** Runtime options over the harness defaults (memory stores, a VirtualClock, a RecordingLogger). */
  runtime?: Partial<GovernanceRuntimeOptions>;
  /**
   * Wraps the memory stores the runtime writes to (a test that scripts store failures); the
   * harness's `stores` stay the unwrapped ones, so a test reads what was really stored.
   */
  wrapStores?: (stores: MemoryStores) => GovernanceStores;
  /** Loopback allowed besides allowed_hosts, as in sandbox mode; default true. */
  allowLoopback?: boolean;
  /** The tenants' egress list for host_pattern "${tenant}" fields (host config egress). */
  egress?: readonly string[];
  /** The tenants' own limits (host config limits), over the runtime's defaults. */
  limits?: ConnectorLimitSettings;
  /** The principal that asks (default "agent-bot") and the one that approves (default "approver"). */
  actor?: string;
  approver?: string;
}

export interface HarnessCallOptions {
  tenant?: string;
  idempotencyKey?: string;
  approvalId?: string;
  correlationId?: string;
  actor?: string;
}

/** A connector registered in a real GovernanceRuntime against its vendor, for behaviour tests. */
export interface ConnectorHarness<V> {
  readonly vendor: V;
  readonly runtime: GovernanceRuntime;
  readonly stores: MemoryStores;
  readonly clock: VirtualClock;
  readonly manifest: ConnectorManifest;
  /** The first tenant: the one calls go to unless they name another. */
  readonly tenant: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** Every log line of the runtime, as JSON text. */
  readonly logLines: string[];
  /** Errors recorded with caught() or rejection(): part of the secret scan. */
  readonly seen: unknown[];
  /** Runs an operation as the actor; approval-required ones come back `approval_required`. */
  call(
    operation: string,
    input: unknown,
    keyOrOptions?: string | HarnessCallOptions,
  ): Promise<CallResult>;
  /** Runs an operation as the actor, with a grant from the approver where one is needed. */
  approved(
    operation: string,
    input: unknown,
    keyOrOptions?: string | HarnessCallOptions,
  ): Promise<CallResult>;
  /** Runs `fn`, expecting it to reject; returns the error, recorded for the secret scan. */
  rejection(fn: () => Promise<unknown>): Promise<Record<string, unknown>>;
  /** Records an error a test caught itself, for the secret scan. */
  caught(error: unknown): unknown;
  /** Every error seen, audit record and log line of the run, as text. */
  everythingVisible(): Promise<string>;
  /** The config fields (and runtime-registered secrets) whose values appear in what is visible. */
  leakedSecrets(): Promise<string[]>;
  stop(): Promise<void>;
}

const asOptions = (keyOrOptions?: string | HarnessCallOptions): HarnessCallOptions =>
  typeof keyOrOptions === 'string' ? { idempotencyKey: keyOrOptions } : (keyOrOptions ?? {});

/**
 * Starts the vendor and a GovernanceRuntime (memory stores, VirtualClock, RecordingLogger,
 * `backoffScale` 0.01 unless the options say otherwise) with the connector registered for
 * each tenant. Manifest-suggested limits are not applied unless `runtime` asks for them.
 */
export async function startConnectorHarness<V>(
  options: ConnectorHarnessOptions<V>,
): Promise<ConnectorHarness<V>> {
  const manifest = harnessManifest(options);
  const version =
    options.version ??
    (options.packageDir === undefined ? '0.0.0' : readPackageVersion(options.packageDir));
  const started = await options.startSimulator();
  const clock = new VirtualClock();
  const stores = createMemoryStores();
  const recorder = new RecordingLogger();
  const registered = new Map<string, string>();
  const runtime = new GovernanceRuntime({
    stores: options.wrapStores ? options.wrapStores(stores) : stores,
    clock,
    logger: recorder,
    backoffScale: 0.01,
    ...options.runtime,
    // Tokens the connector acquires join the secret scan.
    onSecret: (value) => {
      registered.set(value, 'an access token');
      options.runtime?.onSecret?.(value);
    },
  });
  const key = manifest.connector_key;
  const tenants = options.tenants ?? ['acme'];
  for (const [field, spec] of Object.entries(manifest.config)) {
    const value = started.config[field];
    if (
      SECRET_CONFIG_FIELD_TYPES.includes(spec.type) &&
      typeof value === 'string' &&
      value !== ''
    ) {
      registered.set(value, `config field "${field}"`);
    }
  }
  try {
    for (const tenant of tenants) {
      await runtime.register({
        tenant,
        plugin: options.plugin,
        manifest,
        version,
        config: started.config,
        allowLoopback: options.allowLoopback ?? true,
        ...(options.egress !== undefined && { egress: options.egress }),
        ...(options.limits !== undefined && { limits: options.limits }),
      });
    }
  } catch (error) {
    await runtime.shutdown(1_000);
    await started.stop();
    throw error;
  }
  const actor = options.actor ?? 'agent-bot';
  const approver = options.approver ?? 'approver';
  const seen: unknown[] = [];
  const tenant = tenants[0]!;

  const call = (operation: string, input: unknown, keyOrOptions?: string | HarnessCallOptions) => {
    const o = asOptions(keyOrOptions);
    const req: CallRequest = {
      input,
      actor: o.actor ?? actor,
      ...(o.idempotencyKey !== undefined && { idempotencyKey: o.idempotencyKey }),
      ...(o.approvalId !== undefined && { approvalId: o.approvalId }),
      ...(o.correlationId !== undefined && { correlationId: o.correlationId }),
    };
    return runtime.execute(o.tenant ?? tenant, key, operation, req);
  };
  const everythingVisible = async () => {
    const audit = await stores.audit.list();
    const errors = seen.map(
      (error) => `${inspect(error, { depth: 10, showHidden: true })}\n${JSON.stringify(error)}`,
    );
    return [JSON.stringify(audit), ...recorder.lines, ...errors].join('\n');
  };

  return {
    vendor: started.simulator,
    runtime,
    stores,
    clock,
    manifest,
    tenant,
    config: started.config,
    logLines: recorder.lines,
    seen,
    call,
    async approved(operation, input, keyOrOptions) {
      const first = await call(operation, input, keyOrOptions);
      if (first.status !== 'approval_required') return first;
      const o = asOptions(keyOrOptions);
      await runtime.approvals.grant(o.tenant ?? tenant, first.approval_id, approver);
      // The repeat runs under the key the request ran under (echoed when one was made for it):
      // the grant is bound to it.
      const idempotencyKey = o.idempotencyKey ?? first.idempotency_key ?? undefined;
      return call(operation, input, {
        ...o,
        approvalId: first.approval_id,
        ...(idempotencyKey !== undefined && { idempotencyKey }),
      });
    },
    async rejection(fn) {
      try {
        await fn();
      } catch (error) {
        seen.push(error);
        return error as Record<string, unknown>;
      }
      throw new Error('expected the call to fail');
    },
    caught(error) {
      seen.push(error);
      return error;
    },
    everythingVisible,
    async leakedSecrets() {
      const visible = await everythingVisible();
      return [...registered].filter(([value]) => visible.includes(value)).map(([, where]) => where);
    },
    async stop() {
      await runtime.shutdown(1_000);
      await started.stop();
    },
  };
}

function harnessManifest(options: ConnectorHarnessOptions<unknown>): ConnectorManifest {
  if (options.manifest !== undefined) return options.manifest;
  if (options.packageDir === undefined) {
    throw new Error('the connector harness needs a manifest or the packageDir holding one');
  }
  return loadConnectorManifest(options.packageDir);
}

/**
 * A fresh harness per test (jest beforeEach), stopped after it (afterEach); after every test no
 * error seen, audit record or log line may contain a secret config value. Options may be a
 * function, evaluated per test.
 */
export function useConnectorHarness<V>(
  options: ConnectorHarnessOptions<V> | (() => ConnectorHarnessOptions<V>),
): () => ConnectorHarness<V> {
  const hooks = jestHooks('useConnectorHarness');
  let current: ConnectorHarness<V> | undefined;
  hooks.beforeEach(async () => {
    current = await startConnectorHarness(typeof options === 'function' ? options() : options);
  });
  hooks.afterEach(async () => {
    const harness = current;
    current = undefined;
    if (harness === undefined) return;
    const leaked = await harness.leakedSecrets();
    await harness.stop();
    if (leaked.length > 0) {
      throw new Error(
        `secret values appear in errors, audit records or logs: ${leaked.join(', ')}`,
      );
    }
  });
  return () => {
    if (current === undefined) throw new Error('the harness exists only inside a test');
    return current;
  };
}

/** The output of a call that must have run (status ok). */
export function outputOf<T = Record<string, unknown>>(result: CallResult): T {
  if (result.status !== 'ok') throw new Error(`expected status ok, got ${result.status}`);
  return result.output as T;
}
