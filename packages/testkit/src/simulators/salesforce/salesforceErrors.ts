import type { SimResponse } from '../../http/types';

export interface SalesforceErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** Salesforce REST errors are always a JSON array, even for a single problem. */
export function salesforceError(
  status: number,
  errorCode: string,
  message: string,
  fields?: string[],
): SimResponse {
  const item: SalesforceErrorItem = { message, errorCode };
  if (fields !== undefined) item.fields = fields;
  return { status, body: [item] };
}

export function invalidSession(): SimResponse {
  return salesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
}

export function notFound(): SimResponse {
  return salesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
}

export function entityDeleted(): SimResponse {
  return salesforceError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
}

/** The answer to injected or unknown statuses, in the vendor's shape. */
export function salesforceStatusError(status: number): SimResponse {
  switch (status) {
    case 401:
      return invalidSession();
    case 403:
      return salesforceError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    case 404:
      return notFound();
    case 429:
      // Salesforce itself signals limits with 403; a 429 comes from an edge in front of it.
      return salesforceError(429, 'REQUEST_LIMIT_EXCEEDED', 'Too many requests');
    case 503:
      return salesforceError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable');
    default:
      return salesforceError(
        status,
        status >= 500 ? 'UNKNOWN_EXCEPTION' : 'BAD_REQUEST',
        `simulated status ${status}`,
      );
  }
}
