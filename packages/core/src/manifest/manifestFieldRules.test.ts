import { expectIssue, expectValid, issuesOf } from './__fixtures__/issueAssertions';
import { freshValidManifest, validManifest } from './__fixtures__/validManifest';
import { validateManifest } from './validateManifest';

type Loose = Record<string, unknown>;
const withRoot = (patch: Loose): unknown => ({ ...freshValidManifest(), ...patch });
function withOperation(name: string, patch: Loose): unknown {
  const m = freshValidManifest();
  Object.assign(m.operations[name]!, patch);
  return m;
}

describe('manifest field rules', () => {
  it('accepts the Stripe-like manifest and returns a fresh copy of it', () => {
    const input = freshValidManifest();
    const result = validateManifest(input);
    expect(result).toEqual({ ok: true, manifest: validManifest });
    expect(result.ok && result.manifest).not.toBe(input);
  });

  it('words an enum error with the value found and the choices', () => {
    const issues = issuesOf(validateManifest(withRoot({ approval_policy: 'B' })));
    expect(issues).toEqual([
      {
        code: 'invalid_value',
        path: 'approval_policy',
        message:
          'connector.json: approval_policy: "B" is not allowed; use "auto" or "approval_required"',
      },
    ]);
  });

  it('names the allowed fields of an unknown field', () => {
    const m = freshValidManifest() as unknown as { operations: Record<string, Loose> };
    m.operations.refund = { ...m.operations.reverse_payment_intent, flavour: 'vanilla' };
    const issue = expectIssue(m, { code: 'unknown_field', path: 'operations.refund.flavour' });
    expect(issue.message).toMatch(
      /^connector\.json: operations\.refund\.flavour: unknown field; allowed fields are kind, description, approval_policy, /,
    );
  });

  it('names the file it was given', () => {
    expectIssue(
      withRoot({ retry_max: 11 }),
      { code: 'out_of_range', path: 'retry_max', found: '11', allowed: ['from 0 to 10'] },
      'packages/connectors/stripe/connector.json',
    );
  });

  it('reports a missing field with what to add', () => {
    const m = freshValidManifest() as unknown as Loose;
    delete m.display_name_ar;
    delete m.manifest_version;
    expectIssue(m, {
      code: 'missing_field',
      path: 'display_name_ar',
      allowed: ['a string of 1 to 200'],
    });
    expectIssue(m, { code: 'missing_field', path: 'manifest_version', allowed: ['1'] });
    expectIssue(withOperation('create_payment_intent', { audit_events: undefined }), {
      code: 'missing_field',
      path: 'operations.create_payment_intent.audit_events',
      allowed: ['an object with success and failure'],
    });
  });

  it('reports a value of the wrong type', () => {
    expectIssue(withRoot({ retry_max: '3' }), {
      code: 'invalid_type',
      path: 'retry_max',
      found: '"3" is a string',
      allowed: ['an integer from 0 to 10'],
    });
    expectIssue(withRoot({ timeout_ms: 1.5 }), {
      code: 'invalid_type',
      path: 'timeout_ms',
      found: '1.5',
    });
    expectIssue(withRoot({ owners: 'team' }), {
      code: 'invalid_type',
      path: 'owners',
      found: '"team"',
    });
    expectIssue(withRoot({ operations: [] }), {
      code: 'invalid_type',
      path: 'operations',
      found: '[]',
    });
  });

  it('checks manifest_version is the literal 1', () => {
    expectIssue(withRoot({ manifest_version: 2 }), {
      code: 'invalid_value',
      path: 'manifest_version',
      found: '2',
      allowed: ['use 1'],
    });
  });

  it('checks names are lower-case snake case', () => {
    expectIssue(withRoot({ connector_key: 'Stripe-Pay' }), {
      code: 'invalid_format',
      path: 'connector_key',
      found: '"Stripe-Pay"',
      allowed: ['lower-case letters, digits and _, starting with a letter'],
    });
    const m = freshValidManifest();
    m.operations['Create'] = m.operations.retrieve_payment_intent!;
    expectIssue(m, { code: 'invalid_format', path: 'operations.Create', found: '"Create"' });
    const c = freshValidManifest();
    c.config['a.b'] = c.config.api_key!;
    expectIssue(c, { code: 'invalid_format', path: 'config["a.b"]', found: '"a.b"' });
    expectIssue(withRoot({ audit_events: [...validManifest.audit_events, '9lives'] }), {
      code: 'invalid_format',
      path: `audit_events[${validManifest.audit_events.length}]`,
      found: '"9lives"',
    });
  });

  it('requires an https contract_url', () => {
    for (const url of [
      'http://docs.stripe.com',
      'docs.stripe.com',
      'https://',
      'https://a b.com',
    ]) {
      expectIssue(withRoot({ contract_url: url }), {
        code: 'invalid_format',
        path: 'contract_url',
        found: JSON.stringify(url),
        allowed: ['an https URL'],
      });
    }
    expectValid(withRoot({ contract_url: 'https://docs.stripe.com:443/api?x=1#y' }));
  });

  it('requires non-empty owners', () => {
    expectIssue(withRoot({ owners: [] }), {
      code: 'too_few',
      path: 'owners',
      found: '[]',
      allowed: ['at least 1'],
    });
    expectIssue(withRoot({ owners: ['ok', ''] }), {
      code: 'too_short',
      path: 'owners[1]',
      found: '""',
    });
  });

  it('bounds numbers', () => {
    expectIssue(withRoot({ retry_max: -1, retry_backoff_ms: [] }), {
      code: 'out_of_range',
      path: 'retry_max',
    });
    expectIssue(withRoot({ timeout_ms: 0 }), {
      code: 'out_of_range',
      path: 'timeout_ms',
      allowed: ['from 1 to 600000'],
    });
    expectIssue(withRoot({ timeout_ms: 600_001 }), { code: 'out_of_range', path: 'timeout_ms' });
    expectIssue(withRoot({ retry_backoff_ms: [-5, 0, 0] }), {
      code: 'out_of_range',
      path: 'retry_backoff_ms[0]',
      found: '-5',
      allowed: ['at least 0'],
    });
    expectIssue(withRoot({ deadline_ms: 0 }), { code: 'out_of_range', path: 'deadline_ms' });
    expectIssue(withOperation('retrieve_payment_intent', { retry_max: 11 }), {
      code: 'out_of_range',
      path: 'operations.retrieve_payment_intent.retry_max',
    });
  });

  it('bounds strings', () => {
    expectIssue(withRoot({ display_name: 'x'.repeat(201) }), {
      code: 'too_long',
      path: 'display_name',
      allowed: ['at most 200'],
    });
    expectIssue(withOperation('create_payment_intent', { description: 'd'.repeat(1001) }), {
      code: 'too_long',
      path: 'operations.create_payment_intent.description',
      allowed: ['at most 1000'],
    });
    expectIssue(withOperation('create_payment_intent', { description: '' }), {
      code: 'too_short',
      path: 'operations.create_payment_intent.description',
    });
  });

  it('requires at least one operation and audit event and allowed host', () => {
    expectIssue(withRoot({ operations: {} }), { code: 'too_few', path: 'operations', found: '{}' });
    expectIssue(withRoot({ audit_events: [] }), { code: 'too_few', path: 'audit_events' });
    expectIssue(withRoot({ allowed_hosts: [] }), { code: 'too_few', path: 'allowed_hosts' });
  });

  it('rejects duplicate list entries', () => {
    const events = [...validManifest.audit_events, 'payment_succeeded'];
    expectIssue(withRoot({ audit_events: events }), {
      code: 'duplicate',
      path: `audit_events[${events.length - 1}]`,
      found: '"payment_succeeded"',
      allowed: ['first at index 6'],
    });
    expectIssue(
      withRoot({ allowed_hosts: ['api.stripe.com', '${config.base_url}', 'api.stripe.com'] }),
      {
        code: 'duplicate',
        path: 'allowed_hosts[2]',
      },
    );
  });

  it('checks config field types', () => {
    const m = freshValidManifest() as unknown as { config: Record<string, Loose> };
    m.config.api_key!.type = 'password';
    expectIssue(m, {
      code: 'invalid_value',
      path: 'config.api_key.type',
      found: '"password"',
      allowed: ['"secret"', '"private_key"'],
    });
    const d = freshValidManifest() as unknown as { config: Record<string, Loose> };
    d.config.base_url!.default = { url: 'x' };
    expectIssue(d, {
      code: 'invalid_type',
      path: 'config.base_url.default',
      allowed: ['a number or a boolean'],
    });
  });

  it('checks metrics and direct transports', () => {
    const metric = validManifest.metrics![0]!;
    expectIssue(withRoot({ metrics: [{ ...metric, name: '1bad name' }] }), {
      code: 'invalid_format',
      path: 'metrics[0].name',
      allowed: ['Prometheus metric name'],
    });
    expectIssue(withRoot({ metrics: [{ ...metric, labels: ['ok', 'bad-label'] }] }), {
      code: 'invalid_format',
      path: 'metrics[0].labels[1]',
      allowed: ['Prometheus label name'],
    });
    expectIssue(withRoot({ metrics: [{ ...metric, labels: ['a', 'a'] }] }), {
      code: 'duplicate',
      path: 'metrics[0].labels[1]',
    });
    expectIssue(withRoot({ metrics: [{ ...metric, type: 'summary' }] }), {
      code: 'invalid_value',
      path: 'metrics[0].type',
      allowed: ['"counter", "gauge" or "histogram"'],
    });
    expectIssue(withRoot({ direct_transports: [{ library: '', reason: 'SMTP' }] }), {
      code: 'too_short',
      path: 'direct_transports[0].library',
    });
    expectIssue(withRoot({ direct_transports: [{ library: 'nodemailer' }] }), {
      code: 'missing_field',
      path: 'direct_transports[0].reason',
    });
    expectValid(
      withRoot({ direct_transports: [{ library: 'nodemailer', reason: 'SMTP is not HTTP.' }] }),
    );
  });

  it('lets optional parts be left out', () => {
    const m = freshValidManifest() as unknown as Loose;
    for (const field of [
      '$schema',
      'deadline_ms',
      'webhook_events',
      'metrics',
      'direct_transports',
    ]) {
      delete m[field];
    }
    (m.audit_events as string[]).pop();
    expectValid(m);
  });
});
