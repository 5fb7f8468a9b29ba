import type { IncomingMessage } from 'node:http';
import { parse as parseForm } from 'qs';
import type { RecordedRequest, SimRequest } from './types';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseQuery(searchParams: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of searchParams) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return query;
}

export function flattenHeaders(
  headers: IncomingMessage['headers'],
): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

export function toSimRequest(
  recorded: RecordedRequest,
  params: Record<string, string>,
): SimRequest {
  return {
    ...recorded,
    params,
    json<T = unknown>(): T {
      return JSON.parse(recorded.rawBody.toString('utf8')) as T;
    },
    form(): Record<string, unknown> {
      // Vendors such as Stripe accept deep nesting and long arrays; qs's defaults (depth 5,
      // arrayLimit 20) would silently flatten them.
      return parseForm(recorded.rawBody.toString('utf8'), {
        depth: 20,
        arrayLimit: 1000,
        parameterLimit: 10_000,
      }) as Record<string, unknown>;
    },
  };
}
