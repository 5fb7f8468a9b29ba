import { createTransport } from 'nodemailer';
import { createSmtpSimulator } from './smtpSimulator';
import type { SmtpSimulator } from './smtpSimulator';
import { createTestCertificate, type TestCertificate } from './testCertificate';

type SmtpClientError = Error & { code?: string; responseCode?: number };

const message = {
  from: 'noreply@dealix.test',
  to: 'buyer@example.test',
  subject: 'Quote 42',
  text: 'Over TLS',
};

describe('SMTP simulator with TLS', () => {
  let certificate: TestCertificate;
  let sim: SmtpSimulator;
  beforeAll(async () => {
    certificate = await createTestCertificate();
  });
  afterEach(() => sim.stop());

  const start = async (implicitTls: boolean) => {
    sim = createSmtpSimulator({ tls: certificate, implicitTls });
    await sim.start();
  };
  const client = (options: Record<string, unknown>) =>
    createTransport({
      host: sim.host,
      port: sim.port,
      auth: { user: sim.user, pass: sim.pass },
      ...options,
    });
  const failure = async (promise: Promise<unknown>): Promise<SmtpClientError> => {
    try {
      await promise;
    } catch (error) {
      return error as SmtpClientError;
    }
    throw new Error('expected the send to fail');
  };

  it('offers STARTTLS and takes mail over it from a client that trusts the certificate', async () => {
    await start(false);
    const transport = client({ secure: false, requireTLS: true, tls: { ca: certificate.cert } });
    const info = await transport.sendMail(message);
    transport.close();
    expect(info.accepted).toEqual(['buyer@example.test']);
    expect(sim.messages[0]).toMatchObject({ secure: true, user: sim.user });
    expect(sim.counters.get('tls_sessions')).toBe(1);
  });

  it('refuses AUTH before STARTTLS with 538, as a submission server does', async () => {
    await start(false);
    const transport = client({ secure: false, ignoreTLS: true });
    const error = await failure(transport.sendMail(message));
    transport.close();
    expect(error).toMatchObject({ code: 'EAUTH', responseCode: 538 });
    expect(sim.messages).toHaveLength(0);
  });

  it('speaks TLS from the first byte with implicitTls', async () => {
    await start(true);
    const transport = client({ secure: true, tls: { ca: certificate.cert } });
    await expect(transport.verify()).resolves.toBe(true);
    await transport.sendMail(message);
    transport.close();
    expect(sim.messages[0]?.secure).toBe(true);
  });

  it('is refused by a client that does not trust the certificate, and stores nothing', async () => {
    await start(true);
    const transport = client({ secure: true });
    const error = await failure(transport.sendMail(message));
    transport.close();
    expect(error.code).toBe('ESOCKET');
    expect(error.message).toMatch(/self[- ]signed/i);
    expect(sim.messages).toHaveLength(0);
  });

  it('needs a certificate for implicit TLS', () => {
    expect(() => createSmtpSimulator({ implicitTls: true })).toThrow('needs `tls`');
  });
});
