import { secretForms } from '@dealix/connector-core';
import { exportedSpanData, withCapturedSpans } from '../../tracing/spanCapture';
import { CONFORMANCE_TENANT, withHarness } from '../conformanceHarness';
import type { ConformanceSession } from '../conformanceSession';
import { withWrongSecrets } from '../wrongSecrets';

const WRONG_TENANT = 'conformance-wrong-secrets';
const MIN_SCANNABLE = 8;
const MAX_REPORTED = 20;

/**
 * No configured secret value appears in any error, audit record, log line, result or probe
 * state of the run: everything the earlier checks saw, plus the usual leak paths provoked here
 * (vendor errors, rejected input, wrong credentials, a vendor that is down), which run traced
 * as a host with OTEL_* set runs them, so what an exporter would send of their spans is read
 * too (a connector may add span attributes of its own through the OpenTelemetry API).
 */
export async function checkSecretsNeverAppear<Sim>(
  session: ConformanceSession<Sim>,
): Promise<string[]> {
  const blockers = session.runtimeBlockers();
  if (blockers.length > 0) return blockers;
  await withCapturedSpans(
    () => provokeLeaks(session),
    (spans) => session.observeValue('the exported spans (secret scan)', exportedSpanData(spans)),
  );
  return findSecretLeaks(session);
}

/** Every place a secret of this run shows in what was observed, named by field and place. */
export function findSecretLeaks<Sim>(session: ConformanceSession<Sim>): string[] {
  const problems = new Set<string>();
  for (const [value, field] of session.secrets) {
    if (value.length < MIN_SCANNABLE) {
      problems.add(
        `the secret config field ${field} has a value under ${MIN_SCANNABLE} characters; give startSimulator() a realistic one so the scan means something`,
      );
      continue;
    }
    const forms = secretForms(value);
    for (const { where, text } of session.observations) {
      const form = forms.find((f) => text.includes(f));
      if (form === undefined) continue;
      const at = text.indexOf(form);
      const excerpt = text.slice(Math.max(0, at - 80), at + form.length + 80).replace(/\s+/g, ' ');
      problems.add(
        `the value of the secret config field ${field} appears in ${where}: …${session.redact(excerpt)}…`,
      );
    }
  }
  const all = [...problems];
  return all.length > MAX_REPORTED
    ? [...all.slice(0, MAX_REPORTED), `…and ${all.length - MAX_REPORTED} more`]
    : all;
}

async function provokeLeaks<Sim>(session: ConformanceSession<Sim>): Promise<void> {
  await withHarness(session, 'secret scan', async (h) => {
    const operations = Object.keys(h.manifest.operations);
    for (const name of operations) {
      await h.attempt(name, {}, { note: 'empty input' });
      const input = await h.sampleInput(name);
      session.options.injectFault(h.sim, name, 'permanent', 1);
      await h.attempt(name, input, { note: 'permanent fault' });
    }
    // Vendors answer wrong credentials with errors that often echo them.
    const registered = await h
      .register(withWrongSecrets(h.manifest, h.handle.config), WRONG_TENANT)
      .then(() => true)
      .catch(() => false);
    if (registered) {
      for (const name of operations) {
        const input = await h.sampleInput(name);
        await h.attempt(name, input, { tenant: WRONG_TENANT, note: 'wrong secrets' });
      }
      session.observeValue(
        'the health probe (wrong secrets)',
        await h.runtime.probe(WRONG_TENANT, h.key),
      );
    }
    await h.handle.stop();
    for (const name of operations) {
      await h.attempt(name, await safeSample(h, name), { note: 'vendor down' });
    }
    session.observeValue(
      'the health probe (vendor down)',
      await h.runtime.probe(CONFORMANCE_TENANT, h.key),
    );
  });
}

/** A sample prepared against a stopped simulator may fail; the call is what matters. */
async function safeSample(
  h: { sampleInput(name: string): Promise<unknown> },
  name: string,
): Promise<unknown> {
  return h.sampleInput(name).catch(() => ({}));
}
