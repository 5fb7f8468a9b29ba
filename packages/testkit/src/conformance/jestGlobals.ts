/** The jest globals runConformance declares tests with (typed here: the build has no jest types). */
export interface JestGlobals {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>, timeoutMs?: number): void;
}

export function jestGlobals(): JestGlobals {
  const g = globalThis as unknown as Partial<JestGlobals>;
  if (typeof g.describe !== 'function' || typeof g.it !== 'function') {
    throw new Error(
      'runConformance() declares jest tests: call it at the top level of a *.test.ts file',
    );
  }
  return { describe: g.describe, it: g.it };
}
