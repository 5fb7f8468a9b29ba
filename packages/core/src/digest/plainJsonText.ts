/**
 * The fast path of canonicalJson for what payloads almost always are: plain objects, arrays,
 * strings, finite numbers, booleans, null and bigints. It keeps no path and no ancestor set;
 * anything else (a Date, bytes, a toJSON, a non-finite number, a function, a cycle, a Map,
 * deep nesting) makes it give up with PLAIN_JSON_GAVE_UP, and canonicalJson then walks the
 * value with its full encoder, which produces the text or the precise error. So for any value
 * both paths give the same text.
 */
export const PLAIN_JSON_GAVE_UP: unique symbol = Symbol('plain JSON gave up');

/** Below the full encoder's own depth limit: a cycle ends here and is named by the full walk. */
const MAX_PLAIN_DEPTH = 256;

/** Where the walk leaves the data its text parses back to (see plainJsonTextAndData). */
interface DataSlot {
  data: unknown;
}

/** The canonical JSON text of `value`, or PLAIN_JSON_GAVE_UP. Never throws for plain data. */
export function plainJsonText(value: unknown): string | typeof PLAIN_JSON_GAVE_UP {
  const data = sortedData(value);
  if (data === PLAIN_JSON_GAVE_UP) return PLAIN_JSON_GAVE_UP;
  return data === DECLINED ? walk(value, undefined) : JSON.stringify(data);
}

/**
 * The canonical JSON text of `value` and what JSON.parse makes of that text (fresh plain
 * objects with sorted keys, -0 as 0, bigints as strings, undefined items as null), from one
 * walk; or PLAIN_JSON_GAVE_UP.
 */
export function plainJsonTextAndData(
  value: unknown,
): { text: string; data: unknown } | typeof PLAIN_JSON_GAVE_UP {
  const data = sortedData(value);
  if (data === PLAIN_JSON_GAVE_UP) return PLAIN_JSON_GAVE_UP;
  if (data !== DECLINED) return { text: JSON.stringify(data), data };
  const slot: DataSlot = { data: undefined };
  const text = walk(value, slot);
  return text === PLAIN_JSON_GAVE_UP ? text : { text, data: slot.data };
}

/**
 * Declined by sortedData: an object has a key that starts with a digit. V8 lists array-index
 * keys ("2", "10") first and in numeric order whatever the insertion order, so JSON.stringify
 * of the copy would not follow the sorted order; the string walk below writes those.
 */
const DECLINED: unique symbol = Symbol('declined');

/**
 * The data JSON.parse makes of the canonical text, built with every object's keys inserted in
 * sorted order, so that the engine's own JSON.stringify of it writes the canonical text (a
 * native writer, several times cheaper than joining strings here). Plain data only: anything
 * else gives PLAIN_JSON_GAVE_UP, as the string walk would; a digit-led key gives DECLINED.
 */
function sortedData(value: unknown): unknown {
  try {
    return copySorted(value, 0);
  } catch (error) {
    if (error === PLAIN_JSON_GAVE_UP || error === DECLINED) return error;
    // A throwing getter or proxy trap: the full encoder meets and throws the same error.
    throw error;
  }
}

function copySorted(value: unknown, depth: number): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw PLAIN_JSON_GAVE_UP;
      // JSON writes -0 as 0, and reads it back as 0.
      return value === 0 ? 0 : value;
    case 'bigint':
      return value.toString(10);
    case 'object':
      if (depth >= MAX_PLAIN_DEPTH) throw PLAIN_JSON_GAVE_UP;
      return Array.isArray(value) ? copySortedArray(value, depth) : copySortedObject(value, depth);
    default:
      throw PLAIN_JSON_GAVE_UP;
  }
}

function copySortedArray(value: unknown[], depth: number): unknown[] {
  if (Object.getPrototypeOf(value) !== Array.prototype) throw PLAIN_JSON_GAVE_UP;
  const items: unknown[] = [];
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    items.push(item === undefined ? null : copySorted(item, depth + 1));
  }
  return items;
}

function copySortedObject(value: object, depth: number): Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw PLAIN_JSON_GAVE_UP;
  const record = value as Record<string, unknown>;
  if (typeof record['toJSON'] === 'function') throw PLAIN_JSON_GAVE_UP;
  const data: Record<string, unknown> = {};
  const keys = sortKeys(Object.keys(record));
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) throw DECLINED;
    const member = record[key];
    if (member !== undefined) defineMember(data, key, copySorted(member, depth + 1));
  }
  return data;
}

function walk(value: unknown, slot: DataSlot | undefined): string | typeof PLAIN_JSON_GAVE_UP {
  try {
    return encodePlain(value, 0, slot);
  } catch (error) {
    if (error === PLAIN_JSON_GAVE_UP) return PLAIN_JSON_GAVE_UP;
    // A throwing getter or proxy trap: the full encoder meets and throws the same error.
    throw error;
  }
}

function encodePlain(value: unknown, depth: number, slot: DataSlot | undefined): string {
  if (value === null) {
    if (slot) slot.data = null;
    return 'null';
  }
  switch (typeof value) {
    case 'string':
      if (slot) slot.data = value;
      return JSON.stringify(value);
    case 'boolean':
      if (slot) slot.data = value;
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw PLAIN_JSON_GAVE_UP;
      // JSON writes -0 as 0, and reads it back as 0.
      if (slot) slot.data = value === 0 ? 0 : value;
      // Number to string is the same algorithm JSON.stringify uses for finite numbers.
      return String(value);
    case 'bigint': {
      const digits = value.toString(10);
      if (slot) slot.data = digits;
      return `"${digits}"`;
    }
    case 'object':
      return Array.isArray(value)
        ? encodePlainArray(value, depth, slot)
        : encodePlainObject(value, depth, slot);
    default:
      throw PLAIN_JSON_GAVE_UP;
  }
}

function encodePlainArray(value: unknown[], depth: number, slot: DataSlot | undefined): string {
  if (depth >= MAX_PLAIN_DEPTH || Object.getPrototypeOf(value) !== Array.prototype) {
    throw PLAIN_JSON_GAVE_UP;
  }
  const items: unknown[] | undefined = slot ? [] : undefined;
  let text = '[';
  for (let index = 0; index < value.length; index++) {
    if (index > 0) text += ',';
    const item: unknown = value[index];
    if (item === undefined) {
      text += 'null';
      items?.push(null);
    } else {
      text += encodePlain(item, depth + 1, slot);
      items?.push(slot!.data);
    }
  }
  if (slot) slot.data = items;
  return text + ']';
}

function encodePlainObject(value: object, depth: number, slot: DataSlot | undefined): string {
  if (depth >= MAX_PLAIN_DEPTH) throw PLAIN_JSON_GAVE_UP;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw PLAIN_JSON_GAVE_UP;
  const record = value as Record<string, unknown>;
  if (typeof record['toJSON'] === 'function') throw PLAIN_JSON_GAVE_UP;
  const data: Record<string, unknown> | undefined = slot ? {} : undefined;
  const keys = sortKeys(Object.keys(record));
  let text = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) text += ',';
    first = false;
    text += `${JSON.stringify(key)}:${encodePlain(member, depth + 1, slot)}`;
    if (data) defineMember(data, key, slot!.data);
  }
  if (slot) slot.data = data;
  return text + '}';
}

/**
 * The order of Array.prototype.sort() for strings (UTF-16 code units), in place. Payload objects
 * have a handful of keys, where an insertion sort beats the built-in sort and its work array.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * As JSON.parse (and structuredClone) do: a "__proto__" key is an own data property, not the
 * prototype.
 */
export function defineMember(target: Record<string, unknown>, key: string, member: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value: member,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = member;
}
