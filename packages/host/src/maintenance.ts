import type { GovernanceRuntime } from '@dealix/connector-core';
import type { Logger } from 'pino';

export interface Maintenance {
  /** One pass now (the timer runs the same). */
  runOnce(): Promise<void>;
  stop(): void;
}

/**
 * The host's housekeeping timer: prunes settled idempotency keys past idempotency.ttl_ms,
 * outbox events past outbox.retention_ms and call links past call_links.retention_ms (never an
 * unresolved unknown outcome). A failing pass
 * is logged and tried again at the next tick; it never stops the host.
 */
export function startMaintenance(
  runtime: GovernanceRuntime,
  intervalMs: number,
  logger: Logger,
): Maintenance {
  let running: Promise<void> | undefined;
  const runOnce = () =>
    (running ??= runtime
      .prune()
      .then((pruned) => {
        if (Object.values(pruned).some((n) => n > 0))
          logger.info({ pruned }, 'pruned expired records');
      })
      .catch((error: unknown) =>
        logger.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'pruning failed',
        ),
      )
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
