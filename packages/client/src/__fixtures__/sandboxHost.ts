import { dirname, join } from 'node:path';
import { spawnHost, type SpawnedHost } from '@dealix/connector-testkit';
import { DealixClient, type ApprovalRequired } from '../index';

// The repository root: where `npm start` runs the host and where it discovers connectors.
const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
// What `npm start` runs after its build: the host's built CLI.
const HOST_CLI = join(
  dirname(require.resolve('@dealix/connector-host/package.json')),
  'dist',
  'cli',
  'main.js',
);

export interface SandboxHost {
  host: SpawnedHost;
  url: string;
  tokens: { operator: string; approver: string; viewer: string };
  /** The Stripe simulator's base URL (its /__sim control API sets faults, counts effects). */
  stripeSimulator: string;
  trigger(key: string, event: string): Promise<void>;
}

/**
 * The host as `npm start` runs it in a fresh checkout: no tenant configured (sandbox mode, every
 * connector against its vendor simulator), a config folder without a data/ folder yet, the
 * tokens read from what it printed.
 */
export async function startSandboxHost(): Promise<SandboxHost> {
  const host = await spawnHost({ cli: HOST_CLI, cwd: REPO_ROOT, config: {} });
  const printed = host.output();
  const token = (role: string) => {
    const match = new RegExp(`${role} token:\\s+(\\S+)`).exec(printed);
    if (!match) throw new Error(`the sandbox host printed no ${role} token:\n${printed}`);
    return match[1]!;
  };
  const tokens = {
    operator: token('operator'),
    approver: token('approver'),
    viewer: token('viewer'),
  };
  const shown = await fetch(`${host.url}/api/v1/sandbox`, {
    headers: { authorization: `Bearer ${tokens.operator}` },
  });
  const sandbox = (await shown.json()) as {
    connectors: Array<{ key: string; simulator_url: string }>;
  };
  const stripe = sandbox.connectors.find((c) => c.key === 'stripe');
  if (!stripe) throw new Error(`no stripe simulator in ${JSON.stringify(sandbox)}`);
  return {
    host,
    url: host.url,
    tokens,
    stripeSimulator: stripe.simulator_url,
    async trigger(key, event) {
      const res = await fetch(`${host.url}/api/v1/sandbox/connectors/${key}/webhooks/${event}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.operator}` },
      });
      if (res.status !== 200) throw new Error(`trigger ${key} ${event}: ${await res.text()}`);
    },
  };
}

/** Adds a fault rule to a simulator through its HTTP control API. */
export async function injectFault(simulator: string, rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${simulator}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  if (res.status !== 204) throw new Error(`fault ${JSON.stringify(rule)}: ${await res.text()}`);
}

/** A simulator's side-effect counters (payment_intents_created, ...). */
export async function simulatorCounters(simulator: string): Promise<Record<string, number>> {
  const res = await fetch(`${simulator}/__sim/counters`);
  return (await res.json()) as Record<string, number>;
}

export interface SandboxClients {
  sandbox: SandboxHost;
  operator: DealixClient;
  approver: DealixClient;
  viewer: DealixClient;
  /** No token: sandbox mode opens the board, /metrics, /healthz and the dictionary on loopback. */
  open: DealixClient;
  /** An onApprovalRequired that grants with the approver's token, as a person would. */
  grant(pending: ApprovalRequired): Promise<void>;
}

/** A sandbox host for the suite (started before its tests, stopped after) and its clients. */
export function useSandboxHost(): SandboxClients {
  const clients = {} as SandboxClients;
  beforeAll(async () => {
    const sandbox = await startSandboxHost();
    const as = (token?: string) =>
      new DealixClient({ url: sandbox.url, ...(token !== undefined && { token }) });
    Object.assign(clients, {
      sandbox,
      operator: as(sandbox.tokens.operator),
      approver: as(sandbox.tokens.approver),
      viewer: as(sandbox.tokens.viewer),
      open: as(),
      grant: async (pending: ApprovalRequired) => {
        await clients.approver.tenant('sandbox').grant(pending.approval_id);
      },
    });
  }, 90_000);
  afterAll(() => clients.sandbox?.host.remove());
  return clients;
}
