import { join } from 'node:path';
import type { SmtpSimulator, WhatsAppSimulator } from '@dealix/connector-testkit';
import { startHarness, type HostHarness } from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';

// Issue "whatsapp and email": both connectors through the host in sandbox mode, as a new user
// would drive them with the tokens the host prints (what `npm start` runs).
const REPO_ROOT = join(__dirname, '..', '..', '..');
const OPS = '/api/v1/tenants/sandbox/connectors';
const SEND_TEXT = `${OPS}/whatsapp/operations/send_text`;
const SEND_TEMPLATE = `${OPS}/whatsapp/operations/send_template`;
const SEND_EMAIL = `${OPS}/email/operations/send_email`;

const text = { to: '+15551234567', body: 'Your order A-42 has shipped.' };
const email = { to: ['dana@example.test'], subject: 'Your quote', text: 'Attached.' };

describe('whatsapp and email through the host in sandbox mode', () => {
  let h: HostHarness;
  let whatsapp: WhatsAppSimulator;
  let smtp: SmtpSimulator;
  let op: string;
  let ap: string;
  beforeAll(async () => {
    h = await startHarness({ rootDir: REPO_ROOT });
    whatsapp = h.host.sandbox!.simulators.whatsapp;
    smtp = h.host.sandbox!.simulators.email;
    op = h.host.sandboxTokens!.operator;
    ap = h.host.sandboxTokens!.approver;
  }, 60_000);
  afterAll(() => h?.stop());

  /** Runs an operation with a key, granting the approval when one is asked for. */
  async function approvedCall(path: string, body: unknown, key: string) {
    const headers = { 'idempotency-key': key };
    const first = await h.call('POST', path, { token: op, body, headers });
    if (first.status !== 202) return first;
    const grant = `/api/v1/tenants/sandbox/approvals/${first.json.approval_id}/grant`;
    expect((await h.call('POST', grant, { token: ap })).status).toBe(200);
    return h.call('POST', `${path}?approval_id=${first.json.approval_id}`, {
      token: op,
      body,
      headers,
    });
  }
  const webhook = (init: RequestInit, query = '') =>
    fetch(`${h.host.url}/webhooks/sandbox/whatsapp${query}`, init);

  it('lists stripe, whatsapp and email ok on the board', async () => {
    await h.host.runtime.probeAll();
    const board = await h.call('GET', '/api/v1/connectors/governance?tenant=sandbox');
    const status = Object.fromEntries(
      board.json.tenants[0].connectors.map((c: { connector_key: string; status: string }) => [
        c.connector_key,
        c.status,
      ]),
    );
    expect(status).toMatchObject({ stripe: 'ok', whatsapp: 'ok', email: 'ok' });
  });

  it('refuses a send without an Idempotency-Key: nothing sent, nothing to approve', async () => {
    for (const [path, body] of [
      [SEND_TEXT, text],
      [SEND_TEMPLATE, { to: '15551234567', template: 'order_update', language: 'en_US' }],
      [SEND_EMAIL, email],
    ] as const) {
      const refused = await h.call('POST', path, { token: op, body });
      expect([refused.status, refused.json.error.code]).toEqual([
        400,
        'DLX_E_IDEMPOTENCY_KEY_REQUIRED',
      ]);
    }
    // Health probes connect to both simulators; what counts is that nothing went out.
    expect(whatsapp.server.counters.get('messages_sent')).toBe(0);
    expect(smtp.counters.get('messages_accepted')).toBe(0);
    const approvals = await h.call('GET', '/api/v1/tenants/sandbox/approvals', { token: op });
    expect(approvals.json.approvals).toEqual([]);
  });

  it('sends an email once, after approval', async () => {
    const sent = await approvedCall(SEND_EMAIL, email, 'quote-1');
    expect(sent.status).toBe(200);
    expect(sent.json.output).toMatchObject({ accepted: ['dana@example.test'], rejected: [] });
    expect(smtp.messages.map((m) => m.headers['message-id'])).toEqual([
      sent.json.output.message_id,
    ]);
    const again = await h.call('POST', SEND_EMAIL, {
      token: op,
      body: email,
      headers: { 'idempotency-key': 'quote-1' },
    });
    expect(again.json).toMatchObject({ status: 'ok', replayed: true });
    expect(smtp.counters.get('messages_accepted')).toBe(1);
  });

  it('sends a WhatsApp text after approval; a delivery signed as Meta signs it links to it', async () => {
    const sent = await approvedCall(SEND_TEXT, text, 'ship-42');
    expect(sent.status).toBe(200);
    const messageId = sent.json.output.message_id as string;
    expect(whatsapp.messages.map((m) => m.id)).toEqual([messageId]);

    const body = whatsapp.statusWebhook({ messageId, status: 'delivered' });
    const signature = whatsapp.signWebhook(body);
    const headers = { 'x-hub-signature-256': signature, 'content-type': 'application/json' };
    const accepted = await webhook({ method: 'POST', headers, body });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ accepted: 1 });
    const tampered = body.replace('"delivered"', '"deliverEd"');
    expect(tampered).not.toBe(body);
    expect((await webhook({ method: 'POST', headers, body: tampered })).status).toBe(401);

    const events = await h.call('GET', '/api/v1/tenants/sandbox/events?after=0', { token: op });
    const delivered = events.json.events.find(
      (e: { type: string }) => e.type === 'message_delivered',
    );
    expect(delivered).toMatchObject({ payload: { message_id: messageId } });
    expect(delivered.correlation_id).toEqual(expect.any(String));
  });

  it('answers the subscription handshake with the challenge, and refuses a wrong token', async () => {
    const ok = await webhook({ method: 'GET' }, `?${whatsapp.verificationQuery('1158201444')}`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    const wrong = await webhook({ method: 'GET' }, `?${whatsapp.verificationQuery('1', 'nope')}`);
    expect(wrong.status).toBe(401);
  });

  it('sandbox trigger whatsapp message_received puts a customer message in the outbox', async () => {
    const { code, out } = await runCli(
      ['sandbox', 'trigger', 'whatsapp', 'message_received', '--url', h.host.url!, '--token', op],
      { env: {}, cwd: h.dir },
    );
    expect(code).toBe(0);
    expect(out).toMatch(/delivered message_received \(messages\.text\) to .+: HTTP 200/);
    const events = await h.call('GET', '/api/v1/tenants/sandbox/events?after=0', { token: op });
    const received = events.json.events.filter(
      (e: { type: string }) => e.type === 'message_received',
    );
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      connector: 'whatsapp',
      event_id: whatsapp.inbound.at(-1)!.id,
      payload: { type: 'text', from: whatsapp.inbound.at(-1)!.from },
    });
    // The customer's message can be marked read through the host, without approval.
    const read = await h.call('POST', `${OPS}/whatsapp/operations/mark_read`, {
      token: op,
      body: { message_id: received[0].event_id },
    });
    expect([read.status, read.json.output]).toEqual([
      200,
      { message_id: received[0].event_id, marked_read: true },
    ]);
  });
});
