// The store half of the ready floor (bench/floorProcess.js --ready): a worker thread that opens
// the host's SQLite database as any host must before it is ready (better-sqlite3, WAL,
// synchronous=FULL, foreign keys, busy timeout) and applies the host's schema migrations (on a
// restart: finds them applied), then says "ready". No stores, no prepared statements.
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');

const HOST = join(__dirname, '..', 'packages', 'host');
const Database = createRequire(join(HOST, 'package.json'))('better-sqlite3');
const { applyMigrations } = require(join(HOST, 'dist', 'stores', 'applyMigrations.js'));

const db = new Database(workerData.file, { timeout: 5000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
applyMigrations(db);
parentPort.postMessage('ready');
parentPort.once('message', () => db.close());
