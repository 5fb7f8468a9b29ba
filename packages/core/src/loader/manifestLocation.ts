import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Why a package's "dealix.connector" must not be read, or undefined when it names a file inside
 * the package folder. A manifest outside its package (an absolute or `../` path, or a symlink,
 * of the file or of a folder on its way, that leads out) escapes the review of the package and
 * would make the loader or the gate read, and quote in its errors, any file of the machine. A
 * file that does not exist is left to the caller, which reports it as missing.
 */
export function manifestOutsidePackage(packageDir: string, named: string): string | undefined {
  const dir = resolve(packageDir);
  const file = resolve(dir, named);
  if (isAbsolute(named) || !isInside(dir, file)) {
    return `"dealix.connector" names ${JSON.stringify(named)}, outside the package folder: a manifest lives in its package`;
  }
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch {
    return undefined;
  }
  // The package folder is usually real already (discovery resolved it): resolve it only when
  // the file seems to lead out, since start-up asks this of every package.
  if (!isInside(dir, real) && !isInside(realpathSync.native(dir), real)) {
    return `"dealix.connector" names ${JSON.stringify(named)}, which a symbolic link leads outside the package folder: a manifest lives in its package`;
  }
  return undefined;
}

function isInside(dir: string, file: string): boolean {
  const path = relative(dir, file);
  return path !== '' && !isAbsolute(path) && path.split(sep)[0] !== '..';
}
