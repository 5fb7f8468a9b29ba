import { accessSync, constants, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DlxError } from '@dealix/connector-core';
import type { AuditStore } from '@dealix/connector-core';
import type { Logger } from 'pino';

export interface HeadExportSettings {
  /** Written with an atomic replace (a temporary file renamed over it). */
  file?: string;
  /** Receives a POST of `{ seq, hash, at }` as JSON. */
  url?: string;
  interval_ms: number;
}

export interface HeadExport {
  /** Exports the head now (also run by the timer, and once at start and at stop). */
  exportNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Refuses at start an `audit.head_export.file` that can never be written: its folder missing or
 * not writable, or the path a folder. Else the host starts and every export fails as a warn log
 * line: the anchor the operator relies on is silently never written. `file` is resolved
 * (absolute); `configFile` is named in the message.
 */
export function checkHeadExportFile(file: string, configFile: string | null): void {
  const folder = dirname(file);
  const fail = (problem: string) =>
    new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${configFile === null ? '' : `${configFile}: `}audit.head_export.file: ${problem}; the audit head is written to ${file} (a temporary file beside it, then renamed)`,
      { details: { setting: 'audit.head_export.file', file } },
    );
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (stat === undefined) throw fail(`folder ${folder} does not exist; create it`);
  if (!stat.isDirectory()) throw fail(`${folder} is not a folder`);
  try {
    // Write and search: the temporary file is created there, then renamed over the export.
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    throw fail(`folder ${folder} is not writable by this host's user`);
  }
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    throw fail(`${file} is a folder; name a file`);
  }
}

/**
 * Anchors the audit chain outside the database: every interval_ms the head `{ seq, hash, at }`
 * goes to a file and/or a URL. A chain cut short, or rewritten by someone holding the key, no
 * longer holds the exported head (`audit verify --expect-head`). A failed export is logged and
 * tried again at the next tick; it never stops the host.
 */
export function startHeadExport(
  audit: AuditStore,
  settings: HeadExportSettings,
  logger: Logger,
): HeadExport {
  let running: Promise<void> | undefined;
  const exportNow = () =>
    (running ??= (async () => {
      try {
        const head = await audit.head();
        const body = JSON.stringify({
          seq: head.seq,
          hash: head.hash,
          at: new Date().toISOString(),
        });
        if (settings.file !== undefined) {
          const temporary = `${settings.file}.${process.pid}.tmp`;
          writeFileSync(temporary, `${body}\n`);
          renameSync(temporary, settings.file);
        }
        if (settings.url !== undefined) {
          const res = await fetch(settings.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(5_000),
          });
          if (!res.ok) throw new Error(`${settings.url} answered ${res.status}`);
        }
      } catch (error) {
        logger.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'audit head export failed',
        );
      } finally {
        running = undefined;
      }
    })());
  const timer = setInterval(() => void exportNow(), settings.interval_ms);
  timer.unref();
  void exportNow();
  return {
    exportNow,
    async stop() {
      clearInterval(timer);
      await running;
      await exportNow();
    },
  };
}
