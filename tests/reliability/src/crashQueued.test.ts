import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SpawnedHost } from '@dealix/connector-testkit';
import { isUnknownOutcome, planBurst, type PlannedCall } from './crash/crashPlan';
import { heldAtVendor, postCall, spawnCrashHost } from './crash/crashCalls';
import { discoverConnectors } from './discovery/connectorPackages';
import { faultTarget, simulatorIdle } from './faultMatrix/faultTargets';
import { ConnectorSimulators } from './host/connectorSimulators';
import { suiteHostConfig } from './host/hostConfig';

// h3-F3: a host killed while writes wait for a limiter slot. Those calls never reached the
// vendor; at the restart their keys are released (their records said "queued"), so a repeat
// sends each once, instead of putting never-sent messages before a person as unknown outcomes.
const TENANT = 'queued';
const CONNECTOR = 'whatsapp';
/** send_template: a write that is not idempotent, so an unknown outcome would block it. */
const OPERATION = 'send_template';
const CALLS = 6;
/** The first call is held at the vendor: it takes the tenant's only slot until the kill. */
const HOLD = heldAtVendor(3_000);
const connectors = discoverConnectors().filter((c) => c.key === CONNECTOR);

describe('crash durability: SIGKILL while writes wait for a slot', () => {
  let simulators: ConnectorSimulators;
  let host: SpawnedHost;
  beforeAll(async () => {
    simulators = await ConnectorSimulators.start(connectors);
    const setup = suiteHostConfig({ [TENANT]: simulators.tenant(connectors) });
    const tenants = setup.config.tenants as Record<string, Record<string, unknown>>;
    tenants[TENANT]!.limits = {
      [CONNECTOR]: { max_concurrency: 1, max_requests_per_second: 100_000 },
    };
    host = await spawnCrashHost(setup);
  }, 180_000);
  afterAll(async () => {
    await host?.remove();
    await simulators?.stop();
  });

  const post = (call: PlannedCall) => postCall(host.url, TENANT, call);

  it('releases the keys of the calls still queued, and a repeat sends each once', async () => {
    const sims = simulators.sims();
    const calls = (await planBurst(connectors, sims, CALLS)).filter(
      (c) => c.operation === OPERATION,
    );
    expect(calls).toHaveLength(CALLS);
    expect(calls[0]!.policy.idempotent).toBe(false);
    const connector = connectors[0]!;
    const target = faultTarget(connector.conformance, sims.get(CONNECTOR), OPERATION);
    const sent = () => connector.conformance.counter(sims.get(CONNECTOR), calls[0]!.effect.counter);
    const before = sent();
    target.inject(HOLD, 1);

    const first = post(calls[0]!);
    for (let i = 0; i < 3_000 && target.unfired(); i++) await pause();
    expect(target.unfired()).toBe(false);
    const rest = calls.slice(1).map(post);
    // The host's own database, read beside it: every waiting call's key says "queued".
    const database = join(host.dir, 'host.db');
    const queued = () => {
      const db = new Database(database, { readonly: true, fileMustExist: true });
      try {
        return (
          db
            .prepare(
              "SELECT key FROM idempotency_records WHERE queued = 1 AND state = 'in_progress'",
            )
            .all() as { key: string }[]
        ).map((r) => r.key);
      } finally {
        db.close();
      }
    };
    for (let i = 0; i < 3_000 && queued().length < CALLS - 1; i++) await pause();
    expect(queued().sort()).toEqual(
      calls
        .slice(1)
        .map((c) => c.key)
        .sort(),
    );

    expect(await host.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    expect(await Promise.all([first, ...rest])).toEqual(calls.map(() => null));
    await simulatorIdle(sims.get(CONNECTOR));
    // Only the call in the slot reached the vendor (it acts although nobody hears of it).
    expect(sent() - before).toBe(1);

    await host.restart();
    expect(host.output()).toMatch(/"released":5.*calls still queued at the last stop/);
    const finals = [];
    for (const call of calls) finals.push(await post(call));
    await simulatorIdle(sims.get(CONNECTOR));
    // The one that was sent waits for a person; each never-sent one is sent now, once.
    expect(isUnknownOutcome(finals[0])).toBe(true);
    expect(finals.slice(1).map((a) => a?.status)).toEqual(calls.slice(1).map(() => 200));
    expect(sent() - before).toBe(CALLS);
  });
});

const pause = () => new Promise((resolve) => setTimeout(resolve, 10));
