import { TOKENS } from './hostConfig';
import type { Exchange, HostRequest } from './hostRequest';

/** One call of an operation over the host's API. */
export interface HostCall {
  tenant: string;
  key: string;
  operation: string;
  input: unknown;
  idempotencyKey?: string;
}

const operationPath = (call: HostCall) =>
  `/api/v1/tenants/${call.tenant}/connectors/${call.key}/operations/${call.operation}`;

/**
 * Posts as the suite's operator; an approval request is granted by the approver and the post
 * repeated with its approval_id, as a person would.
 */
async function postApproved(
  request: HostRequest,
  call: HostCall,
  path: string,
  body: unknown,
): Promise<Exchange> {
  const headers =
    call.idempotencyKey === undefined ? undefined : { 'idempotency-key': call.idempotencyKey };
  const first = await request('POST', path, { token: TOKENS.operator, json: body, headers });
  const approvalId = (first.json as { approval_id?: string } | undefined)?.approval_id;
  if (first.status !== 202 || approvalId === undefined) return first;
  await request('POST', `/api/v1/tenants/${call.tenant}/approvals/${approvalId}/grant`, {
    token: TOKENS.approver,
  });
  return request('POST', `${path}?approval_id=${approvalId}`, {
    token: TOKENS.operator,
    json: body,
    headers,
  });
}

/** Executes an operation over the host's API, approved when it asks for approval. */
export function executeThroughHost(request: HostRequest, call: HostCall): Promise<Exchange> {
  return postApproved(request, call, operationPath(call), call.input);
}

/** Compensates the call made under `call.idempotencyKey`, approved when it asks. */
export function compensateThroughHost(request: HostRequest, call: HostCall): Promise<Exchange> {
  return postApproved(request, call, `${operationPath(call)}/compensate`, { input: call.input });
}
