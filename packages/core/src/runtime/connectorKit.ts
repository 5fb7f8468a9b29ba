import type { Clock } from '../contract/types';
import type { CallLinkStore } from '../stores/callLinkStore';
import { isoTime } from './isoTime';

/**
 * What the runtime hands each (tenant, connector) instance beyond ctx.http: the kit's shared
 * services, built once at registration and reached by every context of the instance.
 */
export interface ConnectorKit {
  readonly callLinks: CallLinkStore;
}

/** ctx.recordVendorObject of one call: links the object to the call's correlation id. */
export function vendorObjectRecorder(
  kit: ConnectorKit,
  where: { tenant: string; connector: string; operation: string; correlationId: string },
  clock: Clock,
): (objectId: string) => Promise<void> {
  return (objectId) => {
    if (typeof objectId !== 'string' || objectId === '') {
      return Promise.reject(new TypeError('recordVendorObject needs the vendor object id'));
    }
    return kit.callLinks.link({
      tenant: where.tenant,
      connector: where.connector,
      object_id: objectId,
      correlation_id: where.correlationId,
      operation: where.operation,
      created_at: isoTime(clock.now()),
    });
  };
}
