// The floor of the scale benchmarks: a bare process that finds the same connector packages (the
// workspace's `<dir>/*` patterns), reads and JSON-parses each package.json, validates each
// manifest with core's zod schema (parseManifestText) and `require()`s each built entry.
//   node bench/floorProcess.js <root> --stay      host startup (hostStartup): prints "ready: N"
//                                                 and stays up until stopped, as a host does
//   node bench/floorProcess.js <root> --schemas   gate check (gateScale): also reads and parses
//                                                 every schemas/*.json (check compares them), exits
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseManifestText } = require('@dealix/connector-core');

const [root, ...flags] = process.argv.slice(2);
const schemas = flags.includes('--schemas');
const stay = flags.includes('--stay');
if (stay) process.once('SIGTERM', () => process.exit(0));

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
    if (schemas) {
      for (const schema of readdirSync(join(dir, 'schemas')).filter((f) => f.endsWith('.json')))
        JSON.parse(readFileSync(join(dir, 'schemas', schema), 'utf8'));
    }
    if (!require(join(dir, pkg.main)).connector) throw new Error(`${dir}: no connector export`);
    loaded++;
  }
}
if (stay) require('node:timers').setInterval(() => undefined, 60_000);
process.stdout.write(`ready: ${loaded} connectors\n`);
