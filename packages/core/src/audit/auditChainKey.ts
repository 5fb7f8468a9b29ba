import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { DlxError } from '../errors/dlxError';
import { HmacSha256 } from './hmacSha256';

/** The environment variable every host of one database reads its audit key from. */
export const AUDIT_KEY_VARIABLE = 'DLX_AUDIT_KEY';

const MIN_KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The secret the audit chain is keyed with (HMAC-SHA256): without it nobody can recompute a
 * record's hash, so an edited or re-chained log no longer verifies. The bytes are held in a
 * private field and never printed, serialized or inspected.
 */
export class AuditChainKey {
  readonly #key: Buffer;
  /** Every record's hash goes through it: its padded keys are made once, here. */
  readonly #hmac: HmacSha256;

  private constructor(key: Buffer) {
    this.#key = key;
    this.#hmac = new HmacSha256(key);
  }

  /**
   * Reads the key from its base64 text (DLX_AUDIT_KEY): at least 32 bytes. A missing value is
   * DLX_E_AUDIT_KEY_MISSING, a malformed or short one DLX_E_AUDIT_KEY_INVALID; neither message
   * contains the value.
   */
  static fromBase64(value: string | undefined, variable = AUDIT_KEY_VARIABLE): AuditChainKey {
    const text = value?.trim() ?? '';
    if (text === '') {
      throw new DlxError(
        'DLX_E_AUDIT_KEY_MISSING',
        `${variable} is not set: the audit chain is keyed (HMAC-SHA256); set ${variable} to base64 of at least ${MIN_KEY_BYTES} random bytes (openssl rand -base64 32), the same for every host of the database`,
        { details: { variable } },
      );
    }
    const bytes = BASE64.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
    if (bytes.length < MIN_KEY_BYTES) {
      throw new DlxError(
        'DLX_E_AUDIT_KEY_INVALID',
        `${variable} must be base64 of at least ${MIN_KEY_BYTES} bytes (openssl rand -base64 32); the value given ${bytes.length === 0 ? 'is not base64' : `has ${bytes.length} bytes`}`,
        { details: { variable } },
      );
    }
    return new AuditChainKey(bytes);
  }

  /** A fresh random key (memory stores, the sandbox). */
  static random(): AuditChainKey {
    return new AuditChainKey(randomBytes(MIN_KEY_BYTES));
  }

  /** Hex HMAC-SHA256 of `text` under the key. */
  hmacHex(text: string): string {
    return this.#hmac.hex(text);
  }

  /** hmacHex(`${head}\n${tail}`), without making the joined text. */
  hmacHexOfLines(head: string, tail: string): string {
    return this.#hmac.hexOfLines(head, tail);
  }

  toBase64(): string {
    return this.#key.toString('base64');
  }

  toJSON(): string {
    return '[audit key]';
  }

  toString(): string {
    return '[audit key]';
  }

  [inspect.custom](): string {
    return 'AuditChainKey [audit key]';
  }
}
