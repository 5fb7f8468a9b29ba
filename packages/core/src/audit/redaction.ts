import type { z } from 'zod';
import { payloadDigest } from '../digest/canonicalJson';
import type { SerializedDlxError } from '../errors/dlxError';
import { cachedSecretScrubber } from '../secrets/secretScrubber';
import {
  UNDESCRIBED,
  childForIndex,
  childForKey,
  positionOf,
  type SchemaPosition,
} from './schemaPosition';

/** Deeper parts of a payload are replaced, not walked: audit records have no need for them. */
const MAX_DEPTH = 32;

export const PERSONAL_MASK = '[personal]';
export const SECRET_MASK = '[secret]';
export const TRUNCATED_MASK = '[truncated]';
export const CIRCULAR_MASK = '[circular]';
export const UNREADABLE_MASK = '[unreadable]';

export interface RedactOptions {
  /** The operation's input (or output) schema, with fields marked by personal() / secret(). */
  schema?: z.ZodType;
  /** The operation's data_classification. Anything unrecognised is treated as restricted. */
  classification: 'public' | 'internal' | 'confidential' | 'restricted';
  /** The tenant's secret config values: removed from every string, whatever the schema says. */
  secrets: readonly string[];
}

/** What a restricted payload becomes: enough to match it against a digest, nothing more. */
export interface RestrictedPayload {
  redacted: 'restricted';
  /** null only when the payload has no canonical JSON form (a cycle, NaN). */
  digest: string | null;
  /** The fields the schema marks safe(), in their places; absent when there are none. */
  safe?: unknown;
}

interface Walk {
  maskPersonal: boolean;
  scrub: (text: string) => string;
  /** The objects being walked, outermost first (at most MAX_DEPTH: a list beats a Set here). */
  ancestors: object[];
}

/**
 * The payload as audit records and logs may keep it, by data classification:
 * restricted → its digest and the fields marked safe(); confidential → personal and secret
 * fields masked;
 * public / internal → secret fields masked. Every configured secret value is removed from every
 * string in all cases. The result is always plain JSON data (finite numbers, strings, booleans,
 * null, arrays, plain objects), so it can be digested and stored. Never throws.
 */
export function redactPayload(value: unknown, options: RedactOptions): unknown {
  const classification: unknown = options.classification;
  if (
    classification !== 'public' &&
    classification !== 'internal' &&
    classification !== 'confidential'
  ) {
    return restrictedWithSafeFields(value, options);
  }
  try {
    const walk: Walk = {
      maskPersonal: classification === 'confidential',
      scrub: cachedSecretScrubber(Array.isArray(options.secrets) ? options.secrets : []),
      ancestors: [],
    };
    const root = options.schema === undefined ? UNDESCRIBED : positionOf([options.schema]);
    return redactValue(value, root, 0, walk) ?? null;
  } catch {
    // Only a broken environment gets here; fall back to the form that reveals nothing.
    return restricted(value);
  }
}

/** The serialized error with every configured secret value removed from its strings. */
export function redactError(
  err: SerializedDlxError,
  secrets: readonly string[],
): SerializedDlxError {
  const scrub = cachedSecretScrubber(Array.isArray(secrets) ? secrets : []);
  const message = typeof err.message === 'string' ? scrub(err.message) : '';
  try {
    const scrubbed: SerializedDlxError = { ...err, message };
    if (typeof err.vendor_code === 'string') scrubbed.vendor_code = scrub(err.vendor_code);
    if (typeof err.vendor_request_id === 'string') {
      scrubbed.vendor_request_id = scrub(err.vendor_request_id);
    }
    if (err.details !== undefined) {
      const walk: Walk = { maskPersonal: false, scrub, ancestors: [] };
      const details = redactValue(err.details, UNDESCRIBED, 0, walk);
      scrubbed.details =
        typeof details === 'object' && details !== null && !Array.isArray(details)
          ? (details as Record<string, unknown>)
          : { value: details ?? null };
    }
    return scrubbed;
  } catch {
    // Details that cannot even be read are dropped rather than passed on unscrubbed.
    return { code: err.code, kind: err.kind, message, retryable: err.retryable };
  }
}

/** The digest, plus the fields the schema marks safe() (secret values still removed). */
function restrictedWithSafeFields(value: unknown, options: RedactOptions): RestrictedPayload {
  const form = restricted(value);
  if (options.schema === undefined) return form;
  try {
    const walk: Walk = {
      maskPersonal: true,
      scrub: cachedSecretScrubber(Array.isArray(options.secrets) ? options.secrets : []),
      ancestors: [],
    };
    const picked = pickSafe(value, positionOf([options.schema]), 0, walk);
    return picked === undefined ? form : { ...form, safe: picked };
  } catch {
    return form;
  }
}

/**
 * The parts of `value` the schema marks safe(), in their places (undefined: none). Only
 * described positions are walked: nothing undescribed can be marked safe.
 */
function pickSafe(value: unknown, position: SchemaPosition, depth: number, walk: Walk): unknown {
  if (value === undefined || value === null) return undefined;
  if (position.marks.safe) return redactValue(value, position, depth, walk) ?? undefined;
  if (position.containers.length === 0 || typeof value !== 'object' || depth >= MAX_DEPTH) {
    return undefined;
  }
  if (walk.ancestors.includes(value)) return undefined;
  walk.ancestors.push(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item, i) =>
        pickSafe(item, childForIndex(position, i), depth + 1, walk),
      );
      return items.some((item) => item !== undefined)
        ? items.map((item) => item ?? null)
        : undefined;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const member = readMember(value, key);
      if (member === UNREADABLE) continue;
      const picked = pickSafe(member, childForKey(position, key), depth + 1, walk);
      if (picked !== undefined) {
        Object.defineProperty(out, walk.scrub(key), {
          value: picked,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return Object.keys(out).length > 0 ? out : undefined;
  } finally {
    walk.ancestors.pop();
  }
}

function restricted(value: unknown): RestrictedPayload {
  try {
    return { redacted: 'restricted', digest: payloadDigest(value) };
  } catch {
    return { redacted: 'restricted', digest: null };
  }
}

/** Returns undefined for values JSON leaves out (undefined, functions, symbols). */
function redactValue(value: unknown, position: SchemaPosition, depth: number, walk: Walk): unknown {
  if (value === undefined || value === null) return value;
  if (position.marks.secret) return SECRET_MASK;
  if (position.marks.personal && walk.maskPersonal) return PERSONAL_MASK;
  switch (typeof value) {
    case 'string':
      return walk.scrub(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return walk.scrub(value.toString(10));
    case 'object':
      return redactObject(value, position, depth, walk);
    default:
      return undefined;
  }
}

function redactObject(value: object, position: SchemaPosition, depth: number, walk: Walk): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (ArrayBuffer.isView(value)) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return walk.scrub(bytes.toString('base64'));
  }
  if (value instanceof ArrayBuffer) return walk.scrub(Buffer.from(value).toString('base64'));
  if (depth >= MAX_DEPTH) return TRUNCATED_MASK;
  if (walk.ancestors.includes(value)) return CIRCULAR_MASK;

  walk.ancestors.push(value);
  try {
    if (Array.isArray(value)) return redactArray(value, position, depth, walk);
    // No schema describes the entries of a Map or Set: keep their data, scrubbed, as arrays.
    if (value instanceof Map) return redactArray([...value.entries()], UNDESCRIBED, depth, walk);
    if (value instanceof Set) return redactArray([...value.values()], UNDESCRIBED, depth, walk);
    const toJSON = readMember(value, 'toJSON');
    if (typeof toJSON === 'function') {
      // A class's own wire shape (DlxError.toJSON), described by the same schema position.
      return redactValue(toJSON.call(value), position, depth + 1, walk) ?? null;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const member = readMember(value, key);
      const redacted =
        member === UNREADABLE
          ? UNREADABLE_MASK
          : redactValue(member, childForKey(position, key), depth + 1, walk);
      if (redacted === undefined) continue;
      const outKey = walk.scrub(key);
      // Defined, not assigned, so a "__proto__" key stays data (as Object.fromEntries would).
      if (outKey === '__proto__') {
        Object.defineProperty(out, outKey, {
          value: redacted,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else out[outKey] = redacted;
    }
    return out;
  } finally {
    walk.ancestors.pop();
  }
}

function redactArray(
  items: readonly unknown[],
  position: SchemaPosition,
  depth: number,
  walk: Walk,
): unknown[] {
  const out: unknown[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = readMember(items, index);
    out.push(
      item === UNREADABLE
        ? UNREADABLE_MASK
        : (redactValue(item, childForIndex(position, index), depth + 1, walk) ?? null),
    );
  }
  return out;
}

const UNREADABLE = Symbol('unreadable');

/** Reads a property whose getter (or proxy trap) may throw. */
function readMember(target: object, key: string | number): unknown {
  try {
    return (target as Record<string | number, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}
