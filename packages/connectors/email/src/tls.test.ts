import { hasErrorCode } from '@dealix/connector-core';
import { createTestCertificate, type TestCertificate } from '@dealix/connector-testkit';
import {
  SMTP_USER,
  TENANT,
  startEmailHarness,
  type EmailHarness,
} from './__fixtures__/smtpHarness';
import { tlsPolicy } from './smtpExchange';

const message = { to: ['dana@example.test'], subject: 'Contract', text: 'Signed copy.' };

describe('email over TLS', () => {
  let certificate: TestCertificate;
  let other: TestCertificate;
  let h: EmailHarness | undefined;
  beforeAll(async () => {
    [certificate, other] = await Promise.all([createTestCertificate(), createTestCertificate()]);
  });
  afterEach(async () => {
    if (h !== undefined) expect(await h.leakedSecrets()).toEqual([]);
    await h?.stop();
    h = undefined;
  });

  it('STARTTLS with AUTH: the login and the message travel encrypted', async () => {
    h = await startEmailHarness({ simulator: { tls: certificate }, trust: certificate });
    expect(await h.approved('send_email', message, 'tls-1')).toMatchObject({ status: 'ok' });
    expect(h.vendor.messages[0]).toMatchObject({ secure: true, user: SMTP_USER });
    expect(h.vendor.counters.get('tls_sessions')).toBe(1);
  });

  it('implicit TLS (secure: true) from the first byte', async () => {
    h = await startEmailHarness({
      simulator: { tls: certificate, implicitTls: true },
      trust: certificate,
    });
    expect(h.config.secure).toBe(true);
    expect(await h.approved('send_email', message, 'tls-2')).toMatchObject({ status: 'ok' });
    expect(h.vendor.messages[0]?.secure).toBe(true);
    expect(await h.runtime.probe(TENANT, 'email')).toMatchObject({ status: 'ok' });
  });

  it('a certificate signed by a CA it was not told to trust: nothing is sent', async () => {
    h = await startEmailHarness({
      simulator: { tls: certificate, implicitTls: true },
      trust: other,
    });
    const error = await h.rejection(() => h!.approved('send_email', message, 'tls-3'));
    expect(hasErrorCode(error, 'DLX_E_VENDOR_NETWORK')).toBe(true);
    expect(h.vendor.messages).toHaveLength(0);
    expect(await h.runtime.probe(TENANT, 'email')).toMatchObject({ status: 'degraded' });
  });

  it('STARTTLS is required for any server that is not on this machine', () => {
    const remote = tlsPolicy({ host: 'smtp.example.com', secure: false });
    expect(remote).toMatchObject({ secure: false, requireTLS: true });
    expect(tlsPolicy({ host: 'smtp.example.com', secure: true })).toMatchObject({
      secure: true,
      requireTLS: false,
    });
    // Only loopback (the sandbox's simulator) may speak plain SMTP, and only if no STARTTLS.
    expect(tlsPolicy({ host: '127.0.0.1', secure: false }).requireTLS).toBe(false);
    expect(tlsPolicy({ host: '10.0.0.5', secure: false }).requireTLS).toBe(true);
    expect(tlsPolicy({ host: 'x', secure: false, tls_ca: 'PEM' }).tls).toEqual({
      minVersion: 'TLSv1.2',
      ca: 'PEM',
    });
  });
});
