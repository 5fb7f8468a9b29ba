import { hasErrorCode } from '@dealix/connector-core';
import {
  FROM,
  SMTP_USER,
  TENANT,
  outputOf,
  startEmailHarness,
  useEmailHarness,
  type EmailHarness,
} from './__fixtures__/smtpHarness';
import { MAX_ATTACHMENT_BYTES } from './emailMessage';

interface Sent {
  message_id: string;
  accepted: string[];
  rejected: string[];
  response: string;
}

const quote = {
  to: ['dana@example.test'],
  cc: ['sam@example.test'],
  bcc: ['archive@dealix.test'],
  reply_to: 'sales@dealix.test',
  subject: 'Your quote Q-42',
  text: 'Hello Dana, the quote is attached.',
  html: '<p>Hello Dana, the quote is attached.</p>',
  headers: { 'X-Campaign': 'spring-2025' },
  attachments: [
    {
      filename: 'quote-Q-42.pdf',
      content_base64: Buffer.from('%PDF-1.4 quote 42').toString('base64'),
      content_type: 'application/pdf',
    },
  ],
};

describe('send_email through the governance runtime', () => {
  let h: EmailHarness;
  const harness = useEmailHarness();
  beforeEach(() => {
    h = harness();
  });
  const connections = () => h.vendor.counters.get('connections_opened');

  it('sends only with a grant from another person, and returns the Message-ID', async () => {
    const asked = await h.call('send_email', quote, 'quote-42');
    expect(asked.status).toBe('approval_required');
    expect(connections()).toBe(0);

    const sent = outputOf<Sent>(await h.approved('send_email', quote, 'quote-42'));
    const [stored] = h.vendor.messages;
    expect(sent).toEqual({
      message_id: stored!.headers['message-id'],
      accepted: ['dana@example.test', 'sam@example.test', 'archive@dealix.test'],
      rejected: [],
      response: expect.stringMatching(/^250 OK: queued as SIM1$/),
    });
    expect(stored!.envelope).toEqual({
      from: FROM,
      to: ['dana@example.test', 'sam@example.test', 'archive@dealix.test'],
    });
    expect(stored!.user).toBe(SMTP_USER);
    expect(stored!.subject).toBe('Your quote Q-42');
    expect(stored!.headers).toMatchObject({
      from: FROM,
      to: 'dana@example.test',
      cc: 'sam@example.test',
      'reply-to': 'sales@dealix.test',
      'x-campaign': 'spring-2025',
    });
    // Bcc recipients get the message but are named in no header.
    expect(stored!.headers.bcc).toBeUndefined();
    expect(stored!.raw).toContain('filename=quote-Q-42.pdf');
    expect(stored!.raw).toContain(quote.attachments[0]!.content_base64);
    expect(h.vendor.counters.get('messages_accepted')).toBe(1);
  });

  it('masks addresses, subject, words and attachments in audit records', async () => {
    await h.approved('send_email', quote, 'quote-43');
    const audit = JSON.stringify(await h.stores.audit.list({ tenant: TENANT }));
    expect(audit).toContain('email_sent');
    for (const personal of [
      'dana@example.test',
      'Your quote Q-42',
      'the quote is attached',
      'quote-Q-42.pdf',
      quote.attachments[0]!.content_base64,
      'spring-2025',
    ]) {
      expect(audit).not.toContain(personal);
    }
  });

  it('names the recipients the server refused when it accepted the others', async () => {
    h.vendor.injectFault({ command: 'RCPT', code: 550, times: 1 });
    const sent = outputOf<Sent>(
      await h.approved(
        'send_email',
        { to: ['gone@example.test', 'dana@example.test'], subject: 'Hi', text: 'Hello' },
        'partial-1',
      ),
    );
    expect(sent).toMatchObject({
      accepted: ['dana@example.test'],
      rejected: ['gone@example.test'],
    });
    expect(h.vendor.messages[0]!.envelope.to).toEqual(['dana@example.test']);
  });

  it('sends HTML alone', async () => {
    await h.approved(
      'send_email',
      { to: ['dana@example.test'], subject: 'News', html: '<b>Spring</b>' },
      'html-1',
    );
    expect(h.vendor.messages[0]!.raw).toContain('<b>Spring</b>');
  });

  it('refuses a send without an Idempotency-Key before anything else happens', async () => {
    const error = await h.rejection(() => h.call('send_email', quote));
    expect(hasErrorCode(error, 'DLX_E_IDEMPOTENCY_KEY_REQUIRED')).toBe(true);
    expect(connections()).toBe(0);
  });

  const message = { to: ['dana@example.test'], subject: 'Hi', text: 'Hello' };
  it.each([
    ['neither text nor html', { to: ['dana@example.test'], subject: 'Hi' }],
    ['an address that is not one', { ...message, to: ['dana at example'] }],
    ['no recipient', { ...message, to: [] }],
    ['more than 100 recipients', { ...message, cc: Array(100).fill('x@example.test') }],
    ['a subject with a line break', { ...message, subject: 'Hi\r\nBcc: all@example.test' }],
    ['a header the connector sets', { ...message, headers: { Bcc: 'all@example.test' } }],
    ['a header value with a line break', { ...message, headers: { 'X-A': 'a\r\nBcc: x' } }],
    [
      'an attachment name with a path',
      { ...message, attachments: [{ filename: '../etc/passwd', content_base64: 'aGk=' }] },
    ],
    [
      'an attachment that is not base64',
      { ...message, attachments: [{ filename: 'a.txt', content_base64: 'not base64!' }] },
    ],
    [
      'an attachment over the size limit',
      {
        ...message,
        attachments: [
          {
            filename: 'big.bin',
            content_base64: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1).toString('base64'),
          },
        ],
      },
    ],
  ])('rejects %s before any connection or approval', async (_case, input) => {
    const error = await h.rejection(() => h.call('send_email', input, 'bad-input'));
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_INPUT_INVALID')).toBe(true);
    expect(connections()).toBe(0);
    expect(await h.runtime.approvals.list(TENANT)).toHaveLength(0);
  });
});

describe('the SMTP health probe: verify() with a short timeout', () => {
  let h: EmailHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });
  const probe = () => h!.runtime.probe(TENANT, 'email');

  it('is ok, error on a refused login, not ok when slow or gone; it sends nothing', async () => {
    h = await startEmailHarness({ runtime: { probeTimeoutMs: 500 } });
    expect(await probe()).toMatchObject({ status: 'ok' });
    h.vendor.injectFault({ command: 'AUTH', code: 535, times: 1 });
    expect(await probe()).toMatchObject({
      status: 'error',
      detail: 'SMTP verify failed: DLX_E_VENDOR_AUTH',
    });
    // A greeting that never comes in time: the probe is cut off, its connection closed.
    h.vendor.injectFault({ kind: 'delay', command: 'CONNECT', ms: 2_000, times: 1 });
    expect(await probe()).toMatchObject({
      status: 'error',
      detail: 'health probe timed out after 500 ms',
    });
    await h.vendor.stop();
    expect(await probe()).toMatchObject({ status: 'degraded' });
    expect(h.vendor.counters.get('messages_accepted')).toBe(0);
  });

  it("refuses a host outside the tenant's egress list before connecting", async () => {
    // Without loopback allowed, the operator's list decides; the simulator is not on it.
    await expect(
      startEmailHarness({ allowLoopback: false, egress: ['smtp.acme.example'] }),
    ).rejects.toThrow('tenants.acme.egress.email: smtp.acme.example');
    h = await startEmailHarness({ allowLoopback: false, egress: ['127.0.0.1'] });
    expect(await probe()).toMatchObject({ status: 'ok' });
  });
});
