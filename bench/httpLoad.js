// Shared by the benchmarks that drive a host over HTTP: one exchange on a keep-alive agent,
// percentiles, and what machine a report was measured on.
const http = require('node:http');
const os = require('node:os');
const { performance } = require('node:perf_hooks');

/** One HTTP exchange on `agent`; resolves with its status and the milliseconds it took. */
function exchange(agent, url, path, { method = 'GET', headers = {}, body } = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { agent, method, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        const at = performance.now();
        resolve({ status: res.statusCode, ms: at - started, at });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpus: `${cpus.length} x ${cpus[0]?.model ?? 'unknown'}`,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    load_average_at_start: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/**
 * `calls` POSTs of `body` to `path` (with `prefix`, each with Idempotency-Key `<prefix>-<n>`;
 * `body` may be a function of n) over `connections` keep-alive connections, spread evenly
 * across `urls` (one host or several); resolves with every exchange and the seconds the whole
 * burst took.
 */
async function postBurst({ urls, path, token, body, connections, prefix, calls }) {
  const agents = urls.map(() => new http.Agent({ keepAlive: true, maxSockets: connections }));
  let next = 0;
  const results = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      const host = worker % urls.length;
      while (next < calls) {
        const n = next++;
        const text = typeof body === 'function' ? body(n) : body;
        results.push(
          await exchange(agents[host], urls[host], path, {
            method: 'POST',
            body: text,
            headers: {
              ...(token !== undefined && { authorization: `Bearer ${token}` }),
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(text),
              ...(prefix !== undefined && { 'idempotency-key': `${prefix}-${n}` }),
            },
          }).catch(() => ({ status: 0, ms: performance.now() - started })),
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  return { results, seconds };
}

/**
 * Probes `path` one request after another until `done()`, on a keep-alive connection of its own
 * (with `token`, as a Bearer token); resolves with every exchange (status 0 when it failed).
 * `everyMs`: a probe starts at most that often (0: back to back).
 */
async function probeUntil(url, path, token, done, everyMs = 0) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples = [];
  const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
  while (!done()) {
    const started = performance.now();
    samples.push(
      await exchange(agent, url, path, { headers }).catch(() => ({ status: 0, ms: NaN })),
    );
    const wait = everyMs - (performance.now() - started);
    if (wait > 0 && !done()) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  agent.destroy();
  return samples;
}

module.exports = { exchange, percentile, machine, postBurst, probeUntil };
