import { z } from 'zod';
import type { OperationContext } from '../contract/types';
import { defineConnector, defineOperation } from '../contract/defineConnector';
import { DlxError, isDlxError } from '../errors/dlxError';
import { validateManifest } from '../manifest';
import { createMemoryStores } from '../stores/memory';
import { OperationBreaker } from './circuitBreaker';
import { VirtualClock } from './clock';
import { GovernanceRuntime } from './governanceRuntime';

// The same scenarios through both ways an attempt runs (callAttempts.ts): directly (breaker
// closed, a slot free, no recording trace) and through the layered wrappers (the limiter's run,
// opossum's fire, withAttemptTimeout, runCheckedWithTokenRefresh). Each scenario's transcript
// (every call's answer, the audit trail, the breaker, token fetches, vendor runs, slots held
// afterwards) must be the same both ways, and match what the scenario expects.

/** What the scripted vendor does for one run of the operation. */
type Step =
  | 'ok'
  | 'transient'
  | 'transient_reached'
  | 'permanent'
  | 'auth'
  | 'bad_output'
  | 'throws'
  | 'aborts'
  | 'hangs';

interface Call {
  op: 'read' | 'write' | 'unsafe_write';
  steps: Step[];
  key?: string;
  /** Cancels the call this long after it starts. */
  cancelAfterMs?: number;
  /** The input's n (default: the call's number in the scenario). */
  n?: number;
}

const script: Step[] = [];
let runs = 0;
let tokenFetches = 0;

function vendor(
  input: { n: number },
  ctx: OperationContext<unknown, unknown>,
): Promise<{ n: number }> {
  runs++;
  const step = script.shift() ?? 'ok';
  switch (step) {
    case 'ok':
      return Promise.resolve({ n: input.n });
    case 'transient':
      return Promise.reject(
        new DlxError('DLX_E_VENDOR_TRANSIENT', 'busy', { mayHaveReachedVendor: false }),
      );
    case 'transient_reached':
      return Promise.reject(
        new DlxError('DLX_E_VENDOR_TRANSIENT', 'reset', { mayHaveReachedVendor: true }),
      );
    case 'permanent':
      return Promise.reject(
        new DlxError('DLX_E_VENDOR_PERMANENT', 'no such thing', { mayHaveReachedVendor: true }),
      );
    case 'auth':
      return ctx.token().then(() => {
        throw new DlxError('DLX_E_VENDOR_AUTH', 'token refused', { mayHaveReachedVendor: true });
      });
    case 'bad_output':
      // A vendor answer the output schema refuses (the type says what the schema expects).
      return Promise.resolve({ n: 'not a number' } as unknown as { n: number });
    case 'throws':
      throw new Error('connector bug');
    case 'aborts':
      // As ctx.http does: rejects with the signal's reason when the attempt is aborted.
      return new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error));
      });
    case 'hangs':
      return new Promise(() => undefined);
  }
}

const echo = { input: z.object({ n: z.number() }), output: z.object({ n: z.number() }) };
const plugin = defineConnector({
  key: 'paths',
  config: z.object({}),
  operations: {
    read: defineOperation({ ...echo, run: vendor }),
    write: defineOperation({ ...echo, run: vendor }),
    unsafe_write: defineOperation({ ...echo, run: vendor }),
  },
  token: {
    fetch: () => Promise.resolve({ token: `token-${++tokenFetches}` }),
  },
  healthCheck: () => Promise.resolve({ status: 'ok' }),
});

const validated = validateManifest({
  manifest_version: 1,
  connector_key: 'paths',
  display_name: 'Paths',
  display_name_ar: 'مسارات',
  contract_url: 'https://example.com/docs',
  owners: ['core'],
  approval_policy: 'auto',
  data_classification: 'internal',
  idempotent: true,
  retry_max: 2,
  retry_backoff_ms: [100, 100],
  timeout_ms: 1_000,
  audit_events: ['read_ok', 'read_failed', 'write_ok', 'write_failed'],
  allowed_hosts: ['example.com'],
  operations: {
    read: {
      kind: 'read',
      description: 'A read.',
      audit_events: { success: 'read_ok', failure: 'read_failed' },
    },
    write: {
      kind: 'write',
      description: 'An idempotent write.',
      idempotent: true,
      audit_events: { success: 'write_ok', failure: 'write_failed' },
      compensation: 'none',
      compensation_note: 'A test write changes nothing.',
    },
    unsafe_write: {
      kind: 'write',
      description: 'A write that is not idempotent.',
      idempotent: false,
      audit_events: { success: 'write_ok', failure: 'write_failed' },
      compensation: 'none',
      compensation_note: 'A test write changes nothing.',
    },
  },
  config: {},
});
if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
const manifest = validated.manifest;

/** What a scenario left behind, in a form both paths can be compared by. */
async function transcript(calls: Call[], direct: boolean) {
  script.length = 0;
  runs = 0;
  tokenFetches = 0;
  let directAttempts = 0;
  const fired = Object.getOwnPropertyDescriptor(OperationBreaker.prototype, 'firedDirectly')!;
  const original = fired.value as (this: OperationBreaker) => void;
  OperationBreaker.prototype.firedDirectly = function counted(this: OperationBreaker) {
    directAttempts++;
    original.call(this);
  };
  const stores = createMemoryStores();
  // Attempts of 100 ms with a 10 ms grace; waits between attempts skipped by the clock.
  const runtime = new GovernanceRuntime({
    stores,
    clock: new VirtualClock(),
    timeoutScale: 0.1,
    breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
    directAttempts: direct,
  });
  try {
    const rc = await runtime.register({
      tenant: 'acme',
      plugin,
      manifest,
      version: '1.0.0',
      config: {},
    });
    const answers: string[] = [];
    let n = 0;
    for (const call of calls) {
      script.push(...call.steps);
      const cancel = new AbortController();
      const timer =
        call.cancelAfterMs === undefined
          ? undefined
          : setTimeout(
              () => cancel.abort(new DlxError('DLX_E_RUNTIME_ABORTED', 'cancelled by the test')),
              call.cancelAfterMs,
            );
      try {
        const result = await runtime.execute('acme', 'paths', call.op, {
          input: { n: call.n ?? ++n },
          actor: 'test',
          ...(call.key !== undefined && { idempotencyKey: call.key }),
          signal: cancel.signal,
        });
        answers.push(
          result.status === 'ok'
            ? `ok attempts=${result.attempts} replayed=${result.replayed} n=${(result.output as { n: number }).n}`
            : result.status,
        );
      } catch (error) {
        answers.push(isDlxError(error) ? `${error.code} (${error.kind})` : String(error));
      } finally {
        clearTimeout(timer);
      }
    }
    const audit = (await stores.audit.list()).map(
      (r) => `${r.event} ${r.outcome} attempt=${r.attempt} ${r.error_code ?? ''}`,
    );
    const board = await runtime.boardFor('acme');
    // opossum's rolling counts of each operation (its breaker is private to the adapter).
    const counts = [...rc.operations.values()].map((op) => {
      const made = (op.breaker as unknown as { made?: { stats: Record<string, number> } }).made;
      const stats = made?.stats;
      return stats && [stats.fires, stats.successes, stats.failures, stats.rejects];
    });
    return {
      transcript: {
        answers,
        audit,
        breaker: board[0]!.breaker_state,
        counts,
        runs,
        tokenFetches,
        slotsHeld: rc.kit.limiter.inFlight,
      },
      directAttempts,
    };
  } finally {
    OperationBreaker.prototype.firedDirectly = original;
    await runtime.shutdown(1_000);
  }
}

const scenarios: Array<[string, Call[], string[]]> = [
  ['answers at once', [{ op: 'read', steps: ['ok'] }], ['ok attempts=1 replayed=false n=1']],
  [
    'retries a transient failure',
    [{ op: 'read', steps: ['transient', 'ok'] }],
    ['ok attempts=2 replayed=false n=1'],
  ],
  [
    'exhausts its retries, the breaker opens and the next call fails fast',
    [
      { op: 'read', steps: ['transient', 'transient', 'transient'] },
      { op: 'read', steps: ['ok'] },
    ],
    ['DLX_E_VENDOR_TRANSIENT (transient)', 'DLX_E_RUNTIME_CIRCUIT_OPEN (circuit_open)'],
  ],
  [
    'does not count permanent answers against the breaker',
    [1, 2, 3, 4].map(() => ({ op: 'read' as const, steps: ['permanent' as const] })),
    Array(4).fill('DLX_E_VENDOR_PERMANENT (permanent)'),
  ],
  [
    'runs once more with a fresh token when the vendor refuses one',
    [{ op: 'read', steps: ['auth', 'ok'] }],
    ['ok attempts=1 replayed=false n=1'],
  ],
  [
    'ends the attempt at a second refusal, never retried',
    [{ op: 'read', steps: ['auth', 'auth', 'ok'] }],
    ['DLX_E_VENDOR_AUTH (auth)'],
  ],
  [
    'refuses an answer that does not match the output schema',
    [
      { op: 'read', steps: ['bad_output'] },
      { op: 'write', key: 'w-bad', steps: ['bad_output'] },
    ],
    ['DLX_E_RUNTIME_OUTPUT_INVALID (permanent)', 'DLX_E_RUNTIME_OUTCOME_UNKNOWN (outcome_unknown)'],
  ],
  [
    'turns a throw in connector code into a permanent error',
    [{ op: 'read', steps: ['throws'] }],
    ['DLX_E_VENDOR_PERMANENT (permanent)'],
  ],
  [
    'times out an attempt by aborting it, then retries',
    [{ op: 'read', steps: ['aborts', 'ok'] }],
    ['ok attempts=2 replayed=false n=1'],
  ],
  [
    'abandons an attempt that ignores its abort after the grace',
    [{ op: 'read', steps: ['hangs', 'ok'] }],
    ['ok attempts=2 replayed=false n=1'],
  ],
  [
    'never re-sends a write that is not idempotent once it may have reached the vendor',
    [{ op: 'unsafe_write', key: 'u-1', steps: ['transient_reached', 'ok'] }],
    ['DLX_E_RUNTIME_OUTCOME_UNKNOWN (outcome_unknown)'],
  ],
  [
    'stops when the caller cancels',
    [{ op: 'read', steps: ['aborts', 'ok'], cancelAfterMs: 20 }],
    ['DLX_E_RUNTIME_ABORTED (transient)'],
  ],
  [
    'replays a completed write under its key without running it',
    [
      { op: 'write', key: 'w-1', steps: ['ok'], n: 7 },
      { op: 'write', key: 'w-1', steps: [], n: 7 },
    ],
    ['ok attempts=1 replayed=false n=7', 'ok attempts=0 replayed=true n=7'],
  ],
];

describe('an attempt behaves the same run directly and layered', () => {
  it.each(scenarios)('%s', async (_name, calls, answers) => {
    const direct = await transcript(calls, true);
    const layered = await transcript(calls, false);
    expect(direct.transcript.answers).toEqual(answers);
    expect(direct.transcript).toEqual(layered.transcript);
    expect(direct.transcript.slotsHeld).toBe(0);
    // The direct path was taken (by every attempt of a closed breaker), the layered never.
    expect(direct.directAttempts).toBeGreaterThan(0);
    expect(layered.directAttempts).toBe(0);
  });
});
