import type { CallLink, CallLinkStore } from '../callLinkStore';
import { storedCopy } from './storedCopy';

/** Vendor object ids and the calls that created them, in memory. */
export class MemoryCallLinkStore implements CallLinkStore {
  private readonly links = new Map<string, CallLink>();

  async link(link: CallLink): Promise<void> {
    const id = JSON.stringify([link.tenant, link.connector, link.object_id]);
    if (!this.links.has(id)) this.links.set(id, storedCopy(link));
  }

  async find(tenant: string, connector: string, objectId: string): Promise<CallLink | undefined> {
    const link = this.links.get(JSON.stringify([tenant, connector, objectId]));
    return link === undefined ? undefined : storedCopy(link);
  }

  async prune(createdBefore: string): Promise<number> {
    let pruned = 0;
    for (const [id, link] of this.links) {
      if (link.created_at < createdBefore) {
        this.links.delete(id);
        pruned++;
      }
    }
    return pruned;
  }
}
