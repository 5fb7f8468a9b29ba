import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DlxError } from '@dealix/connector-core';
import { hostConfigSchema, type ConfigValueRef, type HostConfig } from './hostConfig';

export interface LoadedHostConfig {
  config: HostConfig;
  /** Folder relative paths in the config resolve against. */
  baseDir: string;
  file: string | null;
}

/**
 * Reads the host config file (JSON). No file at the default path means "no tenants": the host
 * then starts in sandbox mode. Errors name the file, the path and what is allowed.
 */
export function loadHostConfig(file: string | undefined, cwd: string): LoadedHostConfig {
  const path = file ? resolve(cwd, file) : resolve(cwd, 'dealix-connectors.config.json');
  if (!existsSync(path)) {
    if (file) throw new DlxError('DLX_E_CONFIG_INVALID', `${path}: config file not found`);
    return { config: hostConfigSchema.parse({}), baseDir: cwd, file: null };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${path}: not valid JSON: ${(error as Error).message}`,
    );
  }
  // Parsed once per start: no eval-compiled fast path for a schema used once (with many
  // tenants' connectors, compiling it costs more than it saves).
  const parsed = hostConfigSchema.safeParse(raw, { jitless: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `${path}: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`,
    );
    throw new DlxError('DLX_E_CONFIG_INVALID', lines.join('\n'), { details: { file: path } });
  }
  return { config: parsed.data, baseDir: dirname(path), file: path };
}

/** Resolves `{ env }` / `{ file }` references; literals pass through. */
export function resolveValue(
  ref: ConfigValueRef,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  where: string,
): string | number | boolean | undefined {
  if (typeof ref !== 'object') return ref;
  if ('env' in ref) return env[ref.env];
  const file = isAbsolute(ref.file) ? ref.file : resolve(baseDir, ref.file);
  if (!existsSync(file)) {
    throw new DlxError('DLX_E_CONFIG_INVALID', `${where}: secrets file ${file} does not exist`);
  }
  // A folder or a file this process may not read is a config error like a missing file: named
  // here, not a raw EISDIR / EACCES stack out of startup.
  if (statSync(file).isDirectory()) {
    throw new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${where}: secrets file ${file} is a directory; name the file that holds the secret`,
      { details: { file } },
    );
  }
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${where}: secrets file ${file} cannot be read (${code}); let the host's user read it`,
      { details: { file, error: code } },
    );
  }
}

export function isReference(ref: ConfigValueRef): boolean {
  return typeof ref === 'object';
}
