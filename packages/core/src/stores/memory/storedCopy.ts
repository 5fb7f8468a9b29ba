import { types } from 'node:util';
import { defineMember } from '../../digest/plainJsonText';

/**
 * A deep copy of data kept by an in-memory store, so neither the caller who handed it over nor
 * one who read it back can change what is stored (a database store gets this by serializing).
 * Values structuredClone cannot copy (functions, class instances with private state) are kept
 * by reference rather than refused: the store must not fail a call over its own bookkeeping.
 */
export function storedCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  try {
    // Most results are one flat object: copied without the map of shared references.
    const flat = copyFlatObject(value);
    if (flat !== NOT_PLAIN) return flat as T;
    const copy = copyPlain(value, new Map());
    if (copy !== NOT_PLAIN) return copy as T;
  } catch {
    // A throwing getter or proxy trap: structuredClone meets it too, and decides.
  }
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** Freezes plain data in place, all the way down (data the store itself created). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  // for...in with an own-property check visits what Object.values would, without an array.
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key)) deepFreeze(value[key]);
  }
  return value;
}

const NOT_PLAIN = Symbol('not plain');

/**
 * What structuredClone gives for plain objects, dense arrays and primitives, at a fraction of
 * its cost (stores copy a result on every call). Shared and circular references are kept as
 * shared and circular, as structuredClone keeps them. Anything else (a Date, a Map, bytes, a
 * class instance, an array with holes or extra properties) answers NOT_PLAIN, and the caller
 * uses structuredClone itself.
 */
function copyPlain(value: object, copies: Map<object, unknown>): unknown {
  const known = copies.get(value);
  if (known !== undefined) return known;
  // structuredClone refuses a proxy (so the store keeps it by reference): let it decide.
  if (types.isProxy(value)) return NOT_PLAIN;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype && Array.isArray(value)) {
    const items = value as unknown[];
    const keys = Object.keys(items);
    if (keys.length !== items.length) return NOT_PLAIN;
    const out: unknown[] = [];
    copies.set(value, out);
    for (let index = 0; index < items.length; index++) {
      // Own index keys in order 0..length-1 are exactly the dense items.
      if (keys[index] !== String(index)) return NOT_PLAIN;
      const item = copyMember(items[index], copies);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out.push(item);
    }
    return out;
  }
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  copies.set(value, out);
  for (const key of Object.keys(value)) {
    const member = copyMember((value as Record<string, unknown>)[key], copies);
    if (member === NOT_PLAIN) return NOT_PLAIN;
    defineMember(out, key, member);
  }
  return out;
}

/**
 * copyPlain for a plain object whose members are all primitives (nothing shared, nothing to
 * recurse into); NOT_PLAIN for anything else, which copyPlain then copies.
 */
function copyFlatObject(value: object): unknown {
  if (types.isProxy(value)) return NOT_PLAIN;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    const type = typeof member;
    if ((type === 'object' && member !== null) || type === 'function' || type === 'symbol') {
      return NOT_PLAIN;
    }
    defineMember(out, key, member);
  }
  return out;
}

function copyMember(value: unknown, copies: Map<object, unknown>): unknown {
  switch (typeof value) {
    case 'object':
      return value === null ? null : copyPlain(value, copies);
    case 'function':
    case 'symbol':
      return NOT_PLAIN;
    default:
      return value;
  }
}
