// The floor of a gate check (bench/gateScale.bench.js): a bare process that finds the same
// connector packages (the workspace's `<dir>/*` patterns), reads and JSON-parses each
// package.json, validates each manifest with core's parseManifestText, reads and JSON-parses
// each committed operation schema (schemas/*.json) and `require()`s the built entry.
//   node bench/gateFloor.js <repository root>
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
    for (const schema of readdirSync(join(dir, 'schemas')).filter((f) => f.endsWith('.json')))
      JSON.parse(readFileSync(join(dir, 'schemas', schema), 'utf8'));
    if (!require(join(dir, pkg.main)).connector) throw new Error(`${dir}: no connector export`);
    loaded++;
  }
}
process.stdout.write(`checked ${loaded} connectors\n`);
