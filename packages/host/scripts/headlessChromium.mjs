#!/usr/bin/env node
// Prints, as JSON, the headless chromium the board-page tests and the README screenshots use:
// `$CHROMIUM_PATH` when it names a system browser, else the chromium that the npm package
// @sparticuz/chromium ships (so `npm ci` brings it: no apt step, no browser download), unpacked
// once into <tmp>/dealix-chromium-<version>. An ES module because @sparticuz/chromium is one;
// callers run it as a child process (jest cannot load ES modules).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

async function packagedChromium() {
  // The package exports no package.json: find it from its entry (build/index.js).
  const entry = require.resolve('@sparticuz/chromium');
  const pkgFile = join(dirname(entry), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const home = join(tmpdir(), `dealix-chromium-${version}`);
  // Written last: a folder that has it is complete.
  const marker = join(home, 'fontconfig', 'fonts.conf');
  const found = () => ({
    executablePath: join(home, 'chromium'),
    fontconfigPath: join(home, 'fontconfig'),
  });
  if (existsSync(marker)) return found();
  // The package unpacks into os.tmpdir(): point that at a private folder, then move the result
  // into place in one rename, so parallel test runs never launch a half-written binary.
  const staging = mkdtempSync(join(tmpdir(), `dealix-chromium-${version}-`));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    await chromium.executablePath();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
  // The package's own fonts.conf names Lambda's folders. Ours keeps the system's fonts (Arabic
  // glyphs among them where installed) and adds the fonts the package ships.
  mkdirSync(join(staging, 'fontconfig'));
  writeFileSync(
    join(staging, 'fontconfig', 'fonts.conf'),
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
      `  <dir>${join(home, 'fonts', 'fonts')}</dir>`,
      `  <cachedir>${join(home, 'fontconfig', 'cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
  try {
    renameSync(staging, home);
  } catch (error) {
    // Another run moved its copy in first: use that one.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(marker)) throw error;
  }
  return found();
}

async function main() {
  const system = process.env.CHROMIUM_PATH;
  if (system !== undefined && system !== '') {
    if (!existsSync(system)) {
      throw new Error(`CHROMIUM_PATH is set to "${system}", which does not exist`);
    }
    return { executablePath: system, fontconfigPath: null };
  }
  return packagedChromium();
}

main().then(
  (found) => process.stdout.write(`${JSON.stringify(found)}\n`),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
