import { join } from 'node:path';
import { secretForms } from '@dealix/connector-core';
import {
  captureSpans,
  exportedSpanText,
  HTTP_CONFORMANCE_FAULTS,
  type SpanCapture,
  type StripeSimulator,
} from '@dealix/connector-testkit';
import { AUDIT_KEY_B64, startHarness, TOKENS, type HostHarness } from '../__fixtures__/hostHarness';

// Issue 18 "the secret scan covers exported spans": a sandbox run (every connector of the
// repository, each operation, failures, compensation, every webhook event) traced as a host
// with OTEL_* set traces, then everything an exporter would send of its spans scanned for the
// run's secrets, personal fields, payload values and idempotency keys. The spans are read from
// an SDK provider this process registers (the host uses it, as it says at startup): jest's
// module sandbox cannot run the OTLP exporter itself; tracing.test.ts scans real OTLP bytes.
const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const STRIPE = '/api/v1/tenants/sandbox/connectors/stripe/operations';

// Distinctive payload values: personal fields (description, receipt_email, metadata values) and
// plain ones, none of which a span may carry.
const PERSONAL = {
  description: 'Villa 7 deposit for Layla Haddad-Qx9',
  receipt_email: 'layla.haddad.qx9@example.test',
  phone: '+966500000913',
  note: 'gate code 4471 behind the palms',
};
const PLAIN = { order_ref: 'ORD-8841-QZK', payment_method: 'pm_card_visa' };
const KEYS = ['span-scan-order-8841', 'span-scan-cancel-8841', 'span-scan-bad-8841'];

describe('exported spans of a sandbox run', () => {
  let capture: SpanCapture;
  let h: HostHarness;
  let stripe: StripeSimulator;
  beforeAll(async () => {
    capture = captureSpans()!;
    h = await startHarness({ rootDir: REPO_ROOT });
    stripe = h.host.sandbox!.simulators.stripe;
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await capture?.stop();
  });

  /** A call needing approval: asked, granted by the approver, run with the grant. */
  async function approved(path: string, body: unknown, key: string) {
    const op = h.host.sandboxTokens!.operator;
    const headers = { 'idempotency-key': key };
    const asked = await h.call('POST', path, { token: op, body, headers });
    expect(asked.status).toBe(202);
    const id = asked.json.approval_id as string;
    await h.call('POST', `/api/v1/tenants/sandbox/approvals/${id}/grant`, {
      token: h.host.sandboxTokens!.approver,
    });
    return h.call('POST', `${path}?approval_id=${id}`, { token: op, body, headers });
  }

  it('carries no secret, personal field, payload value or idempotency key', async () => {
    const op = h.host.sandboxTokens!.operator;
    const payment = {
      amount: 8841,
      currency: 'sar',
      confirm: true,
      payment_method: PLAIN.payment_method,
      description: PERSONAL.description,
      receipt_email: PERSONAL.receipt_email,
      metadata: { phone: PERSONAL.phone, note: PERSONAL.note, order_ref: PLAIN.order_ref },
    };
    // Success, replay, a read, a refused cancel (the intent is paid: the vendor says no), a
    // vendor failure, rejected input, and the compensation.
    const created = await approved(`${STRIPE}/create_payment_intent`, payment, KEYS[0]!);
    expect(created.status).toBe(200);
    const intent = created.json.output.id as string;
    const replay = await h.call('POST', `${STRIPE}/create_payment_intent`, {
      token: op,
      body: payment,
      headers: { 'idempotency-key': KEYS[0]! },
    });
    expect(replay.json).toMatchObject({ replayed: true });
    const read = await h.call('POST', `${STRIPE}/retrieve_payment_intent`, {
      token: op,
      body: { payment_intent: intent },
    });
    expect(read.status).toBe(200);
    const cancel = await h.call('POST', `${STRIPE}/cancel_payment_intent`, {
      token: op,
      body: { payment_intent: intent, cancellation_reason: 'requested_by_customer' },
      headers: { 'idempotency-key': KEYS[1]! },
    });
    expect(cancel.json.error.code).toMatch(/^DLX_E_/);
    stripe.server.injectFault({
      route: 'payment_intents.create',
      fault: HTTP_CONFORMANCE_FAULTS.permanent,
      times: 1,
    });
    const failed = await approved(`${STRIPE}/create_payment_intent`, payment, KEYS[2]!);
    expect(failed.json.error.code).toBe('DLX_E_VENDOR_PERMANENT');
    const invalid = await h.call('POST', `${STRIPE}/create_payment_intent`, {
      token: op,
      body: { ...payment, receipt_email: `not an email ${PERSONAL.receipt_email}` },
    });
    expect(invalid.json.error.code).toBe('DLX_E_RUNTIME_INPUT_INVALID');
    const undone = await approved(
      `${STRIPE}/create_payment_intent/compensate`,
      { input: payment },
      KEYS[0]!,
    );
    expect(undone.json.output).toMatchObject({ action: 'refunded' });

    // Every operation of every sandbox connector with an input it refuses, and every webhook
    // event each declares, delivered by its simulator.
    const connectors = h.host.runtime.registered('sandbox');
    expect(connectors.map((rc) => rc.key)).toContain('stripe');
    for (const rc of connectors) {
      for (const operation of Object.keys(rc.manifest.operations)) {
        await h.call(
          'POST',
          `/api/v1/tenants/sandbox/connectors/${rc.key}/operations/${operation}`,
          {
            token: op,
            body: { note: PERSONAL.note },
          },
        );
      }
      for (const event of rc.manifest.webhook_events ?? []) {
        const sent = await h.call(
          'POST',
          `/api/v1/sandbox/connectors/${rc.key}/webhooks/${event}`,
          {
            token: op,
          },
        );
        expect([rc.key, event, sent.json.accepted]).toEqual([rc.key, event, true]);
      }
    }

    const spans = capture.spans();
    const names = new Set(spans.map((s) => s.name));
    // The scan read the traced run: request, call, attempt, client and webhook spans.
    for (const name of [
      'POST /api/v1/tenants/:tenant/connectors/:key/operations/:op',
      'stripe.create_payment_intent',
      'stripe.create_payment_intent attempt',
      'stripe.refund_payment_intent',
      'POST',
      'stripe.webhook',
    ]) {
      expect(names).toContain(name);
    }
    const exported = exportedSpanText(spans);

    const secrets = new Map<string, string>();
    const configs: Record<string, Record<string, unknown> | undefined> = h.host.sandbox!.configs;
    for (const rc of connectors) {
      for (const [field, spec] of Object.entries(rc.manifest.config)) {
        const value = configs[rc.key]?.[field];
        if ((spec.type === 'secret' || spec.type === 'private_key') && typeof value === 'string') {
          secrets.set(value, `${rc.key} config "${field}"`);
        }
      }
    }
    for (const [name, token] of Object.entries(h.host.sandboxTokens!)) {
      secrets.set(token, `the sandbox ${name} token`);
    }
    for (const [name, token] of Object.entries(TOKENS)) secrets.set(token, `token ${name}`);
    secrets.set(AUDIT_KEY_B64, 'DLX_AUDIT_KEY');
    expect(secrets.size).toBeGreaterThan(connectors.length + 6);
    const hidden: [string, string][] = [
      ...[...secrets].flatMap(([value, name]) =>
        secretForms(value).map((form): [string, string] => [form, name]),
      ),
      ...Object.entries(PERSONAL).map(([field, value]): [string, string] => [value, field]),
      ...Object.entries(PLAIN).map(([field, value]): [string, string] => [value, field]),
      ...KEYS.map((key): [string, string] => [key, `idempotency key ${key}`]),
    ];
    // Named, never shown: a failure here must not print the secret it found.
    expect(hidden.filter(([value]) => exported.includes(value)).map(([, name]) => name)).toEqual(
      [],
    );
  }, 60_000);
});
