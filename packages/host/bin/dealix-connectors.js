#!/usr/bin/env node
// The `dealix-connectors` command. Committed (not built) so npm links it at install time, before
// the first build; it runs the built CLI, or says how to build it.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(cli)) {
  process.stderr.write(
    `dealix-connectors: ${cli} is not built yet; run \`npm run build\` in the repository first\n`,
  );
  process.exitCode = 2;
} else {
  require(cli).runFromProcess();
}
