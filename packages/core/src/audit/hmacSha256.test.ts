import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { HmacSha256 } from './hmacSha256';

const reference = (key: Buffer, text: string) =>
  createHmac('sha256', key).update(text).digest('hex');

describe('HmacSha256', () => {
  it('gives createHmac’s answer for any key and text, call after call on one instance', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 3000 }), { minLength: 1, maxLength: 5 }),
        (bytes, texts) => {
          const key = Buffer.from(bytes);
          const hmac = new HmacSha256(key);
          for (const text of texts) expect(hmac.hex(text)).toBe(reference(key, text));
        },
      ),
    );
  });

  it('matches RFC 4231 test case 2 (a short key) and 6 (a key longer than a block)', () => {
    expect(new HmacSha256(Buffer.from('Jefe')).hex('what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(
      new HmacSha256(Buffer.alloc(131, 0xaa)).hex(
        'Test Using Larger Than Block-Size Key - Hash Key First',
      ),
    ).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('hashes a long text after short ones and a short one after it (the scratch buffer grows)', () => {
    const key = Buffer.alloc(32, 7);
    const hmac = new HmacSha256(key);
    for (const text of ['a', 'é€😀'.repeat(5000), 'b', '']) {
      expect(hmac.hex(text)).toBe(reference(key, text));
    }
  });

  it('gives the HMAC of two lines joined by a newline without joining them, whatever they hold', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 100 }),
        fc.array(
          fc.tuple(
            fc.string({ unit: 'binary', maxLength: 2000 }),
            fc.string({ unit: 'binary', maxLength: 2000 }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (bytes, pairs) => {
          const key = Buffer.from(bytes);
          const hmac = new HmacSha256(key);
          for (const [head, tail] of pairs) {
            expect(hmac.hexOfLines(head, tail)).toBe(reference(key, `${head}\n${tail}`));
            expect(hmac.hex(`${head}\n${tail}`)).toBe(hmac.hexOfLines(head, tail));
          }
        },
      ),
    );
  });
});
