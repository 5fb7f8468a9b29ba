import { checkCompensation } from './checks/compensationCheck';
import { checkMetricsDeclared } from './checks/metricsDeclaredCheck';
import { checkPersonalFields, personalOperations } from './checks/personalFieldsCheck';
import { checkRateLimits } from './checks/rateLimitCheck';
import { checkAttemptTimeouts } from './checks/timeoutCheck';
import { checkUnsafeWrites, unsafeWrites } from './checks/unsafeWriteCheck';
import { vendorOperations } from './checks/vendorOperations';
import { checkWebhooks } from './checks/webhookCheck';
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
import type { ConnectorManifest } from '@dealix/connector-core';

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
 * The conformance checks, in the order runConformance runs them. The metric and secret scans
 * come last: they also read everything the checks before them saw.
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
  attemptTimeouts: guarded(checkAttemptTimeouts),
  rateLimits: guarded(checkRateLimits),
  unsafeWrites: guarded(checkUnsafeWrites),
  compensation: guarded(checkCompensation),
  webhooks: guarded(checkWebhooks),
  personalFields: guarded(checkPersonalFields),
  metricsDeclared: guarded(checkMetricsDeclared),
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
  attemptTimeouts:
    'attempt timeouts hold: a slow vendor is timed out, retried where allowed, never answered for',
  rateLimits:
    "the vendor's rate limits are honoured (its wait kept) and capped (a wait past the cap fails at once)",
  unsafeWrites:
    'a write that is not idempotent is never re-sent once it may have reached the vendor',
  compensation: 'compensating a write runs the named operation and undoes the side effect',
  webhooks:
    'webhooks: genuine deliveries accepted; forged, modified, unsigned and replayed ones refused',
  personalFields: 'personal input fields never appear unmasked in audit records or spans',
  metricsDeclared:
    'every metric the connector records is declared in its manifest (ctx.metrics refused nothing)',
  secretsNeverAppear:
    'no secret appears in any error, audit record, log line, result or exported span',
};

/**
 * When a check applies, from the manifest: why it does not, or undefined when it does. A check
 * that does not apply is not declared as a test.
 */
export const CONFORMANCE_CHECK_APPLIES: Partial<
  Record<ConformanceCheckName, (manifest: ConnectorManifest, plugin: unknown) => string | undefined>
> = {
  retries: (m) =>
    vendorOperations(m).some(({ policy }) => policy.kind === 'read')
      ? undefined
      : 'no read operation calls the vendor',
  attemptTimeouts: (m) =>
    vendorOperations(m).length > 0
      ? undefined
      : 'no operation calls the vendor (vendor_call: false)',
  rateLimits: (m) =>
    vendorOperations(m).length > 0
      ? undefined
      : 'no operation calls the vendor (vendor_call: false)',
  unsafeWrites: (m) =>
    unsafeWrites(m).length > 0 ? undefined : 'every write that calls the vendor is idempotent',
  webhooks: (m) =>
    (m.webhook_events ?? []).length > 0 ? undefined : 'the manifest declares no webhook_events',
  personalFields: (m, plugin) =>
    personalOperations(plugin, m).length > 0
      ? undefined
      : 'no confidential or restricted operation marks a personal() input field',
};

/** The checks that apply to a manifest, and the reasons the others do not. */
export function applicableChecks(
  manifest: ConnectorManifest | undefined,
  plugin: unknown,
): {
  run: ConformanceCheckName[];
  skipped: Array<{ check: ConformanceCheckName; reason: string }>;
} {
  const run: ConformanceCheckName[] = [];
  const skipped: Array<{ check: ConformanceCheckName; reason: string }> = [];
  for (const name of Object.keys(conformanceChecks) as ConformanceCheckName[]) {
    const reason =
      manifest === undefined ? undefined : CONFORMANCE_CHECK_APPLIES[name]?.(manifest, plugin);
    if (reason === undefined) run.push(name);
    else skipped.push({ check: name, reason });
  }
  return { run, skipped };
}

/** The shared state of one run of the checks against one connector package. */
export function createConformanceSession<Sim>(
  options: ConformanceOptions<Sim>,
): ConformanceSession<Sim> {
  return new ConformanceSession(options);
}
