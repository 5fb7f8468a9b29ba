import { setTimeout as delay } from 'node:timers/promises';
import { hasErrorCode } from '@dealix/connector-core';
import {
  TENANT,
  loadManifest,
  useEmailHarness,
  type EmailHarness,
} from './__fixtures__/smtpHarness';

const message = { to: ['dana@example.test'], subject: 'Invoice 7', text: 'Please pay.' };

/** Waits (bounded) until the simulator has taken `count` messages. */
async function accepted(h: EmailHarness, count: number): Promise<number> {
  for (let i = 0; i < 50 && h.vendor.counters.get('messages_accepted') < count; i++)
    await delay(100);
  return h.vendor.counters.get('messages_accepted');
}

describe('an email goes out at most once', () => {
  let h: EmailHarness;
  const harness = useEmailHarness();
  beforeEach(() => {
    h = harness();
  });
  const connections = () => h.vendor.counters.get('connections_opened');

  it('a connection dropped after DATA was accepted is unknown, and never sent again', async () => {
    h.vendor.injectFault({ kind: 'drop_after_data', times: 1 });
    const error = await h.rejection(() => h.approved('send_email', message, 'invoice-7'));
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: expect.objectContaining({ cause_code: 'DLX_E_VENDOR_NETWORK' }),
    });
    expect(await accepted(h, 1)).toBe(1);
    expect(connections()).toBe(1);

    const repeat = await h.rejection(() => h.approved('send_email', message, 'invoice-7'));
    expect(hasErrorCode(repeat, 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN')).toBe(true);
    expect(connections()).toBe(1);
    const [unknown] = await h.runtime.unknownOutcomes.list(TENANT);
    expect(unknown).toMatchObject({ operation: 'send_email', idempotency_key: 'invoice-7' });
  });
});

describe('an email under attempt timeouts', () => {
  let h: EmailHarness;
  // 1 s per attempt: the simulator's 2 s delays outlast it.
  const harness = useEmailHarness({ manifest: loadManifest({ timeout_ms: 1_000 }) });
  beforeEach(() => {
    h = harness();
  });
  const connections = () => h.vendor.counters.get('connections_opened');

  it('a final reply that never comes in time is unknown; the server still took it once', async () => {
    h.vendor.injectFault({ kind: 'delay', command: 'DATA', ms: 2_000, times: 1 });
    const error = await h.rejection(() => h.approved('send_email', message, 'invoice-8'));
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: expect.objectContaining({ cause_code: 'DLX_E_RUNTIME_TIMEOUT' }),
    });
    expect(await accepted(h, 1)).toBe(1);
    expect(connections()).toBe(1);
  });

  it('a server too slow before DATA is timed out and tried again: delivered once', async () => {
    h.vendor.injectFault({ kind: 'delay', command: 'MAIL', ms: 2_000, times: 1 });
    const result = await h.approved('send_email', message, 'invoice-9');
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    // The first connection's MAIL goes on after the client left: nothing more is taken.
    await delay(1_500);
    expect(await accepted(h, 1)).toBe(1);
  });
});
