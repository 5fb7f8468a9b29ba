import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSecretLeaks } from './checks/secretsCheck';
import { conformanceChecks, createConformanceSession } from './conformanceChecks';
import type { ConformanceSession } from './conformanceSession';
import { brokenConformanceOptions } from './__fixtures__/brokenConformance';
import { unsafeConformanceOptions } from './__fixtures__/unsafeConformance';
import { applicableChecks } from './conformanceChecks';
import { conformancePlan } from './runConformance';
import { validateManifest } from '@dealix/connector-core';
import { PROBE_PACKAGE_DIR, probeConformanceOptions } from './__fixtures__/probeConformance';
import type { ProbeVendor } from './__fixtures__/probeVendor';

function expectNoSecretIn(session: ConformanceSession<ProbeVendor>, problems: string[]): void {
  expect(session.secrets.size).toBeGreaterThan(0);
  for (const secret of session.secrets.keys()) {
    for (const problem of problems) expect(problem).not.toContain(secret);
  }
}

/** A copy of the probe package in a temporary folder, with `edit` applied to its JSON files. */
function probeCopy(
  edit: (files: { pkg: Record<string, unknown>; manifest: Record<string, unknown> }) => void,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-probe-'));
  cpSync(PROBE_PACKAGE_DIR, dir, { recursive: true });
  const read = (file: string) =>
    JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
  const files = { pkg: read('package.json'), manifest: read('connector.json') };
  edit(files);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(files.pkg));
  writeFileSync(join(dir, 'connector.json'), JSON.stringify(files.manifest));
  return dir;
}

describe('conformance checks against a connector with mistakes', () => {
  // One session, in runConformance's order: the secret scan also reads what came before.
  const session = createConformanceSession(brokenConformanceOptions());
  const checks = conformanceChecks;

  it('reports a core range that excludes the running core', async () => {
    const problems = await checks.packageAndManifest(session);
    expect(problems).toEqual([
      expect.stringMatching(
        /^DLX_E_LOADER_INCOMPATIBLE_CORE .*supports core \^0\.9\.0, this host runs 1\.0\.0/,
      ),
    ]);
  });

  it('reports the missing, the stale and the orphaned schema file', async () => {
    const problems = await checks.schemaFiles(session);
    expect(problems).toEqual(
      expect.arrayContaining([
        'schemas/close_ticket.output.json is missing',
        "schemas/create_ticket.input.json is stale: it differs from the operation's zod schema",
        'schemas/delete_ticket.input.json belongs to no operation of the code',
      ]),
    );
  });

  it('reports an operation whose input schema accepts anything', async () => {
    expect(await checks.inputValidation(session)).toEqual([
      expect.stringMatching(/^"get_ticket" accepts every wrong-typed input tried/),
    ]);
  });

  it('reports a health probe that says ok while the vendor is down', async () => {
    expect(await checks.healthProbe(session)).toEqual([
      expect.stringMatching(/says "ok" while the vendor is down/),
    ]);
  });

  it('reports a read that is not retried after a transient fault', async () => {
    const problems = await checks.retries(session);
    expect(problems).toEqual([
      expect.stringMatching(
        /^"get_ticket" failed after one transient fault \(DLX_E_VENDOR_PERMANENT/,
      ),
      expect.stringMatching(/^"get_ticket" was not retried when the vendor did not answer/),
    ]);
    expectNoSecretIn(session, problems);
  });

  it('reports a compensation that runs another operation and undoes nothing', async () => {
    expect(await checks.compensation(session)).toEqual([
      'compensating "create_ticket" ran "get_ticket", not "close_ticket" as the manifest says',
      'compensating "create_ticket" moved "tickets_closed" by 0, expected 1 (the sideEffect of "close_ticket")',
    ]);
  });

  it('reports the API key leaking into error messages, by field and place, without printing it', async () => {
    const problems = await checks.secretsNeverAppear(session);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^the value of the secret config field "api_key" appears in an error of get_ticket \(secret scan, permanent fault\): .*made with key \[SECRET\]/,
        ),
        expect.stringMatching(
          /^the value of the secret config field "api_key" of tenant "conformance-wrong-secrets" appears in an error of create_ticket/,
        ),
        expect.stringMatching(
          /^the value of the secret config field "api_key" appears in the exported spans \(secret scan\): .*"ticket\.auth":"\[SECRET\]"/,
        ),
      ]),
    );
    expectNoSecretIn(session, problems);
  });

  it('passes what the mistakes do not touch: declarations, required config and samples', async () => {
    expect(await checks.operationDeclarations(session)).toEqual([]);
    expect(await checks.requiredConfig(session)).toEqual([]);
    expect(await checks.samples(session)).toEqual([]);
  });
});

describe('conformance checks of the package and manifest', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('reports a write without compensation, a missing "$schema" and a package name off the key', async () => {
    const noCompensation = probeCopy(({ manifest }) => {
      const ops = manifest.operations as Record<string, Record<string, unknown>>;
      delete ops.create_ticket!.compensation;
    });
    const misnamed = probeCopy(({ pkg, manifest }) => {
      pkg.name = '@dealix/connector-probe';
      delete manifest.$schema;
    });
    dirs.push(noCompensation, misnamed);

    const first = createConformanceSession(probeConformanceOptions({ packageDir: noCompensation }));
    expect(await conformanceChecks.packageAndManifest(first)).toEqual([
      expect.stringMatching(/^DLX_E_MANIFEST_INVALID .*operations\.create_ticket\.compensation/s),
    ]);
    expect(await conformanceChecks.operationDeclarations(first)).toEqual([
      expect.stringMatching(/^cannot check operations: .*operations\.create_ticket\.compensation/s),
    ]);
    expect(await conformanceChecks.samples(first)).toEqual([
      expect.stringMatching(/^cannot run the connector: /),
    ]);

    const second = createConformanceSession(probeConformanceOptions({ packageDir: misnamed }));
    expect(await conformanceChecks.packageAndManifest(second)).toEqual([
      expect.stringMatching(/connector\.json has no "\$schema"/),
      'package.json names the package "@dealix/connector-probe"; connector key "conformance_probe" requires "@dealix/connector-conformance-probe"',
    ]);
  });

  it('runs a connector that handles restricted data, with a data key of the run', async () => {
    const restricted = probeCopy(({ manifest }) => {
      manifest.data_classification = 'restricted';
      manifest.approval_policy = 'approval_required';
    });
    dirs.push(restricted);
    const session = createConformanceSession(probeConformanceOptions({ packageDir: restricted }));
    expect(await conformanceChecks.packageAndManifest(session)).toEqual([]);
    expect(await conformanceChecks.samples(session)).toEqual([]);
  });

  it('reports samples that are missing, invalid or without the counter a write moves', async () => {
    const base = probeConformanceOptions();
    const session = createConformanceSession(
      probeConformanceOptions({
        samples: {
          get_ticket: base.samples.get_ticket!,
          create_ticket: { input: { subject: '', requester_email: 'not an address' } },
          close_ticket: base.samples.close_ticket!,
          archive_ticket: { input: {} },
        },
      }),
    );
    expect(await conformanceChecks.operationDeclarations(session)).toEqual([
      expect.stringMatching(
        /^the sample of "create_ticket" fails its input schema: subject: .*; requester_email: /,
      ),
      'operation "create_ticket" is a write: its sample must name the simulator counter it moves (sideEffect)',
      'operation "send_reply" has no sample: every operation needs a valid input',
      'sample "archive_ticket" names no operation of the manifest',
    ]);
  });

  it('turns a check that cannot run into a problem instead of a crash', async () => {
    const session = createConformanceSession(
      probeConformanceOptions({
        startSimulator: () => Promise.reject(new Error('port 443 is taken')),
      }),
    );
    expect(await conformanceChecks.samples(session)).toEqual([
      'the check could not run: port 443 is taken',
    ]);
  });
});

describe('the secret scan', () => {
  it('finds a secret in a log line, also percent-encoded, and names the field, not the value', () => {
    const session = createConformanceSession(probeConformanceOptions());
    const secret = 'probe_live_a1b2c3d4+e5f6/g7h8';
    session.secrets.set(secret, '"api_key"');
    session.observeValue('a warn log line (test)', {
      msg: 'retrying',
      url: `/x?key=${encodeURIComponent(secret)}`,
    });
    session.observeValue('an info log line (test)', { msg: 'nothing to see' });
    const problems = findSecretLeaks(session);
    expect(problems).toEqual([
      expect.stringMatching(
        /^the value of the secret config field "api_key" appears in a warn log line \(test\): .*key=\[SECRET\]/,
      ),
    ]);
    expect(problems[0]).not.toContain(encodeURIComponent(secret));
  });

  it('finds no undeclared metric for a connector that records only what it declares', async () => {
    const session = createConformanceSession(probeConformanceOptions());
    expect(await conformanceChecks.metricsDeclared(session)).toEqual([]);
  });

  it('reads the audit records and errors of the run, and finds nothing for a careful connector', async () => {
    const session = createConformanceSession(probeConformanceOptions());
    expect(await conformanceChecks.secretsNeverAppear(session)).toEqual([]);
    const places = session.observations.map((o) => o.where);
    expect(places).toEqual(
      expect.arrayContaining([expect.stringMatching(/^audit record #\d+ "ticket_read_failed"/)]),
    );
    expect(places).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^an error of get_ticket \(secret scan, permanent fault\)/),
      ]),
    );
    expect(places).toEqual(
      expect.arrayContaining([expect.stringMatching(/tenant "conformance-wrong-secrets"/)]),
    );
    // The provoked calls ran traced: their spans were read too.
    const spans = session.observations.find((o) => o.where === 'the exported spans (secret scan)');
    expect(spans?.text).toContain('"name":"conformance_probe.get_ticket attempt"');
  });
});

describe('conformance checks of the hard paths, against a connector that does each wrong', () => {
  const session = createConformanceSession(unsafeConformanceOptions());

  it('catches a connector that answers for a vendor too slow to answer', async () => {
    expect(await conformanceChecks.attemptTimeouts(session)).toEqual([
      '"get_ticket" succeeded in one attempt although the vendor did not answer within the timeout: the connector answered without the vendor',
    ]);
  });

  it("catches a rate limit mapped without the vendor's wait, or as another kind", async () => {
    expect(await conformanceChecks.rateLimits(session)).toEqual(
      expect.arrayContaining([
        '"get_ticket": the error lost the wait the vendor asked for (2000 ms); keep retryAfterMs when mapping errors',
        '"get_ticket" succeeded although the vendor asked to wait past any cap',
        '"send_reply": the vendor\'s rate limit arrived as DLX_E_VENDOR_TRANSIENT (transient), not kind rate_limited',
      ]),
    );
  });

  it('catches a write that is not idempotent being sent twice after its answer was lost', async () => {
    expect(await conformanceChecks.unsafeWrites(session)).toEqual([
      '"send_reply" succeeded although the vendor\'s answer was lost',
      '"send_reply" is not idempotent but was sent 2 times when its answer was lost (retry_max 2): a request that may have reached the vendor is never re-sent',
      '"send_reply" moved "replies_sent" by 2 when its answer was lost, expected 1',
    ]);
  });

  it('catches a webhook check that takes any signature header for genuine', async () => {
    expect(await conformanceChecks.webhooks(session)).toEqual(
      expect.arrayContaining([
        'a "ticket_updated" delivery with a forged signature was accepted; expected DLX_E_WEBHOOK_SIGNATURE_INVALID',
        'a "ticket_updated" delivery with a body changed after signing was accepted; expected DLX_E_WEBHOOK_SIGNATURE_INVALID',
      ]),
    );
  });

  it('catches a metric recorded without a declaration, even with the refusal swallowed', async () => {
    expect(await conformanceChecks.metricsDeclared(session)).toEqual([
      'connector "conformance_unsafe" (tenant "conformance") records metric "tickets_read_total", which its manifest does not declare; declared: (none) (declare it in connector.json "metrics" with its type, unit and labels, or stop recording it)',
    ]);
  });

  it('catches a personal input field copied into the output, unmasked in the audit', async () => {
    expect(await conformanceChecks.personalFields(session)).toEqual([
      'the personal field "body" of "send_reply" appears unmasked in audit record "reply_sent"',
      'the personal field "body" of "send_reply" appears unmasked in an exported span',
    ]);
  });
});

describe('which checks apply', () => {
  it('declares a check only when the manifest calls for it, and says why the others do not', () => {
    const broken = brokenConformanceOptions();
    const manifest = createConformanceSession(broken).manifest();
    if (!manifest.ok) throw new Error('the broken manifest is valid');
    const { run, skipped } = applicableChecks(manifest.manifest, broken.plugin);
    expect(skipped).toEqual([
      { check: 'unsafeWrites', reason: 'every write that calls the vendor is idempotent' },
      { check: 'webhooks', reason: 'the manifest declares no webhook_events' },
      {
        check: 'personalFields',
        reason: 'no confidential or restricted operation marks a personal() input field',
      },
    ]);
    expect(run).toContain('retries');
    expect(conformancePlan('conformance_broken', run, skipped)).toMatch(
      /^conformance: conformance_broken: 13 checks run: packageAndManifest, .*\n {2}not applicable: unsafeWrites \(every write that calls the vendor is idempotent\)/,
    );
  });

  it('leaves retry, timeout and rate-limit checks out for operations that never call the vendor', () => {
    const probe = probeConformanceOptions();
    const raw = JSON.parse(readFileSync(join(PROBE_PACKAGE_DIR, 'connector.json'), 'utf8')) as {
      operations: Record<string, Record<string, unknown>>;
    };
    for (const op of Object.values(raw.operations)) op.vendor_call = false;
    const result = validateManifest(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { skipped } = applicableChecks(result.manifest, probe.plugin);
    expect(skipped.map((s) => s.check)).toEqual([
      'retries',
      'attemptTimeouts',
      'rateLimits',
      'unsafeWrites',
    ]);
  });
});
