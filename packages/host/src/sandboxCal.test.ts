import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { CalSimulator } from '@dealix/connector-testkit';
import { startHarness, type HostHarness } from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';

// Issue 13 (cal): the Cal.com connector through the host in sandbox mode, as a new user would
// drive it with the tokens the host prints.
const REPO_ROOT = join(__dirname, '..', '..', '..');
const OPS = '/api/v1/tenants/sandbox/connectors/cal/operations';
const booking = {
  event_type_id: 1,
  start: '2050-09-05T10:00:00Z',
  attendee: { name: 'Sara Haddad', email: 'sara@dealix.test', time_zone: 'Asia/Riyadh' },
};

describe('cal through the host in sandbox mode', () => {
  let h: HostHarness;
  let cal: CalSimulator;
  let op: string;
  beforeAll(async () => {
    h = await startHarness({ rootDir: REPO_ROOT, env: { DLX_AUDIT_KEY: undefined } });
    cal = h.host.sandbox!.simulators.cal;
    op = h.host.sandboxTokens!.operator;
  }, 60_000);
  afterAll(() => h?.stop());

  it('is ok on the board, books over the execute route once, and cancels as compensation', async () => {
    const board = await h.call('GET', '/api/v1/connectors/governance?tenant=sandbox');
    expect(
      board.json.tenants[0].connectors.find(
        (c: { connector_key: string }) => c.connector_key === 'cal',
      ),
    ).toMatchObject({ status: 'ok' });

    const headers = { 'idempotency-key': 'deal-42-intro' };
    const made = await h.call('POST', `${OPS}/create_booking`, {
      token: op,
      body: booking,
      headers,
    });
    expect(made.status).toBe(200);
    expect(made.json.output).toMatchObject({
      status: 'accepted',
      start: '2050-09-05T10:00:00.000Z',
    });
    const again = await h.call('POST', `${OPS}/create_booking`, {
      token: op,
      body: booking,
      headers,
    });
    expect(again.json).toMatchObject({ status: 'ok', replayed: true });
    expect(cal.counters.get('bookings_created')).toBe(1);
    expect(cal.fallbacks).toBe(0);

    const undone = await h.call('POST', `${OPS}/create_booking/compensate`, {
      token: op,
      body: { input: booking },
      headers,
    });
    expect(undone.status).toBe(200);
    expect(undone.json.output).toMatchObject({
      action: 'cancelled',
      booking: { uid: made.json.output.uid, status: 'cancelled' },
    });
  }, 60_000);

  it('accepts a signed Cal.com delivery and refuses one changed byte', async () => {
    const url = `${h.host.url}/webhooks/sandbox/cal`;
    const body = cal.webhookBody('BOOKING_CREATED', {
      uid: 'host-test-booking',
      startTime: '2050-09-05T11:00:00.000Z',
      endTime: '2050-09-05T11:30:00.000Z',
      attendees: [{ name: 'Omar Saleh', email: 'omar@dealix.test', timeZone: 'UTC' }],
    });
    const headers = {
      'content-type': 'application/json',
      // As Cal.com signs: hex HMAC-SHA256 of the raw body under the webhook secret, no prefix.
      'x-cal-signature-256': createHmac(
        'sha256',
        String(h.host.sandbox!.configs.cal.webhook_secret),
      )
        .update(body)
        .digest('hex'),
    };
    const exact = await fetch(url, { method: 'POST', headers, body });
    expect(exact.status).toBe(200);
    expect(await exact.json()).toMatchObject({ accepted: 1 });
    const changed = body.replace('Omar Saleh', 'Omar Salah');
    expect(changed).not.toBe(body);
    const refused = await fetch(url, { method: 'POST', headers, body: changed });
    expect(refused.status).toBe(401);
  });

  it('sandbox trigger delivers a booking event', async () => {
    const { code, out } = await runCli(
      ['sandbox', 'trigger', 'cal', 'cal_booking_rescheduled', '--url', h.host.url!, '--token', op],
      { env: {}, cwd: h.dir },
    );
    expect(code).toBe(0);
    expect(out).toMatch(
      /delivered cal_booking_rescheduled \(BOOKING_RESCHEDULED\) to .+: HTTP 200, 1 event/,
    );
  });
});
