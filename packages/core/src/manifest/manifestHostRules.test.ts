import { expectIssue, expectValid } from './__fixtures__/issueAssertions';
import { freshValidManifest } from './__fixtures__/validManifest';
import type { ConnectorManifest } from './manifestSchema';

type Loose = Record<string, unknown>;
function edit(change: (m: ConnectorManifest) => void): ConnectorManifest {
  const m = freshValidManifest();
  change(m);
  return m;
}

describe('allowed_hosts', () => {
  const withHost = (host: string) => edit((m) => (m.allowed_hosts = ['api.stripe.com', host]));

  it.each([
    ['https://api.stripe.com', 'remove the scheme'],
    ['api.stripe.com:443', 'remove the port'],
    ['api.stripe.com/v1', 'remove the path'],
    ['API.stripe.com', 'lower case'],
    ['api.*.stripe.com', '"*" may only be the whole first label'],
    ['*.com', 'at least two labels'],
    ['-api.stripe.com', 'each dot-separated label'],
    ['api..stripe.com', 'each dot-separated label'],
    ['999.1.1.1', 'IPv4'],
    ['api stripe.com', 'white space'],
    ['', 'it is empty'],
    ['${config.Base_URL}', '"${config.<field>}"'],
  ])('rejects %j', (host, reason) => {
    expectIssue(withHost(host), {
      code: 'allowed_host',
      path: 'allowed_hosts[1]',
      found: JSON.stringify(host),
      allowed: [reason, '"*." + host'],
    });
  });

  it.each(['files.stripe.com', '10.0.0.1', 'localhost', '*.my.salesforce.com', 'x-1.example.io'])(
    'accepts %j',
    (host) => expectValid(withHost(host)),
  );

  it('needs a ${config.x} entry to name a string or url field with host_pattern', () => {
    expectIssue(withHost('${config.instance_url}'), {
      code: 'allowed_host',
      path: 'allowed_hosts[1]',
      found: '"${config.instance_url}" names config field "instance_url", which is not declared',
    });
    expectIssue(withHost('${config.constructor}'), {
      code: 'allowed_host',
      path: 'allowed_hosts[1]',
    });
    expectIssue(withHost('${config.api_key}'), {
      code: 'allowed_host',
      path: 'allowed_hosts[1]',
      allowed: ['not of type string or url'],
    });
    expectIssue(
      edit((m) => delete m.config.base_url!.host_pattern),
      { code: 'allowed_host', path: 'allowed_hosts[1]', allowed: ['add host_pattern'] },
    );
  });
});

describe('config fields', () => {
  it('allows host_pattern only on string and url fields, in host syntax', () => {
    expectIssue(
      edit(
        (m) =>
          (m.config.retries = {
            type: 'number',
            required: false,
            description: 'n',
            host_pattern: 'a.com',
          }),
      ),
      { code: 'host_pattern', path: 'config.retries.host_pattern', allowed: ['string or url'] },
    );
    expectIssue(
      edit((m) => (m.config.base_url!.host_pattern = 'https://api.stripe.com')),
      {
        code: 'host_pattern',
        path: 'config.base_url.host_pattern',
        allowed: ['remove the scheme'],
      },
    );
  });

  it('never gives a secret a default', () => {
    for (const type of ['secret', 'private_key'] as const) {
      expectIssue(
        edit(
          (m) =>
            (m.config.api_key = { type, required: true, description: 'key', default: 'sk_live_1' }),
        ),
        {
          code: 'config_default',
          path: 'config.api_key.default',
          allowed: [`a ${type} field has no default`],
        },
      );
    }
  });

  it('needs a default of the field type', () => {
    const field = (type: string, value: unknown) =>
      edit(
        (m) =>
          ((m.config.setting as Loose) = {
            type,
            required: false,
            description: 's',
            default: value,
          }),
      );
    expectIssue(field('number', '5'), {
      code: 'config_default',
      path: 'config.setting.default',
      allowed: ['a number'],
    });
    expectIssue(field('boolean', 1), {
      code: 'config_default',
      path: 'config.setting.default',
      allowed: ['true or false'],
    });
    expectIssue(field('url', 'not a url'), {
      code: 'config_default',
      path: 'config.setting.default',
      allowed: ['http or https URL'],
    });
    expectIssue(field('url', 'ftp://files.example.com'), {
      code: 'config_default',
      path: 'config.setting.default',
    });
    expectIssue(field('string', true), { code: 'config_default', path: 'config.setting.default' });
    expectValid(field('number', 5));
    expectValid(field('boolean', false));
    expectValid(field('string', 'eu'));
  });

  it("keeps a default inside the field's host_pattern", () => {
    expectIssue(
      edit((m) => (m.config.base_url!.default = 'https://evil.example.com')),
      {
        code: 'config_default',
        path: 'config.base_url.default',
        found: '"https://evil.example.com" is outside this field\'s host_pattern',
      },
    );
    const wildcard = (value: string) =>
      edit((m) =>
        Object.assign(m.config.base_url!, { host_pattern: '*.stripe.com', default: value }),
      );
    expectValid(wildcard('https://eu.api.stripe.com/v1'));
    expectIssue(wildcard('https://stripe.com'), {
      code: 'config_default',
      path: 'config.base_url.default',
    });
  });
});
