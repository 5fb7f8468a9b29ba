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

module.exports = { exchange, percentile, machine };
