import type { ConnectorPlugin } from '../contract/defineConnector';
import { resolveOperationPolicy, type ConnectorManifest } from '../manifest';
import type { OperationMetrics } from '../metrics/connectorMetrics';
import type { BreakerState } from './circuitBreaker';
import { callTiming, type TimeScales } from './callTiming';
import { OperationBreaker, type BreakerSettings } from './circuitBreaker';
import type { OperationRuntime } from './registeredConnector';

/** What building an operation's runtime needs: the instance's and the runtime's settings. */
export interface OperationRuntimeDeps {
  tenant: string;
  manifest: ConnectorManifest;
  plugin: ConnectorPlugin;
  breaker: BreakerSettings;
  scales: TimeScales;
}

/**
 * The operations of one registered instance, each runtime (policy, timing, breaker, scope) built
 * on the operation's first use. A host with many connectors registers thousands of operations
 * and calls few of them; registration keeps only each operation's metric handle, made at once
 * because /metrics shows a closed breaker for every registered operation and a re-registration
 * resets its series. Nothing here can fail for a validated manifest, so deferring the build
 * moves no error: a bad manifest or config still fails at registration, before this is made.
 */
export class OperationRuntimes implements ReadonlyMap<string, OperationRuntime> {
  private readonly built = new Map<string, OperationRuntime>();
  private shut = false;

  constructor(
    private readonly deps: OperationRuntimeDeps,
    /** Each declared operation's metric handle, by name (the manifest's order). */
    private readonly metrics: ReadonlyMap<string, OperationMetrics>,
  ) {}

  /** The operation's runtime, built on its first use; undefined for an undeclared name. */
  get(name: string): OperationRuntime | undefined {
    const known = this.built.get(name);
    if (known !== undefined) return known;
    const metrics = this.metrics.get(name);
    if (metrics === undefined) return undefined;
    const runtime = this.build(name, metrics);
    this.built.set(name, runtime);
    return runtime;
  }

  /** Whether `name` is a declared operation (building nothing). */
  has(name: string): boolean {
    return this.metrics.has(name);
  }

  /** How many operations are declared. */
  get size(): number {
    return this.metrics.size;
  }

  /** The declared operations' names. */
  keys(): MapIterator<string> {
    return this.metrics.keys();
  }

  // The rest of ReadonlyMap, so code written against the Map this replaced keeps working: each
  // builds every runtime (a caller that walks them all asks for them all), in the manifest's order.

  /** Every declared operation's runtime (building those not yet used). */
  values(): MapIterator<OperationRuntime> {
    return this.all().values();
  }

  /** [name, runtime] for every declared operation (building those not yet used). */
  entries(): MapIterator<[string, OperationRuntime]> {
    return this.all().entries();
  }

  [Symbol.iterator](): MapIterator<[string, OperationRuntime]> {
    return this.all().entries();
  }

  forEach(
    callback: (
      value: OperationRuntime,
      key: string,
      map: ReadonlyMap<string, OperationRuntime>,
    ) => void,
    thisArg?: unknown,
  ): void {
    for (const [name, runtime] of this.all()) callback.call(thisArg, runtime, name, this);
  }

  private all(): Map<string, OperationRuntime> {
    const all = new Map<string, OperationRuntime>();
    for (const name of this.metrics.keys()) all.set(name, this.get(name)!);
    return all;
  }

  /** The breaker states of the operations used so far (one never used is closed). */
  *breakerStates(): IterableIterator<BreakerState> {
    for (const op of this.built.values()) yield op.breaker.state;
  }

  /** Shuts every breaker down, and any built later (a shut breaker refuses calls). */
  shutdown(): void {
    this.shut = true;
    for (const op of this.built.values()) op.breaker.shutdown();
  }

  private build(name: string, metrics: OperationMetrics): OperationRuntime {
    const { tenant, manifest, plugin } = this.deps;
    const key = manifest.connector_key;
    const policy = resolveOperationPolicy(manifest, name);
    const breaker = new OperationBreaker(`${tenant}/${key}/${name}`, this.deps.breaker, (s) =>
      metrics.breakerState(s),
    );
    if (this.shut) breaker.shutdown();
    return {
      name,
      def: plugin.operations[name]!,
      policy,
      timing: callTiming(policy, this.deps.scales),
      breaker,
      metrics,
      where: `${key}.${name}`,
      scope: Object.freeze({ tenant, connector: key, operation: name }),
    };
  }
}
