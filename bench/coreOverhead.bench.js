// In-process overhead of a full governed execute (in-memory stores, no I/O) against the bare
// function and against opossum alone, measured in the same run. Target: <= 10 µs median.
// Tracing (issue 18) off and on, interleaved: off must add at most 1 µs per execute, measured
// against a build of core without the tracing code, in the same process.
//
//   npm run bench -- coreOverhead
//       this checkout's core, tracing off and on
//   DLX_BENCH_BASE_CORE=<a build of the base>/packages/core DLX_BENCH_BASE_COMMIT=<its commit> \
//   npm run bench -- coreOverhead
//       also that build (its dist/ built, its node_modules resolving to this checkout's), for
//       what tracing off adds
const { realpathSync } = require('node:fs');
const { dirname } = require('node:path');
const CircuitBreaker = require('opossum');
const { context, propagation, trace } = require('@opentelemetry/api');
const { BatchSpanProcessor, NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');

/** The bench connector defined with `core` (this checkout's, or the base build's). */
function benchConnector(core) {
  const { z, defineConnector, defineOperation, validateManifest } = core;
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
  return { plugin, manifest: manifest.manifest };
}

/** A runtime of `core` with the bench connector registered, and its two calls. */
async function benchRuntime(core) {
  const { plugin, manifest } = benchConnector(core);
  const runtime = new core.GovernanceRuntime({ stores: core.createMemoryStores() });
  await runtime.register({ tenant: 't', plugin, manifest, version: '1.0.0', config: {} });
  return {
    echo: (n) => runtime.execute('t', 'bench', 'echo', { input: { n }, actor: 'bench' }),
    // Reads are never de-duplicated; the heaviest common path is an idempotent write under a
    // caller key (a new key per call: no replay).
    keyed: (n) =>
      runtime.execute('t', 'bench', 'keyed', {
        input: { n },
        actor: 'bench',
        idempotencyKey: `bench-${n}`,
      }),
    shutdown: () => runtime.shutdown(100),
  };
}

/**
 * Tracing on as the host turns it on (an SDK provider registered with the API, with its
 * AsyncLocalStorage context manager; every call sampled; spans handed to a batch processor
 * whose exporter drops them: the in-process cost, no network), switchable between batches by
 * the tracer provider alone so that no batch pays for re-registering the context manager.
 */
function tracingSwitch() {
  const provider = new NodeTracerProvider({
    spanProcessors: [
      new BatchSpanProcessor({
        export: (_spans, done) => done({ code: 0 }),
        shutdown: async () => undefined,
      }),
    ],
  });
  provider.register();
  return {
    on: () => {
      trace.disable();
      trace.setGlobalTracerProvider(provider);
    },
    off: () => trace.disable(),
    stop: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** A new instance of the package at `dir` and of every module it loads from there. */
function requireFresh(dir) {
  const root = realpathSync(dirname(require.resolve(dir)));
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(root)) delete require.cache[file];
  }
  return require(root);
}

async function run() {
  const {
    medianNsPerCall,
    interleavedCpuNsPerCall,
    medianDifference,
    meanPerRound,
    writeReport,
  } = require('./measure');
  const loadAtStart = require('node:os')
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const current = await benchRuntime(require('@dealix/connector-core'));
  const bare = async (n) => ({ n });
  const breaker = new CircuitBreaker((fn) => fn(), {
    timeout: false,
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
  });
  const bareNs = await medianNsPerCall((n) => bare(n));
  const opossumNs = await medianNsPerCall((n) => breaker.fire(() => bare(n)));
  breaker.shutdown();
  // Tracing off: nothing registered with the OpenTelemetry API (the host without OTEL_*).
  const executeNs = await medianNsPerCall(current.echo);
  const keyedNs = await medianNsPerCall(current.keyed);
  await current.shutdown();

  // Interleaved in CPU time: first tracing off (nothing registered) against the base build,
  // when given. Two module instances of each (this build's second and the base's two loaded
  // afresh): two instances of the same code differ by a few hundred ns on a busy machine, so
  // each side is the mean of its two, and their own differences are the noise floor.
  const baseDir = process.env.DLX_BENCH_BASE_CORE;
  const commit = process.env.DLX_BENCH_BASE_COMMIT ?? baseDir;
  // Fresh runtimes for each phase: a runtime's memory stores grow with every call it ran.
  const core = require('@dealix/connector-core');
  const runtimes = baseDir
    ? [
        await benchRuntime(core),
        await benchRuntime(requireFresh('@dealix/connector-core')),
        await benchRuntime(requireFresh(baseDir)),
        await benchRuntime(requireFresh(baseDir)),
      ]
    : [];
  const cpu = { echo: {}, keyed: {} };
  for (const call of ['echo', 'keyed']) {
    if (runtimes.length === 0) break;
    const { ns, perRound } = await interleavedCpuNsPerCall(
      runtimes.map((runtime) => ({ call: runtime[call] })),
      { rounds: 800, batchSize: 50 },
    );
    const [off, off2, base, base2] = perRound;
    Object.assign(cpu[call], {
      unregistered: (ns[0] + ns[1]) / 2,
      base: (ns[2] + ns[3]) / 2,
      offAdds: medianDifference(meanPerRound(off, off2), meanPerRound(base, base2)),
      noise: [medianDifference(off2, off), medianDifference(base2, base)],
    });
  }
  for (const runtime of runtimes) await runtime.shutdown();
  const switched = await benchRuntime(core);
  const tracing = tracingSwitch();
  for (const call of ['echo', 'keyed']) {
    const { ns, perRound } = await interleavedCpuNsPerCall([
      { call: switched[call], enter: tracing.off },
      { call: switched[call], enter: tracing.on },
    ]);
    const [off, on] = perRound;
    Object.assign(cpu[call], { off: ns[0], on: ns[1], onAdds: medianDifference(on, off) });
  }
  await tracing.stop();
  await switched.shutdown();

  const cpuRows = (label, c) => [
    ...(c.base === undefined
      ? []
      : [
          { case: `CPU: ${label}, tracing off (nothing registered)`, ns: c.unregistered },
          { case: `CPU: ${label}, base build ${commit} (no tracing code)`, ns: c.base },
          { case: `CPU: ${label}, added by tracing off (vs the base build)`, ns: c.offAdds },
          { case: `CPU: ${label}, noise floor (second instance of this build)`, ns: c.noise[0] },
          { case: `CPU: ${label}, noise floor (second instance of the base)`, ns: c.noise[1] },
        ]),
    { case: `CPU: ${label}, provider unregistered (context manager kept)`, ns: c.off },
    { case: `CPU: ${label}, tracing on`, ns: c.on, ratio: c.on / c.off },
    { case: `CPU: ${label}, added by tracing on`, ns: c.onAdds },
  ];
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
      ...cpuRows('execute, no idempotency record', cpu.echo),
      ...cpuRows('idempotent write', cpu.keyed),
    ],
    [
      `Load average at start: ${loadAtStart} (a shared machine inflates the wall-time rows most).`,
      '',
      'Full pipeline per call: zod input parse, payload digest (sha256 of canonical JSON), breaker,',
      'the keyed case adds an idempotency record (begin, complete) under a fresh caller key,',
      'per-attempt AbortController + timer, zod output parse, redaction, metrics, a hash-chained',
      `audit append and a sync-state update. Target: <= 10000 ns median. Measured: ${Math.round(executeNs)} ns.`,
      '',
      'Tracing (rows "CPU:"): on is an SDK NodeTracerProvider registered as the host registers',
      'it, every call sampled, a call span and an attempt span per execute handed to a batch span',
      'processor whose exporter drops them (the in-process cost, no network). Batches are',
      'interleaved and timed in CPU time of the process; "added" rows are medians of per-round',
      'differences. Against the base build, tracing off is nothing registered with the',
      'OpenTelemetry API (the host without OTEL_*); against tracing on, the context manager stays',
      'registered and only the tracer provider is switched. Ratio of the "on" rows: to off.',
      cpu.echo.base === undefined
        ? 'Tracing off against a build without it: run with DLX_BENCH_BASE_CORE (see the bench file).'
        : `Tracing off adds ${Math.round(cpu.echo.offAdds)} ns of CPU per execute (noise floor ${cpu.echo.noise.map(Math.round).join(' and ')} ns). Target: <= 1000 ns.`,
    ],
  );
}

module.exports = { run };
