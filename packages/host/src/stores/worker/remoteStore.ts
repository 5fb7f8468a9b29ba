import type { MethodAccess, MethodName, StoreName } from './protocol';
import type { StoreWorkerClient } from './storeWorkerClient';

/** A table's methods as the host thread sees them: the same calls, answered asynchronously. */
export type Remote<T> = {
  [K in MethodName<T>]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<R>
    : never;
};

/**
 * A thin async proxy: each method posts the call to the store worker and resolves with the
 * worker's answer. No logic of its own; the table in the worker holds the store's rules.
 */
export function remoteStore<T>(
  client: StoreWorkerClient,
  store: StoreName,
  methods: MethodAccess<T>,
): Remote<T> {
  const remote: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of Object.keys(methods)) {
    remote[method] = (...args: unknown[]) => client.call(store, method, args);
  }
  return remote as Remote<T>;
}
