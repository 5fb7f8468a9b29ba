import { request } from 'node:http';

export interface RawHttpRequestOptions {
  /** Default GET, or POST when a body is given. */
  method?: string;
  headers?: Record<string, string>;
  /** Sent byte for byte (signatures are computed over exactly these bytes). */
  body?: string | Buffer;
  /** Default 10 s; the request fails with code ETIMEDOUT rather than hang a test. */
  timeoutMs?: number;
}

export interface RawHttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request on a fresh connection that is closed afterwards (no keep-alive socket left
 * behind in a test). Network failures reject with the socket error's `code` (ECONNRESET...).
 */
export function rawHttpRequest(
  url: string,
  options: RawHttpRequestOptions = {},
): Promise<RawHttpResponse> {
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? Buffer.from(options.body)
        : options.body;
  const headers = { ...(options.headers ?? {}) };
  if (body !== undefined) headers['Content-Length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        agent: false,
        headers,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error(`request to ${url} timed out`), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end(body);
  });
}
