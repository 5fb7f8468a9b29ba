import { CORE_VERSION } from '../coreVersion';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { sendJson, startLoopbackServer, type LoopbackServer } from './__fixtures__/loopbackServer';
import { createGovernedHttp } from './governedHttpClient';

/** Requests go out through node:http: the defaults vendors saw and the bodies they encode. */
describe('ctx.http content encodings and default headers', () => {
  let vendor: LoopbackServer;
  const signal = new AbortController().signal;
  const item = { id: 'item-1', name: 'صباح' };
  const encoders: Record<string, (bytes: Buffer) => Buffer> = {
    gzip: gzipSync,
    deflate: deflateSync,
    'deflate-raw': deflateRawSync,
    br: brotliCompressSync,
  };

  beforeAll(async () => {
    vendor = await startLoopbackServer((req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const name = url.pathname.slice(1);
      const encode = encoders[name];
      if (encode === undefined) {
        sendJson(res, 200, { method: req.method, body, headers: req.headers });
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': name === 'deflate-raw' ? 'deflate' : name,
      });
      res.end(encode(Buffer.from(JSON.stringify(item))));
    });
  });
  afterAll(() => vendor.close());

  const http = () =>
    createGovernedHttp({ connectorKey: 'bench', allowedHosts: ['127.0.0.1'], secrets: [] }).bind({
      signal,
    });

  it.each(Object.keys(encoders))(
    'decodes a %s body and drops its content-encoding',
    async (name) => {
      const res = await http().request<typeof item>({
        method: 'GET',
        url: `${vendor.origin}/${name}`,
      });
      expect(res.data).toEqual(item);
      expect(res.headers['content-encoding']).toBeUndefined();
    },
  );

  it('sends the default accept, user-agent and accept-encoding unless the connector sets them', async () => {
    interface Echo {
      headers: Record<string, string>;
    }
    const plain = await http().request<Echo>({ method: 'GET', url: `${vendor.origin}/echo` });
    expect(plain.data.headers).toMatchObject({
      accept: 'application/json, text/plain, */*',
      'user-agent': `dealix-connectors/${CORE_VERSION} node/${process.versions.node}`,
      'accept-encoding': 'gzip, compress, deflate, br',
    });
    const own = await http().request<Echo>({
      method: 'GET',
      url: `${vendor.origin}/echo`,
      headers: { Accept: 'text/csv', 'User-Agent': 'acme/2' },
    });
    expect(own.data.headers).toMatchObject({ accept: 'text/csv', 'user-agent': 'acme/2' });
  });

  it('labels a write without a content type as a form, with its length', async () => {
    interface Echo {
      method: string;
      body: string;
      headers: Record<string, string>;
    }
    const res = await http().request<Echo>({
      method: 'PUT',
      url: `${vendor.origin}/echo`,
      data: 'a=1',
    });
    expect(res.data).toMatchObject({
      method: 'PUT',
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '3' },
    });
  });
});
