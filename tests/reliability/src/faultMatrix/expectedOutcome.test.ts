import type { OperationPolicy } from '@dealix/connector-core';
import { FAULT_COLUMNS, type FaultMeaning } from './faultColumns';
import { expectedOutcome } from './expectedOutcome';

const policy = (over: Partial<OperationPolicy>): OperationPolicy => ({
  kind: 'write',
  approval_policy: 'auto',
  data_classification: 'internal',
  idempotent: true,
  timeout_ms: 10_000,
  retry_max: 2,
  retry_backoff_ms: [100, 200],
  deadline_ms: 60_000,
  audit_events: { success: 'done', failure: 'failed' },
  compensation: 'none',
  max_response_bytes: 1_000,
  vendor_call: true,
  ...over,
});

const http = (id: string): FaultMeaning => FAULT_COLUMNS.find((c) => c.id === id)!.http!.meaning;
const smtp = (id: string): FaultMeaning => FAULT_COLUMNS.find((c) => c.id === id)!.smtp!.meaning;
const brief = (p: OperationPolicy, f: FaultMeaning, token = false, vendorKey = true) => {
  const e = expectedOutcome(p, f, { tokenSource: token, vendorKey });
  return [e.result, e.attempts, e.vendorRequests, e.sideEffect, e.waitMs];
};

describe('the fault matrix oracle', () => {
  const safe = policy({});
  const unsafe = policy({ idempotent: false });
  const noRetry = policy({ retry_max: 0, retry_backoff_ms: [] });

  it('retries what is retryable and safe, honouring the wait the vendor asked for', () => {
    expect(brief(safe, http('status_500'))).toEqual(['ok', 2, 2, 'once', 0]);
    expect(brief(safe, http('status_503'))).toEqual(['ok', 2, 2, 'once', 2000]);
    expect(brief(safe, http('reset_after'))).toEqual(['ok', 2, 2, 'once', 0]);
    // Without a vendor key the vendor sees the repeat: declared safe, and marked.
    expect(brief(safe, http('reset_after'), false, false)).toEqual(['ok', 2, 2, 'repeated', 0]);
    expect(brief(safe, http('status_500'), false, false)).toEqual(['ok', 2, 2, 'once', 0]);
    expect(brief(noRetry, http('status_500'))).toEqual(['DLX_E_VENDOR_TRANSIENT', 1, 1, 'none', 0]);
  });

  it('never re-sends a write that is not idempotent once it may have reached the vendor', () => {
    expect(brief(unsafe, http('slow'))).toEqual(['DLX_E_RUNTIME_OUTCOME_UNKNOWN', 1, 1, 'none', 0]);
    expect(brief(unsafe, smtp('reset_after'))).toEqual([
      'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      1,
      1,
      'once',
      0,
    ]);
    // A rate limit is a refusal: nothing reached the vendor, so even this write is retried.
    expect(brief(unsafe, http('rate_limited'))).toEqual(['ok', 2, 2, 'once', 2000]);
    expect(brief(unsafe, smtp('rate_limited'))).toEqual(['ok', 2, 2, 'once', 0]);
  });

  it('never retries auth, but a token source refreshes once within the attempt', () => {
    expect(brief(safe, http('expired_auth'))).toEqual(['DLX_E_VENDOR_AUTH', 1, 1, 'none', 0]);
    expect(brief(unsafe, smtp('expired_auth'), true)).toEqual(['ok', 1, 2, 'once', 0]);
  });
});
