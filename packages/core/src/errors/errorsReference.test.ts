import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_KINDS } from './errorKinds';
import { renderErrorsReference } from './errorsReference';
import { ERROR_REGISTRY } from './registry';
import { DlxError, hasErrorCode, isDlxError, reviveDlxError } from './dlxError';

const docPath = join(__dirname, '../../../../docs/errors.md');

describe('error registry', () => {
  it('is documented exactly in docs/errors.md (run `npm run generate` after a change)', () => {
    expect(readFileSync(docPath, 'utf8')).toBe(renderErrorsReference());
  });

  it('lists every code once in the docs, with its kind', () => {
    const doc = readFileSync(docPath, 'utf8');
    for (const [code, def] of Object.entries(ERROR_REGISTRY)) {
      const rows = doc.split('\n').filter((l) => l.startsWith(`| \`${code}\` |`));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain(`| ${def.kind} |`);
    }
  });

  it('names every code DLX_E_<AREA>_<PROBLEM> with a kind from the taxonomy', () => {
    for (const [code, def] of Object.entries(ERROR_REGISTRY)) {
      expect(code).toMatch(/^DLX_E_[A-Z]+_[A-Z_]+$/);
      expect(ERROR_KINDS).toContain(def.kind);
    }
  });

  it('recognises errors by mark, also across copies of core', () => {
    const e = new DlxError('DLX_E_VENDOR_AUTH', 'nope', {
      vendorCode: '190',
      vendorRequestId: 'req_1',
    });
    expect(isDlxError(e)).toBe(true);
    expect(hasErrorCode(e, 'DLX_E_VENDOR_AUTH')).toBe(true);
    // A copy of core makes a structurally equal object carrying the same global symbol.
    const foreign = {
      [Symbol.for('dealix.connector-core.error')]: true,
      code: 'DLX_E_VENDOR_AUTH',
    };
    expect(isDlxError(foreign)).toBe(true);
    expect(isDlxError(new Error('plain'))).toBe(false);
  });

  it('serializes without the vendor response and revives with the same fields', () => {
    const e = new DlxError('DLX_E_VENDOR_PERMANENT', 'declined', {
      vendorCode: 'card_declined',
      vendorStatus: 402,
      response: { status: 402, headers: {}, body: { echo: 'x' } },
    });
    const json = JSON.parse(JSON.stringify(e));
    expect(json).toEqual({
      code: 'DLX_E_VENDOR_PERMANENT',
      kind: 'permanent',
      message: 'declined',
      retryable: false,
      vendor_code: 'card_declined',
      vendor_status: 402,
    });
    expect(e.response?.body).toEqual({ echo: 'x' });
    expect(reviveDlxError(json).toJSON()).toEqual(json);
  });
});
