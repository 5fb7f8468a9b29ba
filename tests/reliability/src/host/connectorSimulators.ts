import type { SimulatorHandle } from '@dealix/connector-testkit';
import type { DiscoveredConnector } from '../discovery/connectorPackages';
import type { TenantConnector } from './hostConfig';

/** Every connector's simulator, started here (outside any host) by its own conformance code. */
export class ConnectorSimulators {
  readonly handles = new Map<string, SimulatorHandle<unknown>>();

  static async start(connectors: readonly DiscoveredConnector[]): Promise<ConnectorSimulators> {
    const started = new ConnectorSimulators();
    for (const c of connectors) started.handles.set(c.key, await c.conformance.startSimulator());
    return started;
  }

  /** The simulator object of a connector (what its samples and faults take). */
  sim(key: string): unknown {
    return this.handles.get(key)?.simulator;
  }

  /** Simulator objects by connector key. */
  sims(): Map<string, unknown> {
    return new Map([...this.handles].map(([key, handle]) => [key, handle.simulator]));
  }

  /** One tenant's connectors, each configured to reach its simulator (`adjust` may change it). */
  tenant(
    connectors: readonly DiscoveredConnector[],
    adjust: (c: DiscoveredConnector, config: Record<string, unknown>) => Record<string, unknown> = (
      _c,
      config,
    ) => config,
  ): TenantConnector[] {
    return connectors.map((c) => ({
      key: c.key,
      manifest: c.manifest,
      config: adjust(c, this.handles.get(c.key)!.config),
    }));
  }

  async stop(): Promise<void> {
    for (const handle of this.handles.values()) await handle.stop();
  }
}
