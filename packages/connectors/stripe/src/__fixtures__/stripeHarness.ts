import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  GovernanceRuntime,
  RecordingLogger,
  VirtualClock,
  createMemoryStores,
  validateManifest,
  type CallResult,
  type ConnectorManifest,
  type GovernanceStores,
} from '@dealix/connector-core';
import {
  startStripeSimulator,
  type StripeSimulator,
  type StripeSimulatorOptions,
} from '@dealix/connector-testkit';
import { connector } from '../index';

export const PACKAGE_DIR = join(__dirname, '..', '..');
export const TENANT = 'acme';
/** Distinctive values, so the secret scan cannot miss them. */
export const API_KEY = 'sk_test_HARNESS0secret0key0a1b2c3d4e5f';
export const WEBHOOK_SECRET = 'whsec_HARNESS0signing0secret0f6e5d4c3b2a';
/** The principal that asks and the one that approves (never the same). */
export const AGENT = 'agent-bot';
export const APPROVER = 'finance-approver';

export interface StripeHarness {
  sim: StripeSimulator;
  runtime: GovernanceRuntime;
  stores: GovernanceStores;
  clock: VirtualClock;
  manifest: ConnectorManifest;
  /** Runs an operation as the agent; approval-required ones come back `approval_required`. */
  call(operation: string, input: unknown, idempotencyKey?: string): Promise<CallResult>;
  /** Runs an operation as the agent, with a grant from the approver where one is needed. */
  approved(operation: string, input: unknown, idempotencyKey?: string): Promise<CallResult>;
  /** Runs `fn`, expecting it to reject; returns the error, recorded for the secret scan. */
  rejection(fn: () => Promise<unknown>): Promise<Record<string, unknown>>;
  /** Every error, audit record and log line of the run, as text. */
  everythingVisible(): Promise<string>;
  stop(): Promise<void>;
}

export function loadManifest(overrides: Record<string, unknown> = {}): ConnectorManifest {
  const raw = JSON.parse(readFileSync(join(PACKAGE_DIR, 'connector.json'), 'utf8')) as object;
  const result = validateManifest({ ...raw, ...overrides }, { file: 'stripe/connector.json' });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.manifest;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** A Stripe simulator and a governance runtime with the connector registered for one tenant. */
export async function startStripeHarness(
  options: { manifest?: ConnectorManifest; simulator?: StripeSimulatorOptions } = {},
): Promise<StripeHarness> {
  const sim = await startStripeSimulator({
    apiKey: API_KEY,
    webhookSecret: WEBHOOK_SECRET,
    ...options.simulator,
  });
  const clock = new VirtualClock();
  const stores = createMemoryStores();
  const recorder = new RecordingLogger();
  const logLines = recorder.lines;
  const runtime = new GovernanceRuntime({ stores, clock, logger: recorder, backoffScale: 0.01 });
  const manifest = options.manifest ?? loadManifest();
  await runtime.register({
    tenant: TENANT,
    plugin: connector,
    manifest,
    version: packageVersion(),
    config: { api_key: API_KEY, webhook_secret: WEBHOOK_SECRET, base_url: sim.baseUrl },
    allowLoopback: true,
  });
  const seen: unknown[] = [];

  const call = (operation: string, input: unknown, idempotencyKey?: string) =>
    runtime.execute(TENANT, 'stripe', operation, {
      input,
      actor: AGENT,
      ...(idempotencyKey !== undefined && { idempotencyKey }),
    });

  return {
    sim,
    runtime,
    stores,
    clock,
    manifest,
    call,
    async approved(operation, input, idempotencyKey) {
      const first = await call(operation, input, idempotencyKey);
      if (first.status !== 'approval_required') return first;
      await runtime.approvals.grant(TENANT, first.approval_id, APPROVER);
      return runtime.execute(TENANT, 'stripe', operation, {
        input,
        actor: AGENT,
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
    async everythingVisible() {
      const audit = await stores.audit.list();
      const errors = seen.map(
        (error) => `${inspect(error, { depth: 10, showHidden: true })}\n${JSON.stringify(error)}`,
      );
      return [JSON.stringify(audit), ...logLines, ...errors].join('\n');
    },
    async stop() {
      await runtime.shutdown(1_000);
      await sim.stop();
    },
  };
}

/** The output of a call that must have run. */
export function outputOf<T = Record<string, unknown>>(result: CallResult): T {
  if (result.status !== 'ok') throw new Error(`expected status ok, got ${result.status}`);
  return result.output as T;
}

/** Secrets must not appear in anything a caller or operator sees. */
export async function expectNoSecrets(h: StripeHarness): Promise<void> {
  const visible = await h.everythingVisible();
  expect(visible).not.toContain(API_KEY);
  expect(visible).not.toContain(WEBHOOK_SECRET);
}

/**
 * A fresh harness per test, stopped after it; after every test no error, audit record or log
 * line may contain the API key or the webhook secret.
 */
export function useStripeHarness(
  options: Parameters<typeof startStripeHarness>[0] = {},
): () => StripeHarness {
  let current: StripeHarness | undefined;
  beforeEach(async () => {
    current = await startStripeHarness(options);
  });
  afterEach(async () => {
    await expectNoSecrets(current!);
    await current!.stop();
  });
  return () => current!;
}
