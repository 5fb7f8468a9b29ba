import { DlxError, isDlxError, mapVendorError } from '@dealix/connector-core';
import { graphError } from '@dealix/connector-testkit';
import { SEND, useWhatsAppHarness, type WhatsAppHarness } from './__fixtures__/whatsAppHarness';
import { GRAPH_ERRORS } from './errors';

type GraphFields = Parameters<typeof graphError>[1];

const template = { to: '15551234567', template: 'order_update', language: 'en_US' };

describe('Graph errors through the governance runtime', () => {
  let h: WhatsAppHarness;
  let keys = 0;

  const harness = useWhatsAppHarness();
  beforeEach(() => {
    h = harness();
  });

  /** Answers the next `times` requests to the messages edge with a Graph error; its fbtrace_id. */
  const graphFault = (status: number, fields: GraphFields, times = 1): string => {
    const answer = graphError(status, fields);
    h.vendor.server.injectFault({
      route: SEND,
      fault: { kind: 'status', status, body: answer.body, headers: answer.headers },
      times,
    });
    return (answer.body as { error: { fbtrace_id: string } }).error.fbtrace_id;
  };
  const send = () => h.call('send_template', template, `send-${++keys}`);
  const sent = () => h.vendor.server.requestsTo(SEND).length;

  it('190: an expired token is an auth error, sent once, with the fbtrace_id as request id', async () => {
    const trace = graphFault(401, {
      code: 190,
      title: 'Access token expired',
      message: 'Error validating access token: Session has expired.',
      errorSubcode: 463,
    });
    const error = await h.rejection(send);
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_AUTH',
      kind: 'auth',
      vendorCode: '190',
      vendorStatus: 401,
      vendorRequestId: trace,
      details: expect.objectContaining({ graph_code: 190, graph_subcode: 463 }),
    });
    expect(sent()).toBe(1);
  });

  it.each([
    [130429, 1_000, 'Rate limit hit'],
    [131056, 6_000, '(Business Account, Consumer Account) pair rate limit hit'],
  ])(
    '%i: a rate limit (HTTP 400) is a refusal: the send is retried after %i ms and goes out once',
    async (code, waitMs, title) => {
      graphFault(400, { code, title });
      const result = await send();
      expect(result).toMatchObject({ status: 'ok', attempts: 2 });
      expect(h.clock.sleeps).toEqual([waitMs]);
      expect(sent()).toBe(2);
      expect(h.vendor.server.counters.get('messages_sent')).toBe(1);
    },
  );

  it.each([
    [4, 'Application request limit reached'],
    [80007, 'Rate limit issues'],
  ])(
    '%i: an hourly limit asks for a wait past the deadline: rate_limited at once, never unknown',
    async (code, title) => {
      const trace = graphFault(400, { code, title });
      const error = await h.rejection(send);
      expect(error).toMatchObject({
        code: 'DLX_E_VENDOR_RATE_LIMITED',
        vendorCode: String(code),
        retryAfterMs: 60_000,
        mayHaveReachedVendor: false,
        vendorRequestId: trace,
      });
      expect(sent()).toBe(1);
    },
  );

  it('131026: an undeliverable message is permanent, sent once', async () => {
    graphFault(400, { code: 131026, title: 'Message undeliverable' });
    const error = await h.rejection(send);
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT', vendorCode: '131026' });
    expect(sent()).toBe(1);
  });

  it.each([
    [1, 'An unknown error occurred'],
    [2, 'Service temporarily unavailable'],
  ])(
    '%i: transient, but it may follow a send: the send ends unknown, never re-sent',
    async (code, title) => {
      graphFault(500, { code, title });
      const error = await h.rejection(send);
      expect(error).toMatchObject({
        code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
        details: expect.objectContaining({ cause_code: 'DLX_E_VENDOR_TRANSIENT' }),
      });
      expect(sent()).toBe(1);
    },
  );

  it.each([
    [1, 'An unknown error occurred'],
    [2, 'Service temporarily unavailable'],
  ])('%i: mark_read, which is idempotent, is retried and succeeds', async (code, title) => {
    h.vendor.inboundMessageWebhook({ messageId: 'wamid.IN9' });
    graphFault(503, { code, title });
    const result = await h.call('mark_read', { message_id: 'wamid.IN9' });
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    expect(sent()).toBe(2);
  });

  it('100 / 33: an object Graph cannot load (the number id, or the token has no access) is auth', async () => {
    h.vendor.server.injectFault({
      route: SEND,
      fault: {
        kind: 'status',
        status: 400,
        body: graphError(400, {
          code: 100,
          type: 'GraphMethodException',
          title: 'Unsupported request',
          errorSubcode: 33,
        }).body,
      },
      times: 1,
    });
    const error = await h.rejection(send);
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_AUTH', vendorCode: '100' });
    // A plain invalid parameter stays a permanent input problem.
    graphFault(400, { code: 100, title: 'Invalid parameter', details: 'Param to is invalid' });
    expect(await h.rejection(send)).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: '100',
    });
  });
});

describe('the 24-hour customer service window', () => {
  let h: WhatsAppHarness;
  const harness = useWhatsAppHarness({ simulator: { customerServiceWindow: true } });
  beforeEach(() => {
    h = harness();
  });

  it('131047: a text outside the window is permanent; a template still goes out', async () => {
    const error = await h.rejection(() =>
      h.approved('send_text', { to: '15551234567', body: 'Are you still there?' }, 'late-1'),
    );
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT', vendorCode: '131047' });
    expect(h.vendor.server.requestsTo(SEND)).toHaveLength(1);
    expect(await h.call('send_template', template, 'late-2')).toMatchObject({ status: 'ok' });
    // Once the customer writes, free-form text is allowed again.
    h.vendor.inboundMessageWebhook({ from: '15551234567' });
    expect(
      await h.approved('send_text', { to: '15551234567', body: 'Thanks!' }, 'late-3'),
    ).toMatchObject({ status: 'ok' });
  });
});

describe('the Graph error table', () => {
  const answered = (status: number, body: unknown) =>
    new DlxError(status >= 500 ? 'DLX_E_VENDOR_TRANSIENT' : 'DLX_E_VENDOR_PERMANENT', 'x', {
      vendorStatus: status,
      vendorRequestId: 'header-trace',
      mayHaveReachedVendor: true,
      response: { status, headers: {}, body },
    });
  const mapped = (status: number, error: Record<string, unknown>) => {
    const result = mapVendorError(answered(status, { error }), GRAPH_ERRORS);
    if (!isDlxError(result)) throw new Error('expected a DlxError');
    return result;
  };

  it.each([
    [401, 190, 'DLX_E_VENDOR_AUTH', true],
    [401, 0, 'DLX_E_VENDOR_AUTH', true],
    [403, 10, 'DLX_E_VENDOR_AUTH', true],
    [403, 200, 'DLX_E_VENDOR_AUTH', true],
    [403, 299, 'DLX_E_VENDOR_AUTH', true],
    [400, 4, 'DLX_E_VENDOR_RATE_LIMITED', false],
    [400, 80007, 'DLX_E_VENDOR_RATE_LIMITED', false],
    [429, 130429, 'DLX_E_VENDOR_RATE_LIMITED', false],
    [400, 131056, 'DLX_E_VENDOR_RATE_LIMITED', false],
    [400, 131047, 'DLX_E_VENDOR_PERMANENT', true],
    [400, 131026, 'DLX_E_VENDOR_PERMANENT', true],
    [400, 131048, 'DLX_E_VENDOR_PERMANENT', true],
    [500, 1, 'DLX_E_VENDOR_TRANSIENT', true],
    [503, 2, 'DLX_E_VENDOR_TRANSIENT', true],
    [500, 131000, 'DLX_E_VENDOR_TRANSIENT', true],
  ] as const)('HTTP %i, code %i: %s (may have reached: %s)', (status, code, expected, reached) => {
    const error = mapped(status, { code, message: `(#${code}) x`, fbtrace_id: 'Ab1' });
    expect(error).toMatchObject({
      code: expected,
      vendorCode: String(code),
      mayHaveReachedVendor: reached,
      vendorRequestId: 'Ab1',
    });
  });

  it('keeps the header trace id and the status mapping for an answer that is not a Graph error', () => {
    const original = answered(502, '<html>Bad gateway</html>');
    expect(mapVendorError(original, GRAPH_ERRORS)).toBe(original);
    expect(mapped(400, { code: 132001, message: 'x' })).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorRequestId: 'header-trace',
    });
  });
});
