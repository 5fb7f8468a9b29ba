import type http from 'node:http';
import { DlxError, hasErrorCode, isDlxError } from '../errors/dlxError';
import { startLoopbackServer, thrownBy, type LoopbackServer } from './__fixtures__/loopbackServer';
import { createGovernedHttp } from './governedHttpClient';

/** A server that never answers on its own: tests see when the client gives up on it. */
describe('ctx.http honours the attempt AbortSignal', () => {
  let slow: LoopbackServer;
  let arrived: Array<() => void> = [];
  const closed: string[] = [];
  const held: http.ServerResponse[] = [];

  beforeAll(async () => {
    slow = await startLoopbackServer((req, res) => {
      req.socket.once('close', () => closed.push(req.url ?? ''));
      if (req.url === '/half') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
      }
      held.push(res);
      for (const notify of arrived) notify();
      arrived = [];
    });
  });
  afterAll(() => slow.close());

  const http = (signal: AbortSignal) =>
    createGovernedHttp({ connectorKey: 'voice', allowedHosts: ['127.0.0.1'], secrets: [] }).bind({
      signal,
    });
  const nextArrival = () => new Promise<void>((resolve) => arrived.push(resolve));
  const socketClosed = (path: string) =>
    new Promise<void>((resolve) => {
      const check = () => (closed.includes(path) ? resolve() : setTimeout(check, 5));
      check();
    });

  it('destroys the socket when the signal aborts while waiting for the answer', async () => {
    const controller = new AbortController();
    const pending = thrownBy(() =>
      http(controller.signal).request({ method: 'POST', url: `${slow.origin}/wait`, data: {} }),
    );
    await nextArrival();
    controller.abort();
    const error = await pending;
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_ABORTED')).toBe(true);
    expect(isDlxError(error) && error.mayHaveReachedVendor).toBe(true);
    await socketClosed('/wait');
  });

  it("keeps the runtime's own abort reason (its timeout) as code and message", async () => {
    const controller = new AbortController();
    const pending = thrownBy(() =>
      http(controller.signal).request({ url: `${slow.origin}/timeout` }),
    );
    await nextArrival();
    controller.abort(
      new DlxError('DLX_E_RUNTIME_TIMEOUT', 'voice.place_call attempt 1 timed out after 50 ms'),
    );
    const error = await pending;
    expect(isDlxError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_TIMEOUT',
      message: 'voice.place_call attempt 1 timed out after 50 ms',
      mayHaveReachedVendor: true,
    });
    await socketClosed('/timeout');
  });

  it('aborts while the body is still arriving', async () => {
    const controller = new AbortController();
    const pending = thrownBy(() => http(controller.signal).request({ url: `${slow.origin}/half` }));
    await nextArrival();
    // Let the status line and the first bytes reach the client before aborting.
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    expect(hasErrorCode(await pending, 'DLX_E_RUNTIME_ABORTED')).toBe(true);
    await socketClosed('/half');
  });

  it('sends nothing when the signal aborted before the request went out', async () => {
    const before = slow.arrivals;
    const already = new AbortController();
    already.abort();
    const preAborted = await thrownBy(() =>
      http(already.signal).request({ method: 'POST', url: `${slow.origin}/never` }),
    );
    expect(hasErrorCode(preAborted, 'DLX_E_RUNTIME_ABORTED')).toBe(true);
    expect(isDlxError(preAborted) && preAborted.mayHaveReachedVendor).toBe(false);

    const controller = new AbortController();
    const pending = thrownBy(() =>
      http(controller.signal).request({ method: 'POST', url: `${slow.origin}/never` }),
    );
    controller.abort(new DlxError('DLX_E_RUNTIME_DEADLINE_EXCEEDED', 'deadline passed'));
    const error = await pending;
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_DEADLINE_EXCEEDED')).toBe(true);
    expect(isDlxError(error) && error.mayHaveReachedVendor).toBe(false);
    expect(slow.arrivals).toBe(before);
  });
});
