// HTTP helpers the Salesforce simulator tests share (excluded from the build).
import { sign, type KeyObject } from 'node:crypto';
import { rawHttpRequest } from '../../../http/rawHttpRequest';
import type { RawHttpResponse } from '../../../http/rawHttpRequest';
import { JWT_BEARER_GRANT } from '../jwtBearerGrant';
import type { SalesforceSimulator } from '../salesforceSimulator';

export interface CallOptions {
  token?: string;
  body?: unknown;
  timeoutMs?: number;
}

export function call(
  sim: SalesforceSimulator,
  method: string,
  path: string,
  options: CallOptions = {},
) {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return rawHttpRequest(`${sim.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    timeoutMs: options.timeoutMs,
  });
}

export function json(response: RawHttpResponse): unknown {
  return JSON.parse(response.body);
}

export function requestToken(sim: SalesforceSimulator, secret = sim.clientSecret) {
  return rawHttpRequest(`${sim.baseUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sim.clientId,
      client_secret: secret,
    }).toString(),
  });
}

export async function rejection(promise: Promise<unknown>): Promise<{ code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string };
  }
  throw new Error('expected the request to fail');
}

export const SOBJECTS = '/services/data/v60.0/sobjects';
export const lead = {
  FirstName: 'Sara',
  LastName: 'Haddad',
  Company: 'Dealix',
  Email: 'sara@dealix.test',
};

/** An RS256 JWT over `claims`, signed with `privateKey`, as a JWT bearer client builds one. */
export function signAssertion(claims: Record<string, unknown>, privateKey: KeyObject): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'RS256' })}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

export function requestJwtToken(sim: SalesforceSimulator, assertion: string) {
  return rawHttpRequest(`${sim.baseUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
  });
}
