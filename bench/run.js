// Runs every bench/*.bench.js in turn (each prints its own table and writes bench/reports/).
// Usage: npm run bench [-- <name filter>]
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

async function main() {
  const filter = process.argv[2] ?? '';
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js') && f.includes(filter))
    .sort();
  for (const file of files) {
    console.log(`\n## ${file}`);
    await require(join(__dirname, file)).run();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
