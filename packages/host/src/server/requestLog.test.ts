import { connect } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { TOKENS, startHarness, type HostHarness } from '../__fixtures__/hostHarness';

const tenants = {
  acme: { connectors: { good_webhooks: { webhook_secret: { env: 'WH_SECRET' } } } },
};

describe('the request log', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({ tenants, env: { WH_SECRET: 'fixture_webhook_secret_0123456789' } });
  });
  afterAll(() => h.stop());
  const lines = () => h.logs.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('says which request each line is for: method, URL, client address and status', async () => {
    await h.call('GET', '/healthz?probe=1', { token: TOKENS.vic });
    const line = lines().find(
      (l) =>
        l.msg === 'request completed' && (l.req as { url?: string }).url === '/healthz?probe=1',
    );
    expect(line).toMatchObject({
      req: { method: 'GET', url: '/healthz?probe=1', remoteAddress: '127.0.0.1' },
      res: { statusCode: 200 },
    });
    expect((line!.req as { remotePort: unknown }).remotePort).toEqual(expect.any(Number));
  });

  it('does not log a client that closes mid-body as an internal error', async () => {
    const port = Number(new URL(h.host.url!).port);
    const before = h.logs.length;
    for (const path of ['/webhooks/acme/good_webhooks', '/nope']) {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":`,
      );
      await sleep(100);
      socket.destroy();
    }
    await sleep(200);
    const after = lines().slice(before);
    expect(after.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(JSON.stringify(after)).not.toContain('abortIncoming');
    expect((await h.call('GET', '/healthz', { token: TOKENS.vic })).status).toBe(200);
  });
});
