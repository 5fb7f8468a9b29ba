import { renameSync, writeFileSync } from 'node:fs';
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
