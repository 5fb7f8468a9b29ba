import { hasErrorCode } from '@dealix/connector-core';
import type { SmtpFaultCode, SmtpFaultCommand } from '@dealix/connector-testkit';
import { useEmailHarness, type EmailHarness } from './__fixtures__/smtpHarness';

const message = { to: ['dana@example.test'], subject: 'Your quote', text: 'Attached.' };

describe('SMTP reply classes through the governance runtime', () => {
  let h: EmailHarness;
  let keys = 0;
  const harness = useEmailHarness();
  beforeEach(() => {
    h = harness();
  });
  const send = () => h.approved('send_email', message, `mail-${++keys}`);
  const connections = () => h.vendor.counters.get('connections_opened');
  const accepted = () => h.vendor.counters.get('messages_accepted');

  it.each([
    ['MAIL', 421],
    ['MAIL', 451],
    ['RCPT', 452],
  ] as Array<[SmtpFaultCommand, SmtpFaultCode]>)(
    '%s answered %i before DATA: rate limited, sent again, delivered once',
    async (command, code) => {
      h.vendor.injectFault({ command, code, times: 1 });
      const result = await send();
      expect(result).toMatchObject({ status: 'ok', attempts: 2 });
      const audit = await h.stores.audit.list();
      expect(JSON.stringify(audit)).toContain('DLX_E_VENDOR_RATE_LIMITED');
      expect(connections()).toBe(2);
      expect(accepted()).toBe(1);
    },
  );

  it('another 4xx before DATA (450) is transient and sent again', async () => {
    h.vendor.injectFault({ command: 'MAIL', code: 450, times: 1 });
    expect(await send()).toMatchObject({ status: 'ok', attempts: 2 });
    expect(accepted()).toBe(1);
  });

  it.each([
    ['MAIL', 550],
    ['MAIL', 553],
    ['RCPT', 550],
    ['DATA', 554],
    ['DATA', 552],
  ] as Array<[SmtpFaultCommand, SmtpFaultCode]>)(
    '%s answered %i: permanent, sent once, nothing delivered',
    async (command, code) => {
      h.vendor.injectFault({ command, code, times: 1 });
      const error = await h.rejection(send);
      expect(error).toMatchObject({
        code: 'DLX_E_VENDOR_PERMANENT',
        vendorCode: `smtp_${code}`,
        mayHaveReachedVendor: false,
      });
      expect(connections()).toBe(1);
      expect(accepted()).toBe(0);
    },
  );

  it('a refused login (535) is an auth error, never retried', async () => {
    h.vendor.injectFault({ command: 'AUTH', code: 535, times: 3 });
    const error = await h.rejection(send);
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_AUTH', vendorCode: 'smtp_535' });
    expect(connections()).toBe(1);
  });

  it('a server that is not there is a network error, tried again, never unknown', async () => {
    await h.vendor.stop();
    const error = await h.rejection(send);
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_NETWORK', mayHaveReachedVendor: false });
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_OUTCOME_UNKNOWN')).toBe(false);
    // Two retries, each after the manifest's backoff (5 s, 15 s, on the virtual clock).
    expect(h.clock.sleeps).toEqual([50, 150]);
  });
});
