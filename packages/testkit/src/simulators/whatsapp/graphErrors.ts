import { randomBytes } from 'node:crypto';
import type { SimResponse } from '../../http/types';

export interface GraphErrorFields {
  code: number;
  /** Title part; the message becomes "(#code) title" as Meta writes it. */
  title: string;
  type?: string;
  details?: string;
  /** Deprecated by Meta from v16, still sent by some endpoints. */
  errorSubcode?: number;
  /** Whole message when it does not follow the "(#code) title" pattern (token errors). */
  message?: string;
}

export function fbtraceId(): string {
  return randomBytes(8).toString('base64url').slice(0, 11);
}

/**
 * A Graph API error: `{error:{message,type,code,error_data:{messaging_product,details},
 * error_subcode,fbtrace_id}}`. Connectors must branch on `code` and `error_data.details`.
 */
export function graphError(status: number, fields: GraphErrorFields): SimResponse {
  const error: Record<string, unknown> = {
    message: fields.message ?? `(#${fields.code}) ${fields.title}`,
    type: fields.type ?? 'OAuthException',
    code: fields.code,
  };
  if (fields.details !== undefined) {
    error.error_data = { messaging_product: 'whatsapp', details: fields.details };
  }
  if (fields.errorSubcode !== undefined) error.error_subcode = fields.errorSubcode;
  const trace = fbtraceId();
  error.fbtrace_id = trace;
  // Graph repeats the body's fbtrace_id in the x-fb-trace-id header.
  return { status, headers: { 'x-fb-trace-id': trace }, body: { error } };
}

export function invalidParameter(details: string): SimResponse {
  return graphError(400, { code: 100, title: 'Invalid parameter', details });
}

export function invalidToken(): SimResponse {
  return graphError(401, {
    code: 190,
    title: 'Invalid OAuth access token',
    message: 'Invalid OAuth access token - Cannot parse access token',
  });
}

export function expiredToken(): SimResponse {
  return graphError(401, {
    code: 190,
    title: 'Access token expired',
    message: 'Error validating access token: Session has expired.',
    errorSubcode: 463,
  });
}

export function unknownObject(id: string, verb: 'get' | 'post'): SimResponse {
  return graphError(400, {
    code: 100,
    type: 'GraphMethodException',
    title: 'Unsupported request',
    message: `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    errorSubcode: 33,
  });
}

export function unknownPath(path: string): SimResponse {
  return graphError(400, {
    code: 2500,
    title: 'Unknown path components',
    message: `Unknown path components: ${path}`,
  });
}

export function throughputLimit(status: number): SimResponse {
  return graphError(status, {
    code: 130429,
    title: 'Rate limit hit',
    details: 'Cloud API message throughput has been reached.',
  });
}

export function reengagementWindowClosed(): SimResponse {
  return graphError(400, {
    code: 131047,
    title: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  });
}
