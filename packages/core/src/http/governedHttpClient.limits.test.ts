import { setMaxListeners } from 'node:events';
import { hasErrorCode, isDlxError } from '../errors/dlxError';
import {
  sendJson,
  startLoopbackServer,
  thrownBy,
  type LoopbackServer,
} from './__fixtures__/loopbackServer';
import { createGovernedHttp } from './governedHttpClient';

describe('ctx.http client-side limits', () => {
  let vendor: LoopbackServer;
  let inFlight = 0;
  let maxSeen = 0;
  const arrivalTimes: number[] = [];

  beforeAll(async () => {
    vendor = await startLoopbackServer((_req, res) => {
      arrivalTimes.push(performance.now());
      inFlight++;
      maxSeen = Math.max(maxSeen, inFlight);
      setTimeout(() => {
        inFlight--;
        sendJson(res, 200, { ok: true });
      }, 15);
    });
  });
  afterAll(() => vendor.close());
  beforeEach(() => {
    maxSeen = 0;
    arrivalTimes.length = 0;
  });

  const signal = new AbortController().signal;
  // One attempt fanning out many requests puts one abort listener per request on its signal.
  setMaxListeners(100, signal);

  it('keeps at most maxConcurrency requests in flight; the rest queue and all complete', async () => {
    const http = createGovernedHttp({
      connectorKey: 'cal',
      allowedHosts: ['127.0.0.1'],
      secrets: [],
      maxConcurrency: 2,
    }).bind({ signal });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => http.request({ url: `${vendor.origin}/slot/${i}` })),
    );
    expect(results.every((res) => res.status === 200)).toBe(true);
    expect(maxSeen).toBe(2);
  });

  it('lets a queued request leave the queue when its signal aborts, without sending it', async () => {
    const client = createGovernedHttp({
      connectorKey: 'cal',
      allowedHosts: ['127.0.0.1'],
      secrets: [],
      maxConcurrency: 1,
    });
    const before = vendor.arrivals;
    const running = client.bind({ signal }).request({ url: `${vendor.origin}/first` });
    const controller = new AbortController();
    const queued = thrownBy(() =>
      client
        .bind({ signal: controller.signal })
        .request({ method: 'POST', url: `${vendor.origin}/queued` }),
    );
    controller.abort();
    const error = await queued;
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_ABORTED')).toBe(true);
    expect(isDlxError(error) && error.mayHaveReachedVendor).toBe(false);
    await running;
    // The slot is free again: a later request goes through.
    await client.bind({ signal }).request({ url: `${vendor.origin}/after` });
    expect(vendor.arrivals - before).toBe(2);
    expect(vendor.requests.map((r) => r.url)).not.toContain('/queued');
  });

  it('spaces requests beyond the burst by the configured rate', async () => {
    // 20/s: a burst of 20, then one every 50 ms.
    const http = createGovernedHttp({
      connectorKey: 'cal',
      allowedHosts: ['127.0.0.1'],
      secrets: [],
      maxRequestsPerSecond: 20,
    }).bind({ signal });
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 23 }, () => http.request({ url: `${vendor.origin}/rate` })),
    );
    expect(arrivalTimes).toHaveLength(23);
    // The 23rd request needs the third refilled token: no earlier than 150 ms after the start.
    expect((arrivalTimes[22] ?? 0) - start).toBeGreaterThanOrEqual(145);
  });

  it('lets a request waiting for a rate token abort without sending it', async () => {
    const client = createGovernedHttp({
      connectorKey: 'cal',
      allowedHosts: ['127.0.0.1'],
      secrets: [],
      maxRequestsPerSecond: 1,
    });
    await client.bind({ signal }).request({ url: `${vendor.origin}/token` });
    const before = vendor.arrivals;
    const controller = new AbortController();
    const waiting = thrownBy(() =>
      client.bind({ signal: controller.signal }).request({ url: `${vendor.origin}/no-token` }),
    );
    setTimeout(() => controller.abort(), 20);
    const error = await waiting;
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_ABORTED')).toBe(true);
    expect(isDlxError(error) && error.mayHaveReachedVendor).toBe(false);
    expect(vendor.arrivals).toBe(before);
  });
});
