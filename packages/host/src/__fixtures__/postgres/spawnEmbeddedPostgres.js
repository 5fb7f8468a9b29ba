// Starts embeddedPostgresMain.mjs as a child process and resolves once its server accepts
// connections. Plain CommonJS so the host's jest tests and bench/ share it.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { Client } = require('pg');

const MAIN = join(__dirname, 'embeddedPostgresMain.mjs');

/**
 * @param {{ durable?: boolean, startTimeoutMs?: number }} [options]
 * @returns {Promise<import('./spawnEmbeddedPostgres').EmbeddedPostgresServer>}
 */
async function spawnEmbeddedPostgres(options = {}) {
  const child = spawn(process.execPath, [MAIN, JSON.stringify({ durable: !!options.durable })], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stderr.on('data', (chunk) => (printed += chunk.toString('utf8')));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = await new Promise((resolve, reject) => {
    let line = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`embedded PostgreSQL did not start within the time allowed:\n${printed}`));
    }, options.startTimeoutMs ?? 60_000);
    child.stdout.on('data', (chunk) => {
      line += chunk.toString('utf8');
      const end = line.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(0, end)));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`embedded PostgreSQL exited (code ${code}) before it was ready:\n${printed}`),
      );
    });
  });
  const url = (database = 'postgres') =>
    `postgres://${started.user}:${started.password}@127.0.0.1:${started.port}/${database}`;
  let databases = 0;
  return {
    port: started.port,
    password: started.password,
    url,
    async createDatabase(prefix = 'dlx') {
      const name = `${prefix}_${process.pid}_${++databases}`;
      const admin = new Client({ connectionString: url() });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.stdin.end();
      await exited;
    },
  };
}

module.exports = { spawnEmbeddedPostgres };
