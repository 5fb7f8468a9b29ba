import { generate } from 'selfsigned';

/** A self-signed TLS certificate and its key, PEM: the certificate is also the CA to trust. */
export interface TestCertificate {
  key: string;
  cert: string;
}

/**
 * Makes a certificate for a TLS simulator at test time (selfsigned; nothing committed): valid
 * for a day, for 127.0.0.1, ::1 and localhost, so a client that verifies certificates accepts
 * it once told to trust it (the email connector's `tls_ca`).
 */
export async function createTestCertificate(): Promise<TestCertificate> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
