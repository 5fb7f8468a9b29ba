import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { DlxError } from '../errors/dlxError';

/** The environment variable the host reads the data keys from. */
export const DATA_KEYS_VARIABLE = 'DLX_DATA_KEYS';

const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A value sealed with AES-256-GCM, as stores keep it (JSON data, so any store can hold it). */
export interface SealedValue {
  $sealed: 'aes-256-gcm';
  /** Which key sealed it (the first of DLX_DATA_KEYS at the time). */
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

/** Whether a stored value is a sealed envelope (anything else is stored as it is). */
export function isSealedValue(value: unknown): value is SealedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $sealed?: unknown }).$sealed === 'aes-256-gcm' &&
    typeof (value as { kid?: unknown }).kid === 'string'
  );
}

/**
 * The keys restricted data is sealed with at rest (DLX_DATA_KEYS="kid2:base64,kid1:base64"):
 * the first seals, every one opens, so a key is rotated by putting a new one first and keeping
 * the old ones until nothing sealed with them is left. Key bytes never print or serialize.
 */
export class DataKeyring {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly #primary: string;

  private constructor(keys: Map<string, Buffer>, primary: string) {
    this.#keys = keys;
    this.#primary = primary;
  }

  /**
   * Parses `kid:base64,...` (each key 32 bytes, each id unique). A malformed value is
   * DLX_E_CONFIG_DATA_KEYS_INVALID naming the variable and the entry, never a key.
   */
  static parse(value: string, variable = DATA_KEYS_VARIABLE): DataKeyring {
    const keys = new Map<string, Buffer>();
    const entries = value.split(',').map((e) => e.trim());
    let primary: string | undefined;
    entries.forEach((entry, index) => {
      const colon = entry.indexOf(':');
      const kid = colon > 0 ? entry.slice(0, colon) : '';
      const text = colon > 0 ? entry.slice(colon + 1) : '';
      const bytes = BASE64.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
      const problem = !KEY_ID.test(kid)
        ? 'needs a key id (letters, digits, "_", "." or "-") before the ":"'
        : bytes.length !== KEY_BYTES
          ? `key "${kid}" must be base64 of exactly ${KEY_BYTES} bytes (openssl rand -base64 32)`
          : keys.has(kid)
            ? `key id "${kid}" appears twice`
            : undefined;
      if (problem !== undefined) {
        throw new DlxError(
          'DLX_E_CONFIG_DATA_KEYS_INVALID',
          `${variable} entry ${index + 1}: ${problem}; the form is "kid2:base64,kid1:base64" (the first seals, all open)`,
          { details: { variable, entry: index + 1 } },
        );
      }
      keys.set(kid, bytes);
      primary ??= kid;
    });
    return new DataKeyring(keys, primary!);
  }

  /** A keyring with one fresh random key (sandbox mode). */
  static generate(kid = 'k1'): DataKeyring {
    return new DataKeyring(new Map([[kid, randomBytes(KEY_BYTES)]]), kid);
  }

  /** The DLX_DATA_KEYS text of this keyring (to keep a generated one in a 0600 keys file). */
  toEnvValue(): string {
    return [...this.#keys].map(([kid, key]) => `${kid}:${key.toString('base64')}`).join(',');
  }

  /** The key id new values are sealed with. */
  get primaryKeyId(): string {
    return this.#primary;
  }

  /**
   * Seals `value` (JSON data) with the first key. `context` (tenant, connector, what and which
   * record) is bound as additional authenticated data: a sealed value moved to another record
   * no longer opens.
   */
  seal(value: unknown, context: string): SealedValue {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.#primary)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([
      cipher.update(JSON.stringify(value) ?? 'null', 'utf8'),
      cipher.final(),
    ]);
    return {
      $sealed: 'aes-256-gcm',
      kid: this.#primary,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  /** Opens a sealed value (anything not sealed comes back as it is). */
  open(value: unknown, context: string): unknown {
    if (!isSealedValue(value)) return value;
    const key = this.#keys.get(value.kid);
    if (key === undefined) {
      throw new DlxError(
        'DLX_E_STORE_SEALED_VALUE_UNREADABLE',
        `a stored value is sealed with key "${value.kid}", which ${DATA_KEYS_VARIABLE} does not hold (it has ${[...this.#keys.keys()].join(', ')}); add the retired key after the current one`,
        { details: { kid: value.kid } },
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
      const text = Buffer.concat([
        decipher.update(Buffer.from(value.data, 'base64')),
        decipher.final(),
      ]).toString('utf8');
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new DlxError(
        'DLX_E_STORE_SEALED_VALUE_UNREADABLE',
        `a stored value sealed with key "${value.kid}" does not open: it was altered, or moved from another record`,
        { cause: error, details: { kid: value.kid } },
      );
    }
  }

  toJSON(): string {
    return '[data keys]';
  }

  toString(): string {
    return '[data keys]';
  }

  [inspect.custom](): string {
    return `DataKeyring [${[...this.#keys.keys()].join(', ')}]`;
  }
}
