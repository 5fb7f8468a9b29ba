import { diffCase, trackRepos } from '../__fixtures__/gateRun';
import { sampleManifest, type SampleManifest } from '../__fixtures__/sampleManifest';
import { packageName } from '../__fixtures__/tempRepo';
import type { RuleId } from '../findings/gateRules';
import { renderMarkdown } from '../render/renderMarkdown';

const repos = trackRepos();
afterAll(() => repos.cleanup());

interface RelaxationCase {
  name: string;
  base?: (m: SampleManifest) => void;
  change: (m: SampleManifest) => void;
  rule: RuleId;
  path: string;
}

const withWebhookEvent = (m: SampleManifest) => {
  m.audit_events.push('charge_succeeded');
  m.webhook_events = ['charge_succeeded'];
};

const cases: RelaxationCase[] = [
  {
    name: 'classification lowered at the connector',
    change: (m) => (m.data_classification = 'internal'),
    rule: 'classification_lowered',
    path: 'data_classification',
  },
  {
    name: 'classification lowered at an operation',
    change: (m) => (m.operations.get_charge!.data_classification = 'public'),
    rule: 'classification_lowered',
    path: 'operations.get_charge.data_classification',
  },
  {
    name: 'approval relaxed at the connector',
    base: (m) => (m.approval_policy = 'approval_required'),
    change: (m) => (m.approval_policy = 'auto'),
    rule: 'approval_relaxed',
    path: 'approval_policy',
  },
  {
    name: 'approval relaxed at an operation',
    change: (m) => delete m.operations.create_charge!.approval_policy,
    rule: 'approval_relaxed',
    path: 'operations.create_charge.approval_policy',
  },
  {
    name: 'audit events removed',
    base: withWebhookEvent,
    change: (m) => {
      m.audit_events = m.audit_events.filter((e) => e !== 'charge_succeeded');
      delete m.webhook_events;
    },
    rule: 'audit_events_removed',
    path: 'audit_events',
  },
  {
    name: 'allowed hosts widened by a new entry',
    change: (m) => m.allowed_hosts.push('files.example.com'),
    rule: 'allowed_hosts_widened',
    path: 'allowed_hosts',
  },
  {
    name: 'allowed hosts widened through a host_pattern',
    change: (m) => (m.config.base_url!.host_pattern = '*.example.com'),
    rule: 'allowed_hosts_widened',
    path: 'config.base_url.host_pattern',
  },
  {
    name: 'retries raised',
    change: (m) => {
      m.retry_max = 3;
      m.retry_backoff_ms = [100, 200, 200];
    },
    rule: 'retry_raised',
    path: 'retry_max',
  },
  {
    name: 'retries raised at an operation',
    change: (m) => {
      m.operations.get_charge!.retry_max = 4;
      m.operations.get_charge!.retry_backoff_ms = [100, 200, 200, 200];
    },
    rule: 'retry_raised',
    path: 'operations.get_charge.retry_max',
  },
  {
    name: 'backoff raised',
    change: (m) => (m.retry_backoff_ms = [100, 300]),
    rule: 'backoff_raised',
    path: 'retry_backoff_ms',
  },
  {
    name: 'timeout raised',
    change: (m) => (m.timeout_ms = 9000),
    rule: 'timeout_raised',
    path: 'timeout_ms',
  },
  {
    name: 'timeout raised at an operation',
    change: (m) => (m.operations.get_charge!.timeout_ms = 8000),
    rule: 'timeout_raised',
    path: 'operations.get_charge.timeout_ms',
  },
  {
    name: 'deadline raised',
    base: (m) => (m.deadline_ms = 20000),
    change: (m) => (m.deadline_ms = 30000),
    rule: 'deadline_raised',
    path: 'deadline_ms',
  },
  {
    name: 'deadline dropped for a longer derived one',
    base: (m) => (m.deadline_ms = 6000),
    change: (m) => delete m.deadline_ms,
    rule: 'deadline_raised',
    path: 'deadline_ms',
  },
  {
    name: 'idempotency newly claimed',
    change: (m) => (m.idempotent = true),
    rule: 'idempotency_claimed',
    path: 'idempotent',
  },
  {
    name: 'idempotency claimed by an operation',
    change: (m) => (m.operations.create_charge!.idempotent = true),
    rule: 'idempotency_claimed',
    path: 'operations.create_charge.idempotent',
  },
  {
    name: 'a direct transport added',
    change: (m) => (m.direct_transports = [{ library: 'nodemailer', reason: 'SMTP' }]),
    rule: 'direct_transport_added',
    path: 'direct_transports[0]',
  },
  {
    name: 'the response cap raised above the 10 MiB default',
    change: (m) => (m.max_response_bytes = 50 * 1024 * 1024),
    rule: 'response_cap_raised',
    path: 'max_response_bytes',
  },
  {
    name: 'the response cap raised at an operation',
    base: (m) => (m.operations.get_charge!.max_response_bytes = 1024),
    change: (m) => (m.operations.get_charge!.max_response_bytes = 4096),
    rule: 'response_cap_raised',
    path: 'operations.get_charge.max_response_bytes',
  },
  {
    name: 'a suggested rate limit raised',
    base: (m) => (m.suggested_limits = { max_requests_per_second: 1 }),
    change: (m) => (m.suggested_limits = { max_requests_per_second: 5 }),
    rule: 'limits_raised',
    path: 'suggested_limits.max_requests_per_second',
  },
  {
    name: 'a suggested concurrency limit dropped',
    base: (m) => (m.suggested_limits = { max_concurrency: 2, max_queue: 10 }),
    change: (m) => (m.suggested_limits = { max_queue: 10 }),
    rule: 'limits_raised',
    path: 'suggested_limits.max_concurrency',
  },
  {
    name: 'hosts left to each tenant',
    change: (m) => (m.config.base_url!.host_pattern = '${tenant}'),
    rule: 'tenant_hosts_allowed',
    path: 'config.base_url.host_pattern',
  },
  {
    // Outsider finding h5-F1: a write relabelled read was only "operation changed".
    name: 'a write relabelled read',
    change: (m) => (m.operations.create_charge!.kind = 'read'),
    rule: 'kind_relaxed',
    path: 'operations.create_charge.kind',
  },
  {
    name: 'an operation that says it never calls the vendor',
    change: (m) => (m.operations.get_charge!.vendor_call = false),
    rule: 'vendor_call_disclaimed',
    path: 'operations.get_charge.vendor_call',
  },
];

function relaxationCase(c: RelaxationCase) {
  const base = sampleManifest('alpha');
  c.base?.(base);
  const run = repos.track(diffCase((repo) => repo.addConnector('alpha', base)));
  run.repo.editManifest('alpha', c.change);
  run.repo.changeset('alpha', { [packageName('alpha')]: 'minor' });
  return run;
}

describe('diff: governance relaxations fail unless a reviewer acknowledges them', () => {
  it.each(cases)('$name', async (c) => {
    const run = relaxationCase(c);
    const plain = await run.diff();
    expect(plain.of(c.rule)).toEqual([
      expect.objectContaining({ path: c.path, severity: 'relaxation', fails: true }),
    ]);
    expect(plain.exitCode).toBe(1);

    const acknowledged = await run.diff({ acknowledge: true, commit: false });
    expect(acknowledged.of(c.rule)).toEqual([
      expect.objectContaining({
        path: c.path,
        fails: false,
        resolution: 'acknowledged by a reviewer',
      }),
    ]);
    expect(acknowledged.report.findings.filter((f) => f.fails)).toEqual([]);
    expect(acknowledged.exitCode).toBe(0);
  });

  // Outsider finding h5-F4: only "type changed", which a major changeset alone let pass.
  it('fails a secret config field retyped as a string even with a major changeset', async () => {
    const run = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    run.repo.editManifest('alpha', (m) => (m.config.api_key!.type = 'string'));
    run.repo.changeset('alpha', { [packageName('alpha')]: 'major' });
    const plain = await run.diff();
    expect(plain.of('config_secret_unmarked')).toEqual([
      expect.objectContaining({ path: 'config.api_key.type', severity: 'relaxation', fails: true }),
    ]);
    expect(plain.of('config_field_type_changed')).toEqual([
      expect.objectContaining({ fails: false }),
    ]);
    expect(plain.exitCode).toBe(1);
    expect((await run.diff({ acknowledge: true, commit: false })).exitCode).toBe(0);
  });

  // Outsider finding h5-F3: a new operation or connector carried any governance unreviewed.
  it('fails a new operation laxer than its connector, and passes one that keeps its defaults', async () => {
    const run = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    const operation = (extra: Record<string, unknown>) => ({
      kind: 'write',
      description: 'Pays out.',
      audit_events: { success: 'charge_created', failure: 'charge_failed' },
      compensation: 'none',
      compensation_note: 'A payout cannot be taken back.',
      ...extra,
    });
    run.repo.editManifest('alpha', (m) => {
      m.operations.payout_all = operation({
        data_classification: 'public',
        retry_max: 4,
        retry_backoff_ms: [100, 200, 400, 800],
        vendor_call: false,
      });
      // Stricter than the connector on every field it states: nothing to review.
      m.operations.payout_one = operation({
        approval_policy: 'approval_required',
        data_classification: 'restricted',
        retry_max: 1,
        retry_backoff_ms: [100],
      });
    });
    run.repo.changeset('alpha', { [packageName('alpha')]: 'minor' });
    const out = await run.diff();
    const relaxations = out.report.findings.filter((f) => f.severity === 'relaxation');
    expect(relaxations.map((f) => [f.rule, f.path, f.fails])).toEqual([
      ['classification_lowered', 'operations.payout_all.data_classification', true],
      ['retry_raised', 'operations.payout_all.retry_max', true],
      ['backoff_raised', 'operations.payout_all.retry_backoff_ms', true],
      ['vendor_call_disclaimed', 'operations.payout_all.vendor_call', true],
    ]);
    expect(out.exitCode).toBe(1);
    expect((await run.diff({ acknowledge: true, commit: false })).exitCode).toBe(0);
  });

  it('fails a new connector that declares a direct transport until a reviewer acknowledges it', async () => {
    const run = repos.track(diffCase((repo) => repo.addConnector('alpha')));
    const beta = sampleManifest('beta');
    beta.direct_transports = [{ library: 'undici', reason: 'Streams large exports.' }];
    run.repo.addConnector('beta', beta);
    run.repo.changeset('beta', { [packageName('beta')]: 'none' });
    const out = await run.diff();
    expect(out.of('direct_transport_added')).toEqual([
      expect.objectContaining({ connector: 'beta', path: 'direct_transports[0]', fails: true }),
    ]);
    expect((await run.diff({ acknowledge: true, commit: false })).exitCode).toBe(0);
  });

  it('treats stricter governance as a change needing a changeset, not a relaxation', async () => {
    const run = relaxationCase({
      name: 'tightened',
      base: (m) => m.allowed_hosts.push('files.example.com'),
      change: (m) => {
        m.data_classification = 'restricted';
        m.approval_policy = 'approval_required';
        m.retry_max = 1;
        m.retry_backoff_ms = [100];
        m.timeout_ms = 3000;
        m.allowed_hosts = ['api.example.com', '${config.base_url}'];
      },
      rule: 'governance_tightened',
      path: '',
    });
    const out = await run.diff();
    expect(out.report.findings.filter((f) => f.severity === 'relaxation')).toEqual([]);
    expect(out.of('governance_tightened').map((f) => f.path)).toEqual([
      'approval_policy',
      'data_classification',
      'retry_max',
      'retry_backoff_ms',
      'timeout_ms',
      'allowed_hosts',
    ]);
    expect(out.exitCode).toBe(0);
  });

  it('reports a new connector whose hosts are left to each tenant', async () => {
    const run = repos.track(diffCase(() => undefined));
    const manifest = sampleManifest('smtp');
    manifest.config.base_url!.host_pattern = '${tenant}';
    delete manifest.config.base_url!.default;
    run.repo.addConnector('smtp', manifest);
    // Its first release: the scaffolder's `none` changeset, not a bump past its 0.1.0.
    run.repo.changeset('smtp', { [packageName('smtp')]: 'none' });
    const out = await run.diff({ commit: false });
    expect(out.of('tenant_hosts_allowed')).toEqual([
      expect.objectContaining({ path: 'config.base_url.host_pattern', fails: true }),
    ]);
    expect(out.of('changeset_missing')).toEqual([]);
  });

  it('treats lower suggested limits and a smaller response cap as stricter', async () => {
    const run = relaxationCase({
      name: 'stricter limits',
      base: (m) => (m.suggested_limits = { max_concurrency: 8 }),
      change: (m) => {
        m.suggested_limits = { max_concurrency: 4, max_requests_per_second: 1 };
        m.max_response_bytes = 1024;
      },
      rule: 'governance_tightened',
      path: '',
    });
    const out = await run.diff();
    expect(out.report.findings.filter((f) => f.severity === 'relaxation')).toEqual([]);
    expect(out.of('governance_tightened').map((f) => f.path)).toEqual([
      'max_response_bytes',
      'suggested_limits.max_concurrency',
      'suggested_limits.max_requests_per_second',
    ]);
  });

  it('does not count a new host already covered by a wildcard as widening', async () => {
    const run = relaxationCase({
      name: 'covered',
      base: (m) => (m.allowed_hosts = ['*.example.com']),
      change: (m) =>
        (m.allowed_hosts = ['*.example.com', 'eu.api.example.com', '*.eu.example.com']),
      rule: 'allowed_hosts_widened',
      path: '',
    });
    const out = await run.diff();
    expect(out.of('allowed_hosts_widened')).toEqual([]);
    expect(out.exitCode).toBe(0);
  });

  it('lists every relaxation for the reviewer in the Markdown even when acknowledged', async () => {
    const run = relaxationCase(cases[0]!);
    const out = await run.diff({ acknowledge: true });
    const markdown = renderMarkdown(out.report);
    expect(markdown).toContain('#### Governance relaxations for the reviewer (acknowledged)');
    // Prose is backslash-escaped punctuation (rendered as itself).
    expect(markdown).toContain(
      'data\\_classification lowered from \\"confidential\\" to \\"internal\\"',
    );
  });
});
