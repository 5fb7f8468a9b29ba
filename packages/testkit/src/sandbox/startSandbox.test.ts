import { connect } from 'node:net';
import { createTransport } from 'nodemailer';
import { rawHttpRequest } from '../http/rawHttpRequest';
import { hmacHex } from '../http/signing';
import { signTwilioRequest } from '../simulators/twilio/twilioSignature';
import { SANDBOX_CONNECTOR_KEYS } from './sandboxConfigs';
import { startSandbox, type Sandbox } from './startSandbox';

const text = (value: unknown): string => {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${typeof value}`);
  return value;
};
const bearer = (token: unknown) => ({ authorization: `Bearer ${text(token)}` });

function portOf(url: unknown): number {
  return Number(new URL(text(url)).port);
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function ports(sandbox: Sandbox): number[] {
  const { configs } = sandbox;
  return [
    portOf(configs.stripe.base_url),
    portOf(configs.whatsapp.base_url),
    portOf(configs.voice.base_url),
    portOf(configs.salesforce.login_url),
    portOf(configs.cal.base_url),
    portOf(configs.contract_intel.base_url),
    Number(configs.email.port),
  ];
}

describe('startSandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('returns exactly the config fields docs/architecture.md binds for each connector key', () => {
    const fields = Object.fromEntries(
      Object.entries(sandbox.configs).map(([key, config]) => [key, Object.keys(config).sort()]),
    );
    expect(Object.keys(sandbox.configs).sort()).toEqual([...SANDBOX_CONNECTOR_KEYS].sort());
    expect(fields).toEqual({
      stripe: ['api_key', 'base_url', 'webhook_secret'],
      whatsapp: [
        'access_token',
        'api_version',
        'app_secret',
        'base_url',
        'phone_number_id',
        'verify_token',
      ],
      voice: ['account_sid', 'auth_token', 'base_url', 'from_number'],
      salesforce: ['api_version', 'client_id', 'client_secret', 'login_url'],
      cal: ['api_key', 'base_url', 'webhook_secret'],
      contract_intel: ['api_key', 'base_url'],
      email: ['from_address', 'host', 'password', 'port', 'secure', 'username'],
    });
    const { configs } = sandbox;
    expect(configs.stripe.api_key).toMatch(/^sk_test_[0-9a-f]{32}$/);
    expect(configs.stripe.webhook_secret).toMatch(/^whsec_[0-9a-f]{32}$/);
    expect(configs.cal.api_key).toMatch(/^cal_test_[0-9a-f]{32}$/);
    expect(configs.whatsapp.api_version).toBe('v21.0');
    expect(configs.salesforce.api_version).toBe('v60.0');
    expect(configs.voice.from_number).toMatch(/^\+1555\d{7}$/);
    expect(configs.email).toMatchObject({
      host: '127.0.0.1',
      from_address: 'sandbox@dealix.test',
      secure: false,
    });
    for (const url of [
      configs.stripe.base_url,
      configs.whatsapp.base_url,
      configs.voice.base_url,
      configs.salesforce.login_url,
      configs.cal.base_url,
      configs.contract_intel.base_url,
    ]) {
      expect(text(url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
  });

  it('Stripe answers the balance with the api_key and refuses another key', async () => {
    const { base_url, api_key } = sandbox.configs.stripe;
    const ok = await rawHttpRequest(`${text(base_url)}/v1/balance`, { headers: bearer(api_key) });
    expect(ok.status).toBe(200);
    const wrong = await rawHttpRequest(`${text(base_url)}/v1/balance`, {
      headers: bearer('sk_test_not_the_sandbox_key'),
    });
    expect(wrong.status).toBe(401);
  });

  it('WhatsApp serves the configured phone number with the access_token and api_version', async () => {
    const c = sandbox.configs.whatsapp;
    const url = `${text(c.base_url)}/${text(c.api_version)}/${text(c.phone_number_id)}`;
    const res = await rawHttpRequest(url, { headers: bearer(c.access_token) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ id: c.phone_number_id });
  });

  it('Twilio serves the account with Basic account_sid:auth_token', async () => {
    const c = sandbox.configs.voice;
    const basic = Buffer.from(`${text(c.account_sid)}:${text(c.auth_token)}`).toString('base64');
    const res = await rawHttpRequest(
      `${text(c.base_url)}/2010-04-01/Accounts/${text(c.account_sid)}.json`,
      { headers: { authorization: `Basic ${basic}` } },
    );
    expect(res.status).toBe(200);
  });

  it('Salesforce issues a token for client_id/client_secret at login_url, usable for REST', async () => {
    const c = sandbox.configs.salesforce;
    const token = await rawHttpRequest(`${text(c.login_url)}/services/oauth2/token`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: text(c.client_id),
        client_secret: text(c.client_secret),
      }).toString(),
    });
    expect(token.status).toBe(200);
    const { access_token, instance_url } = JSON.parse(token.body) as Record<string, string>;
    const limits = await rawHttpRequest(
      `${text(instance_url)}/services/data/${text(c.api_version)}/limits`,
      { headers: bearer(access_token) },
    );
    expect(limits.status).toBe(200);
  });

  it('Cal.com answers /v2/me with the api_key', async () => {
    const c = sandbox.configs.cal;
    const res = await rawHttpRequest(`${text(c.base_url)}/v2/me`, { headers: bearer(c.api_key) });
    expect(res.status).toBe(200);
  });

  it('Unstructured partitions a document sent with the api_key', async () => {
    const c = sandbox.configs.contract_intel;
    const boundary = 'sandbox-boundary';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="files"; filename="terms.txt"',
      'Content-Type: text/plain',
      '',
      'Payment terms: net 30 days.',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const res = await rawHttpRequest(`${text(c.base_url)}/general/v0/general`, {
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'unstructured-api-key': text(c.api_key),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(sandbox.simulators.contract_intel.counters.get('documents_partitioned')).toBe(1);
  });

  it('the SMTP server accepts the username/password (nodemailer verify)', async () => {
    const c = sandbox.configs.email;
    const transport = createTransport({
      host: text(c.host),
      port: Number(c.port),
      secure: c.secure === true,
      ignoreTLS: true,
      auth: { user: text(c.username), pass: text(c.password) },
    });
    try {
      await expect(transport.verify()).resolves.toBe(true);
    } finally {
      transport.close();
    }
  });

  it('webhooks the simulators sign verify with the configured secrets', () => {
    const { configs, simulators } = sandbox;
    const payload = '{"id":"evt_1"}';
    const stripeHeader = simulators.stripe.signWebhook(payload, 1_700_000_000);
    expect(stripeHeader).toBe(
      `t=1700000000,v1=${hmacHex('sha256', text(configs.stripe.webhook_secret), `1700000000.${payload}`)}`,
    );
    expect(simulators.whatsapp.signWebhook(payload)).toBe(
      `sha256=${hmacHex('sha256', text(configs.whatsapp.app_secret), payload)}`,
    );
    expect(simulators.cal.signWebhook(payload)).toBe(
      hmacHex('sha256', text(configs.cal.webhook_secret), payload),
    );
    const callbackUrl = 'https://host.example/webhooks/sandbox/voice';
    expect(simulators.voice.signCallback(callbackUrl, { CallStatus: 'completed' })).toBe(
      signTwilioRequest(text(configs.voice.auth_token), callbackUrl, { CallStatus: 'completed' }),
    );
  });
});

describe('two sandboxes and stop()', () => {
  it('run side by side on different ports with different secrets, and stop closes every port', async () => {
    const first = await startSandbox();
    const second = await startSandbox();
    try {
      const all = [...ports(first), ...ports(second)];
      expect(new Set(all).size).toBe(all.length);
      expect(first.configs.stripe.api_key).not.toBe(second.configs.stripe.api_key);
      expect(first.configs.email.password).not.toBe(second.configs.email.password);
      const balance = await rawHttpRequest(`${text(second.configs.stripe.base_url)}/v1/balance`, {
        headers: bearer(first.configs.stripe.api_key),
      });
      expect(balance.status).toBe(401);
    } finally {
      await second.stop();
    }
    const open = ports(first);
    const closed = ports(second);
    expect(await Promise.all(open.map(listening))).toEqual(open.map(() => true));
    expect(await Promise.all(closed.map(listening))).toEqual(closed.map(() => false));
    await Promise.all([first.stop(), first.stop()]);
    await first.stop();
    expect(await Promise.all(open.map(listening))).toEqual(open.map(() => false));
  });
});
