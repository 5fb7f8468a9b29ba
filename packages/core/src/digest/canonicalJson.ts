import { hash } from 'node:crypto';
import { DlxError } from '../errors/dlxError';
import { PLAIN_JSON_GAVE_UP, plainJsonText, plainJsonTextAndData } from './plainJsonText';

/** Deeper input is refused rather than risking a stack overflow on hostile payloads. */
const MAX_DEPTH = 512;

type PathSegment = string | number;

/**
 * Deterministic JSON: the same data gives the same text whatever the key order, so digests of
 * payloads (idempotency keys, approval binding, the audit chain) agree across processes and
 * stores. Keys are sorted by UTF-16 code units at every level, `undefined` properties are left
 * out (as JSON does), Dates become ISO strings, bytes become base64 and bigints decimal strings.
 * Values JSON cannot carry faithfully (non-finite numbers, cycles, functions, symbols, Maps and
 * Sets) are refused instead of silently collapsing two different payloads into one text.
 */
export function canonicalJson(value: unknown): string {
  // A top-level `undefined` means "no payload", which JSON spells null.
  const root = value === undefined ? null : value;
  const fast = plainJsonText(root);
  return fast !== PLAIN_JSON_GAVE_UP ? fast : canonicalJsonByFullWalk(root);
}

/**
 * canonicalJson's text and the JSON data it reads back as (what JSON.parse of the text gives),
 * without parsing the text again when the value is plain data.
 */
export function canonicalJsonAndData(value: unknown): { text: string; data: unknown } {
  const root = value === undefined ? null : value;
  const fast = plainJsonTextAndData(root);
  if (fast !== PLAIN_JSON_GAVE_UP) return fast;
  const text = canonicalJsonByFullWalk(root);
  return { text, data: JSON.parse(text) as unknown };
}

/** The full encoder alone (every value kind, precise refusals): the reference of the fast path. */
export function canonicalJsonByFullWalk(value: unknown): string {
  return encode(value === undefined ? null : value, ['$'], new Set<object>());
}

/** Lower-case hex sha256 of the UTF-8 text. */
export function sha256Hex(text: string): string {
  // The one-shot hash: a third of createHash's cost for the short texts hashed per call.
  return hash('sha256', text, 'hex');
}

/** `"sha256:<hex>"` of the canonical JSON of `value`. */
export function payloadDigest(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}

function encode(value: unknown, path: PathSegment[], ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw refuse('non_finite_number', path, `${String(value)} is not a finite number`);
      }
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString(10));
    case 'object':
      return encodeObject(value, path, ancestors);
    default:
      // undefined inside an array, a function or a symbol.
      throw refuse('unsupported_type', path, `a value of type ${typeof value} has no JSON form`);
  }
}

function encodeObject(value: object, path: PathSegment[], ancestors: Set<object>): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw refuse('invalid_date', path, 'the date is invalid');
    return JSON.stringify(value.toISOString());
  }
  if (ArrayBuffer.isView(value)) {
    return JSON.stringify(
      Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'),
    );
  }
  if (value instanceof ArrayBuffer) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (value instanceof Map || value instanceof Set) {
    throw refuse('unsupported_type', path, 'a Map or Set has no canonical JSON form');
  }
  if (ancestors.has(value)) throw refuse('cycle', path, 'the value refers to itself (a cycle)');
  if (path.length > MAX_DEPTH) {
    throw refuse('too_deep', path, `the value is nested deeper than ${MAX_DEPTH} levels`);
  }

  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      // A for loop, not map(): map skips holes, and JSON writes holes and undefined as null.
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        if (item === undefined) {
          items.push('null');
          continue;
        }
        path.push(index);
        items.push(encode(item, path, ancestors));
        path.pop();
      }
      return `[${items.join(',')}]`;
    }
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      // Honour a class's own wire shape (DlxError.toJSON), as JSON.stringify would.
      const shaped: unknown = toJSON.call(value);
      return shaped === undefined ? 'null' : encode(shaped, path, ancestors);
    }
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      path.push(key);
      members.push(`${JSON.stringify(key)}:${encode(member, path, ancestors)}`);
      path.pop();
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

// `path` is one stack shared by the whole walk (pushed and popped), so it is copied here.
function refuse(code: string, path: PathSegment[], problem: string): DlxError {
  path = [...path];
  const where = formatPath(path);
  return new DlxError(
    'DLX_E_RUNTIME_INPUT_INVALID',
    `Cannot write canonical JSON: at ${where} ${problem}.`,
    { details: { issues: [{ code, path: path.slice(1), message: `${where}: ${problem}` }] } },
  );
}

function formatPath(path: PathSegment[]): string {
  return path
    .map((segment, index) => {
      if (index === 0) return String(segment);
      if (typeof segment === 'number') return `[${segment}]`;
      return /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    })
    .join('');
}
