import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import Stripe from 'stripe';
import twilio from 'twilio';
import { derivedEventId } from './eventIds';
import { verifyHmacSignature } from './hmacSignature';
import { parseSignatureHeader } from './signatureHeader';
import { signedUrlPayload } from './signedUrlPayload';
import { checkTimestampTolerance } from './timestampTolerance';

// Our four schemes, each one call of the kit, checked against the vendor's own helper where
// the vendor publishes one (stripe, twilio) and against node:crypto where it does not.

const body = Buffer.from('{"id":"evt_1","amount":1500,"name":"صباح"}', 'utf8');

/** Stripe: `Stripe-Signature: t=<unix>,v1=<hex>`, HMAC-SHA256 of `${t}.${body}`. */
function verifyStripe(header: string | undefined, secret: string, payload: Buffer): boolean {
  const parts = parseSignatureHeader(header, { timestamp: 't', signature: 'v1' });
  return (
    parts.timestamp !== undefined &&
    verifyHmacSignature({
      algorithm: 'sha256',
      encoding: 'hex',
      secret,
      payload: [`${parts.timestamp}.`, payload],
      signature: parts.signatures,
    })
  );
}

describe('Stripe-style signatures against the stripe npm helper', () => {
  const stripe = new Stripe('sk_test_dummy');
  const secret = 'whsec_kit_test_0123456789';

  it('accepts what stripe signs, any matching v1 among several', () => {
    const header = stripe.webhooks.generateTestHeaderString({
      payload: body.toString('utf8'),
      secret,
      timestamp: 1_700_000_000,
    });
    expect(verifyStripe(header, secret, body)).toBe(true);
    const [t, v1] = header.split(',');
    expect(verifyStripe(`${t},v1=${'0'.repeat(64)},${v1},v0=beef`, secret, body)).toBe(true);
    expect(parseSignatureHeader(header, { timestamp: 't', signature: 'v1' }).timestamp).toBe(
      1_700_000_000,
    );
  });

  it('refuses another secret, a changed body, and headers missing a part', () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload: body.toString(), secret });
    expect(verifyStripe(header, 'whsec_other', body)).toBe(false);
    expect(verifyStripe(header, secret, Buffer.from(body.toString().replace('1500', '1')))).toBe(
      false,
    );
    expect(verifyStripe(undefined, secret, body)).toBe(false);
    expect(verifyStripe(header.replace(/t=\d+,/, ''), secret, body)).toBe(false);
    expect(verifyStripe(header.replace(/,v1=.*/, ''), secret, body)).toBe(false);
  });

  it('is what stripe.webhooks.constructEvent accepts, signed by us', () => {
    const t = Math.floor(Date.now() / 1000);
    const ours = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
    const header = `t=${t},v1=${ours}`;
    expect(stripe.webhooks.constructEvent(body, header, secret)).toMatchObject({ id: 'evt_1' });
    expect(verifyStripe(header, secret, body)).toBe(true);
  });

  it('keeps a 300 s window against the given clock, as stripe-node does', () => {
    const now = 1_700_000_000_000;
    expect(checkTimestampTolerance(1_700_000_000 - 300, now, 300)).toEqual({
      ok: true,
      ageSeconds: 300,
    });
    expect(checkTimestampTolerance(1_700_000_000 - 301, now, 300)).toEqual({
      ok: false,
      ageSeconds: 301,
    });
    // Ahead of the clock: skew within the tolerance passes, a date beyond it does not.
    expect(checkTimestampTolerance(1_700_000_000 + 60, now, 300).ok).toBe(true);
    expect(checkTimestampTolerance(1_700_000_000 + 300, now, 300).ok).toBe(true);
    expect(checkTimestampTolerance(1_700_000_000 + 301, now, 300)).toEqual({
      ok: false,
      ageSeconds: -301,
    });
    expect(checkTimestampTolerance(1_700_000_000 + 315_360_000, now, 300).ok).toBe(false);
  });
});

describe('Twilio-style signatures against the twilio npm helper', () => {
  const authToken = 'twilio_kit_auth_token_0123456789';
  const url = 'https://dealix.example/webhooks/acme/voice?tenant=acme';
  const params = {
    CallSid: 'CA0123',
    CallStatus: 'completed',
    From: '+15005550006',
    To: '+966500000000',
    StatusCallbackEvent: ['ringing', 'answered', 'ringing'],
  };

  const verifyTwilio = (signature: string | undefined, p: typeof params | Record<string, string>) =>
    verifyHmacSignature({
      algorithm: 'sha1',
      encoding: 'base64',
      secret: authToken,
      payload: signedUrlPayload(url, p),
      signature,
    });

  it('signs exactly what twilio expects, repeated parameters included', () => {
    const expected = twilio.getExpectedTwilioSignature(authToken, url, params);
    expect(verifyTwilio(expected, params)).toBe(true);
    const ours = createHmac('sha1', authToken)
      .update(signedUrlPayload(url, params))
      .digest('base64');
    expect(twilio.validateRequest(authToken, ours, url, params)).toBe(true);
  });

  it('refuses a changed parameter, another token and a missing header', () => {
    const expected = twilio.getExpectedTwilioSignature(authToken, url, params);
    expect(verifyTwilio(expected, { ...params, CallStatus: 'failed' })).toBe(false);
    expect(verifyTwilio(twilio.getExpectedTwilioSignature('other', url, params), params)).toBe(
      false,
    );
    expect(verifyTwilio(undefined, params)).toBe(false);
  });

  it('agrees with twilio for any flat parameters (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,12}$/),
          fc.string({ maxLength: 20 }),
          { maxKeys: 6 },
        ),
        (p) =>
          verifyTwilio(twilio.getExpectedTwilioSignature(authToken, url, p), p) &&
          twilio.validateRequest(
            authToken,
            createHmac('sha1', authToken).update(signedUrlPayload(url, p)).digest('base64'),
            url,
            p,
          ),
      ),
      { numRuns: 50 },
    );
  });
});

describe('WhatsApp and Cal.com signatures', () => {
  const secret = 'app_secret_kit_0123456789';
  const sha256 = createHmac('sha256', secret).update(body).digest('hex');

  it('WhatsApp: X-Hub-Signature-256 is "sha256=" + hex of the raw body', () => {
    const check = (signature: string | undefined, payload = body) =>
      verifyHmacSignature({
        algorithm: 'sha256',
        encoding: 'hex',
        prefix: 'sha256=',
        secret,
        payload,
        signature,
      });
    expect(check(`sha256=${sha256}`)).toBe(true);
    expect(check(sha256)).toBe(false);
    expect(check(`sha1=${sha256}`)).toBe(false);
    expect(check(`sha256=${sha256}`, Buffer.concat([body, Buffer.from(' ')]))).toBe(false);
  });

  it('Cal.com: X-Cal-Signature-256 is the bare hex of the raw body', () => {
    const check = (signature: string | undefined) =>
      verifyHmacSignature({
        algorithm: 'sha256',
        encoding: 'hex',
        secret,
        payload: body,
        signature,
      });
    expect(check(sha256)).toBe(true);
    expect(check(sha256.toUpperCase())).toBe(true);
    expect(check('no-secret-provided')).toBe(false);
    expect(check(`sha256=${sha256}`)).toBe(false);
  });

  it('is false, never a throw, for any malformed signature text (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('hex' as const, 'base64' as const), (sig, enc) => {
        const result = verifyHmacSignature({
          algorithm: 'sha256',
          encoding: enc,
          secret,
          payload: body,
          signature: sig,
        });
        return result === false || sig.trim().toLowerCase() === sha256;
      }),
    );
  });
});

describe('derivedEventId', () => {
  it('gives the same id for the same facts and another for any other', () => {
    const a = derivedEventId('CA01', 'completed', 3);
    expect(a).toMatch(/^derived:[0-9a-f]{64}$/);
    expect(derivedEventId('CA01', 'completed', 3)).toBe(a);
    expect(derivedEventId('CA01', 'completed', 4)).not.toBe(a);
    // Facts are kept apart: ("ab", "c") is not ("a", "bc").
    expect(derivedEventId('ab', 'c')).not.toBe(derivedEventId('a', 'bc'));
  });
});
