// In-process overhead of a full governed execute (in-memory stores, no I/O) against the bare
// function and against opossum alone, measured in the same run. Target: <= 10 µs median.
const CircuitBreaker = require('opossum');
const core = require('@dealix/connector-core');

const {
  z,
  defineConnector,
  defineOperation,
  GovernanceRuntime,
  createMemoryStores,
  validateManifest,
} = core;

const plugin = defineConnector({
  key: 'bench',
  config: z.object({}),
  operations: {
    echo: defineOperation({
      input: z.object({ n: z.number() }),
      output: z.object({ n: z.number() }),
      run: async (input) => ({ n: input.n }),
    }),
    keyed: defineOperation({
      input: z.object({ n: z.number() }),
      output: z.object({ n: z.number() }),
      run: async (input) => ({ n: input.n }),
    }),
  },
  healthCheck: async () => ({ status: 'ok' }),
});

const manifest = validateManifest({
  manifest_version: 1,
  connector_key: 'bench',
  display_name: 'Bench',
  display_name_ar: 'اختبار',
  contract_url: 'https://example.com/docs',
  owners: ['perf'],
  approval_policy: 'auto',
  data_classification: 'internal',
  idempotent: false,
  retry_max: 0,
  retry_backoff_ms: [],
  timeout_ms: 1000,
  audit_events: ['echoed', 'echo_failed', 'keyed_ok', 'keyed_failed'],
  allowed_hosts: ['example.com'],
  operations: {
    echo: {
      kind: 'read',
      description: 'Echo.',
      audit_events: { success: 'echoed', failure: 'echo_failed' },
    },
    keyed: {
      kind: 'write',
      description: 'An idempotent write under a caller key (an idempotency record per call).',
      idempotent: true,
      audit_events: { success: 'keyed_ok', failure: 'keyed_failed' },
      compensation: 'none',
      compensation_note: 'A benchmark write changes nothing.',
    },
  },
  config: {},
});
if (!manifest.ok) throw new Error(JSON.stringify(manifest.issues));

async function run() {
  const { medianNsPerCall, writeReport } = require('./measure');
  const runtime = new GovernanceRuntime({ stores: createMemoryStores() });
  await runtime.register({
    tenant: 't',
    plugin,
    manifest: manifest.manifest,
    version: '1.0.0',
    config: {},
  });

  const bare = async (n) => ({ n });
  const breaker = new CircuitBreaker((fn) => fn(), {
    timeout: false,
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
  });

  const bareNs = await medianNsPerCall((n) => bare(n));
  const opossumNs = await medianNsPerCall((n) => breaker.fire(() => bare(n)));
  const executeNs = await medianNsPerCall((n) =>
    runtime.execute('t', 'bench', 'echo', { input: { n }, actor: 'bench' }),
  );
  // Reads are never de-duplicated; the heaviest common path is an idempotent write under a
  // caller key (a new key per call: no replay).
  const keyedNs = await medianNsPerCall((n) =>
    runtime.execute('t', 'bench', 'keyed', {
      input: { n },
      actor: 'bench',
      idempotencyKey: `bench-${n}`,
    }),
  );
  breaker.shutdown();
  await runtime.shutdown(100);

  writeReport(
    'core-overhead',
    [
      { case: 'bare async function (baseline)', ns: bareNs },
      { case: 'opossum.fire alone', ns: opossumNs, ratio: opossumNs / bareNs },
      { case: 'governed execute, no idempotency record', ns: executeNs, ratio: executeNs / bareNs },
      {
        case: 'governed execute, idempotent write under a caller key',
        ns: keyedNs,
        ratio: keyedNs / bareNs,
      },
      { case: 'governed execute vs opossum alone', ns: executeNs, ratio: executeNs / opossumNs },
    ],
    [
      'Full pipeline per call: zod input parse, payload digest (sha256 of canonical JSON), breaker,',
      'the keyed case adds an idempotency record (begin, complete) under a fresh caller key,',
      'per-attempt AbortController + timer, zod output parse, redaction, metrics, a hash-chained',
      `audit append and a sync-state update. Target: <= 10000 ns median. Measured: ${Math.round(executeNs)} ns.`,
    ],
  );
}

module.exports = { run };
