import { DlxError, type ApprovalView, type Clock } from '@dealix/connector-core/api';

export interface ApprovalWaitOptions {
  /** How long to wait for a decision in all (default 15 minutes). */
  timeoutMs?: number;
  /** How often to ask the host (default 2 000 ms). */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_APPROVAL_WAIT = { timeoutMs: 15 * 60_000, pollIntervalMs: 2_000 };

/**
 * Polls one approval request until a person decides it. Resolves with the request once granted
 * (or already used: the grant went to an earlier repeat whose answer was lost); a denial is
 * DLX_E_APPROVAL_DENIED with the approver and reason, an expiry DLX_E_APPROVAL_EXPIRED, and no
 * decision within `timeoutMs` DLX_E_CLIENT_APPROVAL_TIMEOUT (the request stays pending).
 */
export async function waitForDecision(
  approvalId: string,
  read: (signal: AbortSignal | undefined) => Promise<ApprovalView>,
  clock: Clock,
  options: ApprovalWaitOptions = {},
): Promise<ApprovalView> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_APPROVAL_WAIT.timeoutMs;
  const pollMs = options.pollIntervalMs ?? DEFAULT_APPROVAL_WAIT.pollIntervalMs;
  const started = clock.now();
  for (;;) {
    const view = await read(options.signal);
    if (view.status !== 'pending') return decided(view);
    const waited = clock.now() - started;
    if (waited >= timeoutMs) {
      throw new DlxError(
        'DLX_E_CLIENT_APPROVAL_TIMEOUT',
        `approval ${approvalId} (${view.connector}.${view.operation}) is still pending after ${waited} ms; wait again, or repeat the call later with this approval_id`,
        { details: { approval_id: approvalId, waited_ms: waited, expires_at: view.expires_at } },
      );
    }
    await clock.sleep(Math.min(pollMs, timeoutMs - waited), options.signal);
  }
}

function decided(view: ApprovalView): ApprovalView {
  const details = { approval_id: view.id, connector: view.connector, operation: view.operation };
  if (view.status === 'denied') {
    throw new DlxError(
      'DLX_E_APPROVAL_DENIED',
      `approval ${view.id} (${view.connector}.${view.operation}) was denied by ${view.decided_by ?? 'an approver'}: ${view.reason ?? 'no reason given'}`,
      {
        details: {
          ...details,
          decided_by: view.decided_by ?? null,
          reason: view.reason ?? null,
        },
      },
    );
  }
  if (view.status === 'expired') {
    throw new DlxError(
      'DLX_E_APPROVAL_EXPIRED',
      `approval ${view.id} (${view.connector}.${view.operation}) expired before it was decided or used; make the call again for a new request`,
      { details },
    );
  }
  return view;
}
