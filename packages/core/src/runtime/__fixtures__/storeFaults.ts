import { DlxError } from '../../errors/dlxError';
import type { GovernanceStores } from '../../stores/stores';

type StoreName = keyof GovernanceStores;

interface Fault {
  store: StoreName;
  method: string;
  /** Only calls whose first argument passes (e.g. the audit event to fail). */
  when?: (arg: unknown) => boolean;
}

/**
 * Real stores with scripted failures, as a full disk or a lost database connection would give
 * them: the next matching call rejects with DLX_E_STORE_FAILURE and changes nothing. Everything
 * else reaches the stores unchanged.
 */
export class StoreFaults {
  private readonly faults: Fault[] = [];

  failNext(store: StoreName, method: string, when?: (arg: unknown) => boolean): void {
    this.faults.push({ store, method, ...(when && { when }) });
  }

  wrap<S extends GovernanceStores>(stores: S): S {
    const wrapped = { ...stores };
    for (const name of Object.keys(stores) as StoreName[]) {
      const target = stores[name] as unknown as Record<string, unknown>;
      (wrapped as Record<string, unknown>)[name] = new Proxy(target, {
        get: (obj, prop) => {
          const value = obj[prop as string];
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            const index = this.faults.findIndex(
              (f) => f.store === name && f.method === prop && (f.when?.(args[0]) ?? true),
            );
            if (index >= 0) {
              this.faults.splice(index, 1);
              return Promise.reject(
                new DlxError('DLX_E_STORE_FAILURE', `the ${name} store failed (${String(prop)})`),
              );
            }
            return (value as (...a: unknown[]) => unknown).apply(obj, args);
          };
        },
      });
    }
    return wrapped;
  }
}
