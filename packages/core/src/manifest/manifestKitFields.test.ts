import { expectIssue, expectValid } from './__fixtures__/issueAssertions';
import { freshValidManifest } from './__fixtures__/validManifest';
import type { ConnectorManifest } from './manifestSchema';
import { resolveOperationPolicy } from './operationPolicy';
import { validateManifest } from './validateManifest';

type Loose = Record<string, unknown>;
function edit(change: (m: ConnectorManifest & Loose) => void): ConnectorManifest {
  const m = freshValidManifest() as ConnectorManifest & Loose;
  change(m);
  return m;
}
const op = (m: ConnectorManifest, name: string) => m.operations[name] as unknown as Loose;

describe('the connector kit fields of the manifest', () => {
  it('takes max_response_bytes at the connector and per operation, the operation winning', () => {
    const m = edit((x) => {
      x.max_response_bytes = 2048;
      op(x, 'retrieve_payment_intent').max_response_bytes = 512;
    });
    const result = validateManifest(m);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(resolveOperationPolicy(result.manifest, 'retrieve_payment_intent')).toMatchObject({
      max_response_bytes: 512,
      vendor_call: true,
    });
    expect(
      resolveOperationPolicy(result.manifest, 'create_payment_intent').max_response_bytes,
    ).toBe(2048);
  });

  it('defaults the response cap to 10 MiB', () => {
    const result = validateManifest(freshValidManifest());
    if (!result.ok) throw new Error('invalid');
    expect(
      resolveOperationPolicy(result.manifest, 'create_payment_intent').max_response_bytes,
    ).toBe(10 * 1024 * 1024);
  });

  it.each([0, 1.5, 2 * 1024 * 1024 * 1024])('refuses max_response_bytes %j', (value) => {
    expectIssue(
      edit((x) => (x.max_response_bytes = value)),
      {
        code: value === 1.5 ? 'invalid_type' : 'out_of_range',
        path: 'max_response_bytes',
        found: String(value),
      },
    );
  });

  it('takes suggested_limits and names the fields it allows', () => {
    expectValid(
      edit((x) => (x.suggested_limits = { max_requests_per_second: 1, max_concurrency: 1 })),
    );
    expectValid(edit((x) => (x.suggested_limits = { max_queue: 0 })));
    const issue = expectIssue(
      edit((x) => ((x as Loose).suggested_limits = { per_minute: 60 })),
      { code: 'unknown_field', path: 'suggested_limits.per_minute' },
    );
    expect(issue.message).toContain('max_concurrency, max_requests_per_second, max_queue');
    expectIssue(
      edit((x) => (x.suggested_limits = { max_requests_per_second: 0 })),
      { code: 'out_of_range', path: 'suggested_limits.max_requests_per_second', found: '0' },
    );
  });

  it('marks an operation that never calls the vendor with vendor_call: false', () => {
    const result = validateManifest(
      edit((x) => (op(x, 'retrieve_payment_intent').vendor_call = false)),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(resolveOperationPolicy(result.manifest, 'retrieve_payment_intent').vendor_call).toBe(
      false,
    );
    expectIssue(
      edit((x) => (op(x, 'retrieve_payment_intent').vendor_call = 'no')),
      { code: 'invalid_type', path: 'operations.retrieve_payment_intent.vendor_call' },
    );
  });

  it('lets a host field leave its hosts to each tenant with host_pattern "${tenant}"', () => {
    expectValid(
      edit((x) => {
        x.config.base_url!.host_pattern = '${tenant}';
        delete x.config.base_url!.default;
      }),
    );
  });

  it('keeps "${tenant}" out of allowed_hosts and explains the host_pattern forms', () => {
    expectIssue(
      edit((x) => (x.allowed_hosts = ['${tenant}'])),
      { code: 'allowed_host', path: 'allowed_hosts[0]', found: '"${tenant}"' },
    );
    expectIssue(
      edit((x) => (x.config.base_url!.host_pattern = '${tenants}')),
      { code: 'host_pattern', path: 'config.base_url.host_pattern', allowed: ['"${tenant}"'] },
    );
  });
});
