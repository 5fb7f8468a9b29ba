import type { OutgoingRequest } from './outgoingRequest';

const REDIRECT_TO_GET = new Set([301, 302, 303]);
const REDIRECT_KEEP_METHOD = new Set([307, 308]);
/** Headers that describe the body: dropped with it when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'transfer-encoding'];
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

/**
 * The next hop of a redirect, or undefined when the answer is not one core follows (a status
 * other than 301/302/303/307/308, or no usable Location). 301/302/303 become a GET without body
 * (HEAD stays HEAD); 307/308 keep method and body. When the hop leaves the host (or drops from
 * https to http) credentials stay behind: Authorization, Cookie, and any header carrying a
 * configured secret (vendor API-key headers).
 */
export function nextRedirectHop(
  current: OutgoingRequest,
  status: number,
  location: string | undefined,
  secrets: readonly string[],
): OutgoingRequest | undefined {
  const keepMethod = REDIRECT_KEEP_METHOD.has(status);
  if ((!keepMethod && !REDIRECT_TO_GET.has(status)) || location === undefined || location === '') {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(location, current.url);
  } catch {
    return undefined;
  }
  url.hash = '';
  // Credentials in a Location header are the vendor's, not ours to send on.
  url.username = '';
  url.password = '';

  const headers = { ...current.headers };
  let method = current.method;
  let body = current.body;
  if (!keepMethod && method !== 'GET' && method !== 'HEAD') {
    method = 'GET';
    body = undefined;
    for (const name of BODY_HEADERS) delete headers[name];
  }
  if (leavesOrigin(current.url, url)) stripCredentials(headers, secrets);
  return { method, url, headers, body };
}

function leavesOrigin(from: URL, to: URL): boolean {
  const downgraded = from.protocol === 'https:' && to.protocol !== 'https:';
  return downgraded || from.host !== to.host;
}

function stripCredentials(headers: Record<string, string>, secrets: readonly string[]): void {
  for (const name of CREDENTIAL_HEADERS) delete headers[name];
  for (const [name, value] of Object.entries(headers)) {
    if (secrets.some((secret) => secret.length > 0 && value.includes(secret))) delete headers[name];
  }
}
