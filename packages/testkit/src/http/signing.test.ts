import { createHmac } from 'node:crypto';
import { SimulatorServer } from './simulatorServer';
import { hmacBase64, hmacHex, postWebhook } from './signing';

describe('signing helpers', () => {
  it('compute the digests vendors put in signature headers', () => {
    expect(hmacHex('sha256', 'secret', 'body')).toBe(
      createHmac('sha256', 'secret').update('body').digest('hex'),
    );
    expect(hmacBase64('sha1', 'token', 'https://x.test/cb')).toBe(
      createHmac('sha1', 'token').update('https://x.test/cb').digest('base64'),
    );
  });

  it('postWebhook delivers the exact bytes and headers and returns the answer', async () => {
    const receiver = new SimulatorServer({
      name: 'receiver',
      routes: [
        {
          id: 'hook',
          method: 'POST',
          path: '/hooks/:key',
          handler: (req) => ({ status: 202, body: `got ${req.params.key}` }),
        },
      ],
    });
    await receiver.start();
    try {
      const body = '{"a":1,  "b":"é"}';
      const res = await postWebhook(`${receiver.baseUrl}/hooks/stripe`, {
        headers: {
          'X-Signature': hmacHex('sha256', 's', body),
          'Content-Type': 'application/json',
        },
        body,
      });
      expect(res.status).toBe(202);
      expect(res.body).toBe('got stripe');
      const [recorded] = receiver.requestsTo('hook');
      expect(recorded?.rawBody.equals(Buffer.from(body))).toBe(true);
      expect(recorded?.headers['x-signature']).toBe(hmacHex('sha256', 's', body));
    } finally {
      await receiver.stop();
    }
  });
});
