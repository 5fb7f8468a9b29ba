import type { ConformanceOptions } from './conformanceOptions';

let captured: Array<ConformanceOptions<unknown>> | undefined;

/**
 * Runs `load` (a `require` of connectors' `src/conformance.test.ts` files) and returns the
 * options every `runConformance()` inside it received, in call order, instead of letting those
 * calls declare tests. A suite that runs across connectors (the reliability suite) gets each
 * connector's simulator, samples, counters and faults from where the connector keeps them,
 * so a new connector joins it without either side writing them twice.
 */
export function captureConformanceOptions(load: () => void): Array<ConformanceOptions<unknown>> {
  if (captured !== undefined) throw new Error('captureConformanceOptions() cannot be nested');
  const calls: Array<ConformanceOptions<unknown>> = [];
  captured = calls;
  try {
    load();
  } finally {
    captured = undefined;
  }
  return calls;
}

/** For runConformance(): records its options and returns true while a capture is open. */
export function capturedConformanceRun<Sim>(options: ConformanceOptions<Sim>): boolean {
  if (captured === undefined) return false;
  // The simulator type is the connector's own; the capturing suite treats it as opaque.
  captured.push(options as unknown as ConformanceOptions<unknown>);
  return true;
}
