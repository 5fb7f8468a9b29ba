export const REDACTED = '[REDACTED]';

/**
 * The one secret scrubber of core (ctx.http errors, audit redaction, logs). Every occurrence of
 * any secret is replaced by "[REDACTED]" in a single pass of one regular expression, longest
 * secret first: a secret that contains another never leaves a fragment, and the marker itself
 * is never re-scanned. Empty and non-string entries are ignored (they would match everywhere).
 */
export function createSecretScrubber(secrets: readonly unknown[]): (text: string) => string {
  const usable = orderSecrets(secrets);
  if (usable.length === 0) return (text) => text;
  const pattern = new RegExp(usable.map(escapeRegExp).join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
}

interface RememberedScrubber {
  /** The entries the scrubber was built from: a list edited in place gets a new scrubber. */
  entries: readonly unknown[];
  scrub: (text: string) => string;
}

const remembered = new WeakMap<readonly unknown[], RememberedScrubber>();
const keepText = (text: string): string => text;

/**
 * createSecretScrubber for a list that is scrubbed with again and again (a tenant's secrets on
 * every call): the pattern is built once per list and rebuilt only when its entries change.
 */
export function cachedSecretScrubber(secrets: readonly unknown[]): (text: string) => string {
  if (secrets.length === 0) return keepText;
  const known = remembered.get(secrets);
  if (known !== undefined && sameEntries(known.entries, secrets)) return known.scrub;
  const scrub = createSecretScrubber(secrets);
  remembered.set(secrets, { entries: [...secrets], scrub });
  return scrub;
}

function sameEntries(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A deep copy of `value` with every occurrence of each secret replaced by "[REDACTED]", in
 * strings, object keys and byte buffers. Errors become plain `{ name, message, code }` objects:
 * third-party errors carry request configs, headers and credentials in fields we cannot vet.
 */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  return copy(value, createSecretScrubber(secrets), secrets, new WeakMap()) as T;
}

/** One string scrubbed: the hot path when only a message needs cleaning. */
export function scrubString(text: string, secrets: readonly string[]): string {
  return cachedSecretScrubber(secrets)(text);
}

/**
 * The forms a secret takes on the wire or in an echoed body, beyond its raw value:
 * percent-encoded (query strings), form-encoded (spaces as "+") and JSON-escaped (inside a JSON
 * text we did not parse).
 */
export function secretForms(secret: string): string[] {
  const forms = [secret];
  const urlEncoded = encodeURIComponent(secret);
  if (urlEncoded !== secret) forms.push(urlEncoded);
  const formEncoded = new URLSearchParams([['', secret]]).toString().slice(1);
  if (formEncoded !== secret && formEncoded !== urlEncoded) forms.push(formEncoded);
  const jsonEscaped = JSON.stringify(secret).slice(1, -1);
  if (jsonEscaped !== secret) forms.push(jsonEscaped);
  return forms;
}

// Longest first, so a secret that contains another is replaced whole.
function orderSecrets(secrets: readonly unknown[]): string[] {
  const unique = [
    ...new Set(secrets.filter((s): s is string => typeof s === 'string' && s !== '')),
  ];
  return unique.sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

type Scrub = (text: string) => string;

function copy(
  value: unknown,
  scrub: Scrub,
  secrets: readonly string[],
  seen: WeakMap<object, unknown>,
): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;

  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    // latin1 maps bytes 1:1, so the secret's UTF-8 bytes are found and replaced byte-exact.
    const bytes = Buffer.from(value);
    const latin1 = createSecretScrubber(
      secrets.map((s) => Buffer.from(s, 'utf8').toString('latin1')),
    );
    return Buffer.from(latin1(bytes.toString('latin1')), 'latin1');
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    const plain: Record<string, unknown> = { name: value.name, message: scrub(value.message) };
    if (typeof code === 'string' || typeof code === 'number') plain.code = code;
    seen.set(value, plain);
    return plain;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(copy(item, scrub, secrets, seen));
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [key, item] of Object.entries(value)) {
    out[scrub(key)] = copy(item, scrub, secrets, seen);
  }
  return out;
}
