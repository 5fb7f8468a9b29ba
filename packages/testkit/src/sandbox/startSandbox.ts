import { generateSandboxCredentials } from './sandboxCredentials';
import { sandboxConfigs, type SandboxConfigs } from './sandboxConfigs';
import { createSandboxSimulators, type SandboxSimulators } from './sandboxSimulators';

export interface Sandbox {
  /** Per connector key: the raw config a tenant would have (docs/architecture.md field names). */
  configs: SandboxConfigs;
  simulators: SandboxSimulators;
  /** Stops every simulator and closes every socket; safe to call more than once. */
  stop(): Promise<void>;
}

export interface SandboxOptions {
  /** Seed of the simulators' probability faults, for reproducible chaos runs. */
  seed?: number;
}

interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts every vendor simulator on 127.0.0.1 (ephemeral ports) with fresh credentials and
 * returns the config each connector needs to reach its simulator: what the host registers for
 * its `sandbox` tenant when no tenant is configured.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const credentials = generateSandboxCredentials();
  const simulators = createSandboxSimulators(credentials, options.seed);
  const all: Startable[] = Object.values(simulators);
  const started = await Promise.allSettled(all.map((sim) => sim.start()));
  const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    // Half a sandbox is no use, and its open ports would keep the process alive.
    await Promise.allSettled(all.map((sim) => sim.stop()));
    throw new Error(`the sandbox could not start a simulator: ${String(failure.reason)}`, {
      cause: failure.reason,
    });
  }
  let stopping: Promise<void> | undefined;
  return {
    configs: sandboxConfigs(simulators, credentials),
    simulators,
    stop: () => (stopping ??= Promise.all(all.map((sim) => sim.stop())).then(() => undefined)),
  };
}
