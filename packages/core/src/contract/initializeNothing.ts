// Internal to core (not exported from its index): the initialize() of plugins defined without
// one, and how registration recognises it.
import type { ConnectorPlugin } from './defineConnector';

/** Marks the initialize() of a plugin that defines none, across copies of core. */
const INITIALIZES_NOTHING = Symbol.for('dealix.connector-core.initializes-nothing');

/**
 * The initialize() of every plugin that defines none: one shared function, marked, so that
 * registration can skip it. Calling it cost each instance an initialize context, a deadline on
 * the sweep and two promises, for no state at all.
 */
export const initializeNothing = Object.assign(async (): Promise<unknown> => undefined, {
  [INITIALIZES_NOTHING]: true,
});

/** Whether the plugin's initialize() does nothing (its definition has none): no need to call it. */
export function initializesNothing(plugin: Pick<ConnectorPlugin, 'initialize'>): boolean {
  return (plugin.initialize as unknown as Record<symbol, unknown>)[INITIALIZES_NOTHING] === true;
}
