import fc from 'fast-check';
import { DECISION_TEXT_MAX, checkDecisionText, decisionTextSchema } from './decisionText';

// The reason of a denial is repeated in every call it refuses: bounded and printable.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('a decision text (deny reason, resolution note)', () => {
  it('is accepted exactly when, trimmed, it has 1 to 1000 characters and no control character but tab or newline', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ minLength: 990, maxLength: 1010 }),
    );
    fc.assert(
      fc.property(text, (value) => {
        const trimmed = value.trim();
        const ok = trimmed.length >= 1 && trimmed.length <= 1000 && !CONTROL.test(trimmed);
        const parsed = decisionTextSchema.safeParse(value);
        expect(parsed.success).toBe(ok);
        if (parsed.success) expect(parsed.data).toBe(trimmed);
      }),
      { numRuns: 2000 },
    );
  });

  it('names the field, the rule and what it got', () => {
    expect(checkDecisionText('reason', 'r'.repeat(DECISION_TEXT_MAX + 1))).toEqual({
      problem: '"reason" must be at most 1000 characters (got 1001 characters)',
    });
    expect(checkDecisionText('note', 'ok\u001b[31m')).toEqual({
      problem:
        '"note" must not contain control characters (tab and newline are allowed) (got 7 characters)',
    });
    expect(checkDecisionText('note', '  ')).toEqual({
      problem: '"note" must not be empty: say why (got 2 characters)',
    });
    expect(checkDecisionText('reason', ' line one\nline two ')).toEqual({
      text: 'line one\nline two',
    });
  });
});
