/**
 * The jest lifecycle hooks a harness registers, read from the globals when a test file calls
 * it (never at import: this entry loads in processes without jest too). Typed here so the
 * built entry carries no jest types.
 */
export interface JestHooks {
  beforeEach(fn: () => Promise<void>): void;
  afterEach(fn: () => Promise<void>): void;
}

export function jestHooks(caller: string): JestHooks {
  const g = globalThis as unknown as Partial<JestHooks>;
  if (typeof g.beforeEach !== 'function' || typeof g.afterEach !== 'function') {
    throw new Error(`${caller}() registers jest hooks: call it inside a *.test.ts file`);
  }
  return { beforeEach: g.beforeEach, afterEach: g.afterEach };
}
