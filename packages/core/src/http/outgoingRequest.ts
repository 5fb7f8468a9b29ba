import type { GovernedRequest, HttpMethod } from '../contract/types';

/** One hop's request, as built by core before it is sent (sendRequest). */
export interface OutgoingRequest {
  method: HttpMethod;
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

const ABSOLUTE_URL = /^[a-z][a-z\d+\-.]*:\/\//i;

/**
 * The full URL of a request, joined as axios joins baseURL and url ("https://h/v1" + "/charges"
 * is "https://h/v1/charges"; an absolute url ignores baseURL), with `params` appended. Undefined
 * when it does not parse: such a request is never sent.
 */
export function requestUrl(req: GovernedRequest): URL | undefined {
  const joined =
    req.baseURL === undefined || ABSOLUTE_URL.test(req.url)
      ? req.url
      : `${req.baseURL.replace(/\/+$/, '')}/${req.url.replace(/^\/+/, '')}`;
  let url: URL;
  try {
    url = new URL(joined);
  } catch {
    return undefined;
  }
  if (req.params !== undefined) {
    for (const [name, value] of Object.entries(req.params)) {
      if (value !== undefined) url.searchParams.append(name, String(value));
    }
  }
  return url;
}

/**
 * Headers and body of the first hop. Credentials in `auth` or in the URL become an explicit
 * Authorization header, so core decides when to drop it on a redirect.
 */
export function buildOutgoingRequest(
  req: GovernedRequest,
  url: URL,
  idempotency: { header: string; key: string } | undefined,
): OutgoingRequest {
  const method = req.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (req.headers !== undefined) {
    for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
  }

  const auth = req.auth ?? credentialsInUrl(url);
  if (url.username !== '' || url.password !== '') {
    url.username = '';
    url.password = '';
  }
  if (auth !== undefined) {
    const token = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
    headers.authorization = `Basic ${token}`;
  }

  if (idempotency !== undefined && method !== 'GET' && method !== 'HEAD') {
    const name = idempotency.header.toLowerCase();
    if (headers[name] === undefined) headers[name] = idempotency.key;
  }

  return { method, url, headers, body: encodeBody(req.data, headers) };
}

/** The idempotency header and key an attempt sends, when the connector declares a header. */
export function idempotencyFor(
  header: string | undefined,
  key: string | undefined,
): { header: string; key: string } | undefined {
  return header === undefined || key === undefined ? undefined : { header, key };
}

function credentialsInUrl(url: URL): { username: string; password: string } | undefined {
  if (url.username === '' && url.password === '') return undefined;
  return { username: safeDecode(url.username), password: safeDecode(url.password) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function encodeBody(data: unknown, headers: Record<string, string>): string | Buffer | undefined {
  if (data === undefined || data === null) return undefined;
  if (typeof data === 'string' || Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    return data.toString();
  }
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(data);
}
