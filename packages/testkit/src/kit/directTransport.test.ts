import { hasErrorCode } from '@dealix/connector-core';
import {
  outputOf,
  startConnectorHarness,
  useConnectorHarness,
} from '@dealix/connector-core/testing';
import { mailerHarness } from './__fixtures__/mailerConnector';

const mail = { to: 'buyer@example.test', subject: 'Order 42', text: 'It shipped today.' };

describe('a direct transport (nodemailer to the SMTP simulator) under governance', () => {
  const harness = useConnectorHarness(mailerHarness());

  it('sends through a socket core opened to the checked host', async () => {
    const h = harness();
    const sent = await h.call('send_email', mail, 'mail-1');
    expect(outputOf<{ message_id: string }>(sent).message_id).toMatch(/^<.+>$/);
    expect(h.vendor.counters.get('messages_accepted')).toBe(1);
    expect(h.vendor.messages[0]?.envelope.to).toEqual(['buyer@example.test']);
  });

  it('refuses a host outside the allowlist, or an undeclared library, before connecting', async () => {
    const h = harness();
    const viaName = await h.rejection(() =>
      h.call('send_via', { ...mail, host: 'localhost' }, 'mail-2'),
    );
    expect(viaName).toMatchObject({ code: 'DLX_E_EGRESS_DENIED', mayHaveReachedVendor: false });
    expect(String(viaName.message)).toContain('localhost is outside allowed_hosts');
    const undeclared = await h.rejection(() =>
      h.call('send_via', { ...mail, host: '127.0.0.1', library: 'smtp-client' }, 'mail-3'),
    );
    expect(String(undeclared.message)).toContain('smtp-client is not declared');
    expect(h.vendor.counters.get('connections_opened')).toBe(0);
  });

  it('never re-sends a message lost after the server took its data', async () => {
    const h = harness();
    h.vendor.injectFault({ kind: 'drop_after_data', times: 1 });
    const error = await h.rejection(() => h.call('send_email', mail, 'mail-4'));
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      mayHaveReachedVendor: true,
    });
    expect(h.vendor.counters.get('messages_accepted')).toBe(1);
    expect(h.vendor.counters.get('connections_opened')).toBe(1);
  });

  it('retries a send the server refused before the data (421/451/452), even though not idempotent', async () => {
    const h = harness();
    h.vendor.injectFault({ command: 'RCPT', code: 451, times: 1 });
    const sent = await h.call('send_email', mail, 'mail-5');
    expect(sent).toMatchObject({ status: 'ok', attempts: 2 });
    expect(h.vendor.counters.get('messages_accepted')).toBe(1);
    const [failed] = (await h.stores.audit.list()).filter((r) => r.event === 'attempt_failed');
    expect(failed).toMatchObject({ error_code: 'DLX_E_VENDOR_RATE_LIMITED' });
  });

  it('ends a permanent refusal after one attempt, naming the reply', async () => {
    const h = harness();
    h.vendor.injectFault({ command: 'RCPT', code: 550, times: 1 });
    const error = await h.rejection(() => h.call('send_email', mail, 'mail-6'));
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: 'smtp_550',
      mayHaveReachedVendor: false,
    });
    expect(h.vendor.counters.get('connections_opened')).toBe(1);
  });
});

describe('a direct transport and the attempt timeout', () => {
  // 30 s attempts become 1.5 s: long enough for a real SMTP exchange on a loaded machine.
  const slowHarness = useConnectorHarness(mailerHarness({ runtime: { timeoutScale: 0.05 } }));

  it('aborts a slow server at the attempt timeout, closes the connection, and retries what was never sent', async () => {
    const h = slowHarness();
    h.vendor.injectFault({ kind: 'delay', command: 'MAIL', ms: 10_000, times: 1 });
    const sent = await h.call('send_email', mail, 'mail-7');
    expect(sent).toMatchObject({ status: 'ok', attempts: 2 });
    expect(h.vendor.counters.get('messages_accepted')).toBe(1);
    const [timedOut] = (await h.stores.audit.list()).filter((r) => r.event === 'attempt_failed');
    expect(timedOut).toMatchObject({ error_code: 'DLX_E_RUNTIME_TIMEOUT' });
  });
});

describe('the tenant\'s egress list for host_pattern "${tenant}"', () => {
  it('refuses a tenant whose SMTP host the operator did not list, before any connection', async () => {
    let opened = -1;
    const error = await startConnectorHarness(
      mailerHarness({
        egress: ['smtp.acme.com'],
        startSimulator: async () => {
          const started = await mailerHarness().startSimulator();
          return {
            ...started,
            stop: async () => {
              opened = started.simulator.counters.get('connections_opened');
              await started.stop();
            },
          };
        },
      }),
    ).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(hasErrorCode(error, 'DLX_E_CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      'tenant "acme", connector "mailer": config field "host" host "127.0.0.1" is not among the hosts the operator allows this tenant (tenants.acme.egress.mailer: smtp.acme.com)',
    );
    expect(opened).toBe(0);
  });
});
