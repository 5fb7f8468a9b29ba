import {
  CONFORMANCE_CHECK_TITLES,
  conformanceChecks,
  createConformanceSession,
  type ConformanceCheckName,
} from './conformanceChecks';
import type { ConformanceOptions } from './conformanceOptions';
import { jestGlobals } from './jestGlobals';

const DEFAULT_TIMEOUT_MS = 30_000;

/** Thrown by a failing conformance test: every problem the check found, one per line. */
export class ConformanceFailure extends Error {
  constructor(
    readonly check: ConformanceCheckName,
    readonly problems: readonly string[],
  ) {
    super(
      `${CONFORMANCE_CHECK_TITLES[check]}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConformanceFailure';
  }
}

/**
 * Declares `describe('conformance: <key>')` with one jest test per conformance check, run in
 * order against a real GovernanceRuntime and the connector's simulator. Call it at the top
 * level of the connector's `src/conformance.test.ts`.
 */
export function runConformance<Sim>(options: ConformanceOptions<Sim>): void {
  const { describe, it } = jestGlobals();
  const session = createConformanceSession(options);
  describe(`conformance: ${session.key}`, () => {
    for (const name of Object.keys(conformanceChecks) as ConformanceCheckName[]) {
      it(
        CONFORMANCE_CHECK_TITLES[name],
        async () => {
          const problems = await conformanceChecks[name](session);
          if (problems.length > 0) throw new ConformanceFailure(name, problems);
        },
        options.testTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
    }
  });
}
