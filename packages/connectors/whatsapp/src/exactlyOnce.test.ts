import { setTimeout as delay } from 'node:timers/promises';
import { hasErrorCode } from '@dealix/connector-core';
import {
  SEND,
  TENANT,
  loadManifest,
  outputOf,
  useWhatsAppHarness,
  type WhatsAppHarness,
} from './__fixtures__/whatsAppHarness';

const order = { to: '15551234567', template: 'order_update', language: 'en_US' };

describe('a WhatsApp send goes out at most once', () => {
  let h: WhatsAppHarness;
  // 1 s per attempt: the simulator's 2 s delay outlasts it, and a loaded machine still sends
  // each request within it (200 ms was not always enough under load 25).
  const harness = useWhatsAppHarness({ manifest: loadManifest({ timeout_ms: 1_000 }) });
  beforeEach(() => {
    h = harness();
  });

  const sent = () => h.vendor.server.requestsTo(SEND).length;

  it('a send timing out after the simulator accepted it is unknown, and never sent again', async () => {
    h.vendor.server.injectFault({ route: SEND, fault: { kind: 'delay', ms: 2_000 }, times: 1 });
    const error = await h.rejection(() => h.call('send_template', order, 'order-77'));
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: expect.objectContaining({ cause_code: 'DLX_E_RUNTIME_TIMEOUT' }),
    });
    // The simulator finishes the held request: Meta accepted the message once.
    const finished = Date.now() + 10_000;
    while (h.vendor.server.counters.get('messages_sent') !== 1 && Date.now() < finished) {
      await delay(20);
    }
    expect(h.vendor.server.counters.get('messages_sent')).toBe(1);
    expect(sent()).toBe(1);

    // The same intent again is refused without a request until a person resolves it.
    const repeat = await h.rejection(() => h.call('send_template', order, 'order-77'));
    expect(hasErrorCode(repeat, 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN')).toBe(true);
    expect(sent()).toBe(1);

    const [unknown] = await h.runtime.unknownOutcomes.list(TENANT);
    expect(unknown).toMatchObject({ operation: 'send_template', idempotency_key: 'order-77' });
    await h.runtime.unknownOutcomes.resolve(
      TENANT,
      unknown!.id,
      {
        outcome: 'succeeded',
        output: { message_id: h.vendor.messages[0]!.id, recipient_wa_id: '15551234567' },
        note: 'Delivered per WhatsApp Manager',
      },
      'support-lead',
    );
    const settled = await h.call('send_template', order, 'order-77');
    expect(settled).toMatchObject({ status: 'ok', replayed: true });
    expect(outputOf<{ message_id: string }>(settled).message_id).toBe(h.vendor.messages[0]!.id);
    expect(sent()).toBe(1);
  });

  it('a connection lost after Meta took the message is unknown, the counter stays 1', async () => {
    h.vendor.server.injectFault({
      route: SEND,
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    const error = await h.rejection(() =>
      h.approved('send_text', { to: '15551234567', body: 'Your code is 4921' }, 'otp-1'),
    );
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_OUTCOME_UNKNOWN')).toBe(true);
    expect(h.vendor.server.counters.get('messages_sent')).toBe(1);
    expect(sent()).toBe(1);
  });

  it('an HTTP 429 proves Meta did not act: the send is sent again and goes out once', async () => {
    h.vendor.server.injectFault({ route: SEND, fault: { kind: 'status', status: 429 }, times: 1 });
    const result = await h.call('send_template', order, 'order-78');
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    expect(h.vendor.server.counters.get('messages_sent')).toBe(1);
  });

  it('a completed send repeated with its key is answered from the store', async () => {
    const first = outputOf<{ message_id: string }>(await h.call('send_template', order, 'o-79'));
    const again = await h.call('send_template', order, 'o-79');
    expect(again).toMatchObject({ status: 'ok', replayed: true, output: first });
    expect(sent()).toBe(1);
  });
});
