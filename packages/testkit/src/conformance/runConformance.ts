import {
  CONFORMANCE_CHECK_TITLES,
  applicableChecks,
  conformanceChecks,
  createConformanceSession,
  type ConformanceCheckName,
} from './conformanceChecks';
import { capturedConformanceRun } from './conformanceCapture';
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
 * Declares `describe('conformance: <key>')` with one jest test per conformance check that
 * applies to the manifest (webhook checks only with webhook_events, ...), run in order against
 * a real GovernanceRuntime and the connector's simulator, and prints which checks run and why
 * the others do not. Call it at the top level of the connector's `src/conformance.test.ts`.
 * Inside `captureConformanceOptions()` it only hands its options over and declares nothing.
 */
export function runConformance<Sim>(options: ConformanceOptions<Sim>): void {
  if (capturedConformanceRun(options)) return;
  const { describe, it } = jestGlobals();
  const session = createConformanceSession(options);
  const load = session.manifest();
  const { run, skipped } = applicableChecks(load.ok ? load.manifest : undefined, options.plugin);
  process.stdout.write(`${conformancePlan(session.key, run, skipped)}\n`);
  describe(`conformance: ${session.key}`, () => {
    for (const name of run) {
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

/** What runConformance prints: the checks it declared, and why the others do not apply. */
export function conformancePlan(
  key: string,
  run: readonly ConformanceCheckName[],
  skipped: ReadonlyArray<{ check: ConformanceCheckName; reason: string }>,
): string {
  const lines = [`conformance: ${key}: ${run.length} checks run: ${run.join(', ')}`];
  for (const { check, reason } of skipped) lines.push(`  not applicable: ${check} (${reason})`);
  return lines.join('\n');
}
