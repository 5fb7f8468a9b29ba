/**
 * A deep copy of data kept by an in-memory store, so neither the caller who handed it over nor
 * one who read it back can change what is stored (a database store gets this by serializing).
 * Values structuredClone cannot copy (functions, class instances with private state) are kept
 * by reference rather than refused: the store must not fail a call over its own bookkeeping.
 */
export function storedCopy<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** Freezes plain data in place, all the way down (data the store itself created). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
