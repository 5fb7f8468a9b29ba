import { TOKENS } from '../host/hostConfig';
import type { FaultColumn } from '../faultMatrix/faultColumns';
import type { HostAnswer, PlannedCall } from './crashPlan';

/** A call held at the vendor `ms` long (HTTP and SMTP alike): in flight when the host is killed. */
export function heldAtVendor(ms: number): FaultColumn {
  return {
    id: 'hold',
    title: 'held at the vendor',
    http: { fault: { kind: 'delay', ms }, meaning: null! },
    smtp: { fault: { kind: 'delay', command: 'DATA', ms }, meaning: null! },
  };
}

/**
 * Sends a planned call to the host at `hostUrl` under its key, as an operator; null when the
 * connection died with the host (the call was interrupted).
 */
export async function postCall(
  hostUrl: string,
  tenant: string,
  call: PlannedCall,
  approvalId = call.approvalId,
): Promise<HostAnswer> {
  const query = approvalId === undefined ? '' : `?approval_id=${approvalId}`;
  try {
    const res = await fetch(
      `${hostUrl}/api/v1/tenants/${tenant}/connectors/${call.connector.key}/operations/${call.operation}${query}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKENS.operator}`,
          'content-type': 'application/json',
          'idempotency-key': call.key,
        },
        body: JSON.stringify(call.input),
      },
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return null;
  }
}
