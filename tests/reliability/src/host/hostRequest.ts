/** One HTTP exchange with a host, kept whole for the secret scan. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

export interface RequestOptions {
  token?: string;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export type HostRequest = (
  method: string,
  path: string,
  options?: RequestOptions,
) => Promise<Exchange>;

/** Requests to the host at `url`, each exchange appended to `exchanges` when given. */
export function hostRequest(url: string, exchanges?: Exchange[]): HostRequest {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined && { body }),
    });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: the board page, /metrics.
    }
    const exchange: Exchange = {
      method,
      path,
      status: res.status,
      headers: Object.fromEntries(res.headers),
      text,
      json,
    };
    exchanges?.push(exchange);
    return exchange;
  };
}
