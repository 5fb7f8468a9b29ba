// The floor of a host start (bench/hostStartup.bench.js): a bare process that finds the same
// connector packages (the workspace's `<dir>/*` patterns), reads and JSON-parses each
// package.json, reads the manifest and validates it with core's zod schema (parseManifestText),
// `require()`s the entry, then prints "ready" and stays up until it is stopped.
//   node bench/startupFloor.js <workspace root>
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseManifestText } = require('@dealix/connector-core');

const root = process.argv[2];
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
let loaded = 0;
for (const pattern of workspaces) {
  const parent = join(root, pattern.replace(/\/\*$/, ''));
  for (const name of readdirSync(parent).sort()) {
    const dir = join(parent, name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = join(dir, pkg.dealix.connector);
    const parsed = parseManifestText(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) throw new Error(`${file}: ${parsed.issues[0].message}`);
    if (!require(join(dir, pkg.main)).connector) throw new Error(`${dir}: no connector export`);
    loaded++;
  }
}
process.once('SIGTERM', () => process.exit(0));
require('node:timers').setInterval(() => undefined, 60_000);
process.stdout.write(`ready: ${loaded} connectors\n`);
