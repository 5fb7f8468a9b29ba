import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawHttpRequest } from '@dealix/connector-testkit';
import {
  FIXTURE_WORKSPACE,
  TOKENS,
  startHarness,
  type HostHarness,
  AUDIT_KEY_B64,
} from '../__fixtures__/hostHarness';
import { openRawSocket, startSlowCall } from '../__fixtures__/inFlight';
import { HOST_CLI } from '../__fixtures__/spawnHarnessHost';

// Item "hostile clients": header, body and keep-alive timeouts answer in the host's shape, a
// draining host says so (/readyz 503, Retry-After), and a stop is bounded even while a client
// trickles a body.

/** Writes one byte of body now and then until the connection closes. */
function trickle(socket: Socket): void {
  const timer = setInterval(() => {
    if (socket.destroyed) clearInterval(timer);
    else socket.write('x');
  }, 50);
  socket.once('close', () => clearInterval(timer));
}

const errorCodeOf = (raw: string) =>
  (JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { code: string } }).error.code;

describe('slow clients', () => {
  let h: HostHarness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness({
      tenants: { acme: { connectors: { good_echo: {}, good_slow: {} } } },
      extraConfig: {
        limits: {
          initialize_timeout_ms: 300,
          header_timeout_ms: 200,
          request_timeout_ms: 400,
          keep_alive_timeout_ms: 300,
          drain_ms: 5_000,
        },
      },
    });
    port = Number(new URL(h.host.url!).port);
  });
  afterAll(() => h.stop());

  it('answers headers that never finish with 408 DLX_E_HOST_REQUEST_TIMEOUT', async () => {
    const { socket, closed } = openRawSocket(port);
    socket.write('GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(errorCodeOf(answer)).toBe('DLX_E_HOST_REQUEST_TIMEOUT');
  });

  it('answers a body trickling in slower than request_timeout_ms with 408', async () => {
    const { socket, closed } = openRawSocket(port);
    socket.write(
      'POST /api/v1/tenants/acme/connectors/good_echo/operations/echo HTTP/1.1\r\n' +
        `Host: 127.0.0.1\r\nAuthorization: Bearer ${TOKENS.alice}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"text":"',
    );
    trickle(socket);
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(errorCodeOf(answer)).toBe('DLX_E_HOST_REQUEST_TIMEOUT');
  });

  it('closes an idle keep-alive connection after keep_alive_timeout_ms', async () => {
    const { socket, closed } = openRawSocket(port);
    socket.write('GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    expect(await closed).toMatch(/^HTTP\/1\.1 200 [\s\S]*"status":"ready"/);
  });
});

// A client that pipelines requests and never reads made the host answer (and log, and hold
// unsent) every one of them: tens of thousands per connection, the host unresponsive meanwhile.
describe('clients that pipeline or hold connections open', () => {
  let h: HostHarness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness({
      tenants: { acme: { connectors: { good_echo: {} } } },
      extraConfig: {
        limits: { requests_per_connection: 5, max_connections: 3, keep_alive_timeout_ms: 300 },
      },
    });
    port = Number(new URL(h.host.url!).port);
  });
  afterAll(() => h.stop());

  it('serves limits.requests_per_connection requests on one connection, then ends it: nothing pipelined past them is read', async () => {
    const { socket, closed } = openRawSocket(port);
    socket.write('GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(40));
    const text = await closed;
    const answers = text.match(/HTTP\/1\.1 \d{3}/g) ?? [];
    expect(answers.slice(0, 5)).toEqual(Array(5).fill('HTTP/1.1 200'));
    expect(text.slice(text.lastIndexOf('HTTP/1.1 200'))).toMatch(/\r\nconnection: close\r\n/i);
    // Node may have answered the one request it had parsed already (its own 503); the other
    // 34 were never read.
    expect(answers.slice(5).every((a) => a === 'HTTP/1.1 503')).toBe(true);
    expect(answers.length).toBeLessThanOrEqual(6);
    expect((await rawHttpRequest(`${h.host.url}/readyz`)).status).toBe(200);
  });

  it('closes a connection past limits.max_connections as it arrives, and takes new ones once others end', async () => {
    const held = [openRawSocket(port), openRawSocket(port), openRawSocket(port)];
    // Each held connection is counted once the server accepted it.
    await Promise.all(held.map(({ socket }) => new Promise((r) => socket.once('connect', r))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A new connection each (no agent): a pooled one would not count as new.
    const readyz = () =>
      rawHttpRequest(`${h.host.url}/readyz`, { timeoutMs: 2_000 }).then(
        (res) => res.status as number | string,
        () => 'closed',
      );
    const refused = await readyz();
    expect(refused).toBe('closed');
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map(({ closed }) => closed));
    let status: number | string = 'closed';
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = await readyz();
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(200);
  });
});

describe('draining', () => {
  it('answers /readyz and new requests 503 with Retry-After while in-flight calls finish', async () => {
    const h = await startHarness({
      tenants: { acme: { connectors: { good_slow: {} } } },
      extraConfig: { limits: { initialize_timeout_ms: 300, drain_ms: 10_000 } },
    });
    expect((await h.call('GET', '/readyz')).json).toEqual({
      status: 'ready',
      host_id: h.host.hostId,
    });
    const { answer: call } = await startSlowCall(h, 1_000);
    const closing = h.stop();
    for (const path of ['/readyz', '/healthz']) {
      // A new connection, as a load balancer's probe makes: the listener stays open meanwhile.
      const res = await rawHttpRequest(`${h.host.url}${path}`, {
        headers: { authorization: `Bearer ${TOKENS.vic}` },
      });
      expect([path, res.status, res.headers['retry-after']]).toEqual([path, 503, '1']);
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe(
        'DLX_E_RUNTIME_SHUTTING_DOWN',
      );
    }
    const res = await call;
    await closing;
    expect(res.status).toBe(200);
  });
});

describe('a stop under load', () => {
  it('answers the calls waiting for a slot 503 at once (nothing sent), and lets the one in flight finish', async () => {
    const h = await startHarness({
      tenants: {
        acme: { connectors: { good_slow: {} }, limits: { good_slow: { max_concurrency: 1 } } },
      },
      extraConfig: { limits: { initialize_timeout_ms: 300, drain_ms: 10_000 } },
    });
    const { answer: inFlight } = await startSlowCall(h, 1_000);
    const queued = [1, 2].map(() =>
      h.call('POST', '/api/v1/tenants/acme/connectors/good_slow/operations/wait', {
        token: TOKENS.alice,
        body: { ms: 1 },
      }),
    );
    // Both reach the limiter's queue behind the call in flight.
    while (h.host.runtime.get('acme', 'good_slow').kit.limiter.queued < 2) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const closing = h.stop();
    for (const answer of await Promise.all(queued)) {
      expect([answer.status, answer.json.error.code, answer.json.error.retryable]).toEqual([
        503,
        'DLX_E_RUNTIME_SHUTTING_DOWN',
        true,
      ]);
    }
    expect((await inFlight).status).toBe(200);
    await closing;
  });
});

describe('a stop with a client trickling a body', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-stop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits after SIGTERM within drain_ms (plus the grace), not when the client gives up', async () => {
    const config = join(dir, 'host.json');
    writeFileSync(
      config,
      JSON.stringify({
        database: join(dir, 'host.db'),
        tenants: { acme: { connectors: { good_echo: {} } } },
        // Node's own request timeout would end the trickle only after a minute.
        limits: { drain_ms: 300, header_timeout_ms: 60_000, request_timeout_ms: 60_000 },
      }),
    );
    const child = spawn(process.execPath, [HOST_CLI, 'start', '--config', config, '--port', '0'], {
      cwd: FIXTURE_WORKSPACE,
      env: { ...process.env, DLX_AUDIT_KEY: AUDIT_KEY_B64 },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const m = /Governance board: (http:\/\/[^\s/]+)\/board/.exec(out);
        if (m) resolve(m[1]!);
      });
      void exited.then(() => reject(new Error(`the host exited early:\n${out}`)));
    });
    const { socket } = openRawSocket(Number(new URL(url).port));
    socket.write(
      'POST /api/v1/tenants/acme/connectors/good_echo/operations/echo HTTP/1.1\r\n' +
        'Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
    );
    trickle(socket);
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    socket.destroy();
  }, 20_000);
});
