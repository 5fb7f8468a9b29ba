import { hasErrorCode } from '../errors/dlxError';
import { freshValidManifest, validManifest } from './__fixtures__/validManifest';
import { CLASSIFICATION_ORDER } from './manifestVocabulary';
import { resolveOperationPolicy } from './operationPolicy';

describe('resolveOperationPolicy', () => {
  it("takes an operation's own fields over the connector defaults", () => {
    expect(resolveOperationPolicy(validManifest, 'create_payment_intent')).toEqual({
      kind: 'write',
      approval_policy: 'approval_required',
      data_classification: 'restricted',
      idempotent: true,
      timeout_ms: 10_000,
      retry_max: 3,
      retry_backoff_ms: [500, 1000, 2000],
      deadline_ms: 4 * 10_000 + 3_500,
      audit_events: { success: 'payment_intent_created', failure: 'payment_intent_failed' },
      compensation: 'reverse_payment_intent',
      max_response_bytes: 10 * 1024 * 1024,
      vendor_call: true,
    });
    expect(resolveOperationPolicy(validManifest, 'retrieve_payment_intent')).toMatchObject({
      kind: 'read',
      approval_policy: 'auto',
      data_classification: 'confidential',
      timeout_ms: 5_000,
      retry_max: 2,
      retry_backoff_ms: [200, 400],
      deadline_ms: 3 * 5_000 + 600,
      compensation: 'none',
    });
  });

  it("uses a declared deadline: the operation's, else the connector's", () => {
    const m = freshValidManifest();
    m.deadline_ms = 60_000;
    m.operations.retrieve_payment_intent!.deadline_ms = 7_000;
    expect(resolveOperationPolicy(m, 'create_payment_intent').deadline_ms).toBe(60_000);
    expect(resolveOperationPolicy(m, 'retrieve_payment_intent').deadline_ms).toBe(7_000);
  });

  it('hands out copies the caller may change', () => {
    const policy = resolveOperationPolicy(validManifest, 'create_payment_intent');
    policy.retry_backoff_ms.push(1);
    expect(validManifest.retry_backoff_ms).toEqual([500, 1000, 2000]);
  });

  it('throws a coded error for an undeclared operation, inherited names included', () => {
    for (const name of ['refund', 'constructor', 'toString']) {
      let thrown: unknown;
      try {
        resolveOperationPolicy(validManifest, name);
      } catch (error) {
        thrown = error;
      }
      expect(hasErrorCode(thrown, 'DLX_E_RUNTIME_UNKNOWN_OPERATION')).toBe(true);
    }
  });
});

describe('CLASSIFICATION_ORDER', () => {
  it('runs from least to most sensitive', () => {
    expect(CLASSIFICATION_ORDER).toEqual(['public', 'internal', 'confidential', 'restricted']);
  });
});
