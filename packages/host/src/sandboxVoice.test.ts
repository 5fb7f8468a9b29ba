import { join } from 'node:path';
import type { TwilioSimulator } from '@dealix/connector-testkit';
import twilio from 'twilio';
import { startHarness, type HostHarness } from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';

// Issue 13 (voice): the Twilio Voice connector through the host in sandbox mode, as a new user
// would drive it with the tokens the host prints.
const REPO_ROOT = join(__dirname, '..', '..', '..');
const OPS = '/api/v1/tenants/sandbox/connectors/voice/operations';
const call = { to: '+15558675310', twiml: '<Response><Say>Your order is ready.</Say></Response>' };

describe('voice through the host in sandbox mode', () => {
  let h: HostHarness;
  let twilioSim: TwilioSimulator;
  let op: string;
  let ap: string;
  beforeAll(async () => {
    h = await startHarness({ rootDir: REPO_ROOT, env: { DLX_AUDIT_KEY: undefined } });
    twilioSim = h.host.sandbox!.simulators.voice;
    op = h.host.sandboxTokens!.operator;
    ap = h.host.sandboxTokens!.approver;
  }, 60_000);
  afterAll(() => h?.stop());

  it('is ok on the board, places a call after approval, and ends it as compensation', async () => {
    const board = await h.call('GET', '/api/v1/connectors/governance?tenant=sandbox');
    expect(
      board.json.tenants[0].connectors.find(
        (c: { connector_key: string }) => c.connector_key === 'voice',
      ),
    ).toMatchObject({ status: 'ok' });

    const headers = { 'idempotency-key': 'order-7-call' };
    const asked = await h.call('POST', `${OPS}/place_call`, { token: op, body: call, headers });
    expect(asked.status).toBe(202);
    expect(twilioSim.server.counters.get('calls_placed')).toBe(0);
    const grant = `/api/v1/tenants/sandbox/approvals/${asked.json.approval_id}/grant`;
    expect((await h.call('POST', grant, { token: ap })).status).toBe(200);
    const placed = await h.call('POST', `${OPS}/place_call?approval_id=${asked.json.approval_id}`, {
      token: op,
      body: call,
      headers,
    });
    expect(placed.status).toBe(200);
    const sid = placed.json.output.sid as string;
    // The host's public webhook URL, carrying the call's correlation id (Twilio signs it all).
    expect(twilioSim.calls.get(sid)).toMatchObject({
      status: 'queued',
      statusCallback: `${h.host.url}/webhooks/sandbox/voice?dlx_correlation_id=${placed.json.correlation_id}`,
    });

    // Twilio calls back as the call rings: signed over the host's public URL, accepted, linked.
    twilioSim.advanceCall(sid, 'ringing');
    const delivered = await twilioSim.deliverStatusCallback(sid);
    expect(delivered!.status).toBe(200);
    expect(JSON.parse(delivered!.body)).toMatchObject({ accepted: 1 });
    const events = await h.call('GET', '/api/v1/tenants/sandbox/events?after=0&limit=1000', {
      token: op,
    });
    expect(
      events.json.events.filter((e: { connector: string }) => e.connector === 'voice'),
    ).toEqual([
      expect.objectContaining({
        type: 'call_ringing',
        correlation_id: placed.json.correlation_id,
      }),
    ]);

    // Compensation: the ringing call is canceled.
    const undone = await h.call('POST', `${OPS}/place_call/compensate`, {
      token: op,
      body: { input: call },
      headers,
    });
    expect(undone.status).toBe(200);
    expect(undone.json.output).toMatchObject({ action: 'canceled', call: { sid } });
    expect(twilioSim.calls.get(sid)!.status).toBe('canceled');
  }, 60_000);

  it('accepts a status callback signed as Twilio signs it and refuses one changed byte', async () => {
    const url = `${h.host.url}/webhooks/sandbox/voice`;
    const sid = `CA${'7e'.repeat(16)}`;
    const params = {
      AccountSid: twilioSim.accountSid,
      CallSid: sid,
      CallStatus: 'completed',
      CallDuration: '42',
      Direction: 'outbound-api',
      From: String(h.host.sandbox!.configs.voice.from_number),
      To: '+15558675310',
      SequenceNumber: '3',
    };
    const body = new URLSearchParams(params).toString();
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      // Signed by twilio-node, as Twilio signs: the public URL, then the params sorted by name.
      'x-twilio-signature': twilio.getExpectedTwilioSignature(
        String(h.host.sandbox!.configs.voice.auth_token),
        url,
        params,
      ),
    };
    const exact = await fetch(url, { method: 'POST', headers, body });
    expect(exact.status).toBe(200);
    expect(await exact.json()).toMatchObject({ accepted: 1 });
    const changed = body.replace('CallDuration=42', 'CallDuration=43');
    expect(changed).not.toBe(body);
    const refused = await fetch(url, { method: 'POST', headers, body: changed });
    expect(refused.status).toBe(401);
  });

  it('sandbox trigger delivers a call status event', async () => {
    const { code, out } = await runCli(
      ['sandbox', 'trigger', 'voice', 'call_finished', '--url', h.host.url!, '--token', op],
      { env: {}, cwd: h.dir },
    );
    expect(code).toBe(0);
    expect(out).toMatch(/delivered call_finished \(completed\) to .+: HTTP 200, 1 event/);
  });
});
