import { checkCompensation } from './checks/compensationCheck';
import { checkRequiredConfig } from './checks/configCheck';
import { checkHealthProbe } from './checks/healthProbeCheck';
import { checkInputValidation } from './checks/inputValidationCheck';
import { checkOperationDeclarations } from './checks/operationDeclarationsCheck';
import { checkPackageAndManifest } from './checks/packageCheck';
import { checkRetries } from './checks/retryCheck';
import { checkSamples } from './checks/samplesCheck';
import { checkSchemaFiles } from './checks/schemaFilesCheck';
import { checkSecretsNeverAppear } from './checks/secretsCheck';
import { describeError } from './conformanceHarness';
import type { ConformanceOptions } from './conformanceOptions';
import { ConformanceSession } from './conformanceSession';

/** One check: resolves to its problems, each a sentence naming what is wrong (none = passed). */
export type ConformanceCheck = <Sim>(session: ConformanceSession<Sim>) => Promise<string[]>;

/** A check that never throws (a crash is a problem) and never prints a secret of the run. */
function guarded(check: ConformanceCheck): ConformanceCheck {
  return async <Sim>(session: ConformanceSession<Sim>) => {
    let problems: string[];
    try {
      problems = await check(session);
    } catch (error) {
      problems = [`the check could not run: ${describeError(error)}`];
    }
    return problems.map((p) => session.redact(p));
  };
}

/**
 * The conformance checks, in the order runConformance runs them. The secret scan comes last:
 * it also reads everything the checks before it saw.
 */
export const conformanceChecks = {
  packageAndManifest: guarded(checkPackageAndManifest),
  operationDeclarations: guarded(checkOperationDeclarations),
  schemaFiles: guarded(checkSchemaFiles),
  requiredConfig: guarded(checkRequiredConfig),
  inputValidation: guarded(checkInputValidation),
  samples: guarded(checkSamples),
  healthProbe: guarded(checkHealthProbe),
  retries: guarded(checkRetries),
  compensation: guarded(checkCompensation),
  secretsNeverAppear: guarded(checkSecretsNeverAppear),
} satisfies Record<string, ConformanceCheck>;

export type ConformanceCheckName = keyof typeof conformanceChecks;

/** The jest test title of each check. */
export const CONFORMANCE_CHECK_TITLES: Record<ConformanceCheckName, string> = {
  packageAndManifest:
    'package.json and connector.json pass the loader, name the package after the key and match the code',
  operationDeclarations:
    'every operation has zod schemas, a sample, declared audit events and (writes) a compensation',
  schemaFiles: 'the committed schemas/ files equal the zod schemas',
  requiredConfig: 'registering without any required config field fails naming the field',
  inputValidation:
    'bad input is rejected with DLX_E_RUNTIME_INPUT_INVALID before any vendor request',
  samples: 'every sample succeeds and moves its side-effect counter by exactly its delta',
  healthProbe: 'the health probe is ok against the simulator and not ok when the vendor is down',
  retries: 'retries follow the manifest: transient retried, permanent sent once, bounded when down',
  compensation: 'compensating a write runs the named operation and undoes the side effect',
  secretsNeverAppear: 'no secret appears in any error, audit record, log line or result',
};

/** The shared state of one run of the checks against one connector package. */
export function createConformanceSession<Sim>(
  options: ConformanceOptions<Sim>,
): ConformanceSession<Sim> {
  return new ConformanceSession(options);
}
