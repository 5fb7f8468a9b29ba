import type { ConnectorManifest } from '../manifest';
import { checkPluginAgainstManifest } from './checkPluginAgainstManifest';

/** Plugins found to agree with a manifest, and with which (by identity). */
const agreeing = new WeakMap<object, WeakSet<ConnectorManifest>>();

/**
 * checkPluginAgainstManifest, compared once per plugin and manifest that agree: the loader
 * checks each plugin at stage 6 and register() checks it again per tenant (register() is also
 * called without the loader, so it cannot skip its check); the second check of a pair that
 * agreed is a lookup. Keyed by identity: defineConnector freezes a plugin, and a loaded
 * manifest is never changed. A pair that disagrees is compared every time (the same problems).
 */
export function contractProblems(exported: unknown, manifest: ConnectorManifest): string[] {
  const plugin = typeof exported === 'object' && exported !== null ? exported : undefined;
  if (plugin !== undefined && agreeing.get(plugin)?.has(manifest) === true) return [];
  const problems = checkPluginAgainstManifest(exported, manifest);
  if (problems.length === 0 && plugin !== undefined) {
    let manifests = agreeing.get(plugin);
    if (!manifests) agreeing.set(plugin, (manifests = new WeakSet()));
    manifests.add(manifest);
  }
  return problems;
}
