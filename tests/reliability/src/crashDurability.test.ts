import { join } from 'node:path';
import type { SpawnedHost } from '@dealix/connector-testkit';
import {
  allowedMoves,
  isVendorRefusal,
  countersOf,
  isUnknownOutcome,
  planBurst,
  type HostAnswer,
  type PlannedCall,
} from './crash/crashPlan';
import { heldAtVendor, postCall, spawnCrashHost } from './crash/crashCalls';
import { discoverConnectors } from './discovery/connectorPackages';
import { faultTarget, simulatorIdle, type FaultTarget } from './faultMatrix/faultTargets';
import { auditList, auditVerify } from './host/auditCli';
import { ConnectorSimulators } from './host/connectorSimulators';
import { suiteHostConfig, TOKENS, type SuiteHostConfig } from './host/hostConfig';

// A host killed with SIGKILL in the middle of a burst of writes to every connector, restarted
// on the same database. The host runs as its own process (spawnHost), the simulators here, so
// the kill takes only the host and the vendors' counters survive it.
const TENANT = 'crash';
const PER_OPERATION = 4;
/** Half the calls of each operation are held at the vendor this long: in flight at the kill. */
const HOLD = heldAtVendor(5_000);
const connectors = discoverConnectors();

describe('crash durability: SIGKILL during a burst, restart on the same database', () => {
  let simulators: ConnectorSimulators;
  let sims: Map<string, unknown>;
  let setup: SuiteHostConfig;
  let host: SpawnedHost;
  beforeAll(async () => {
    simulators = await ConnectorSimulators.start(connectors);
    sims = simulators.sims();
    setup = suiteHostConfig({ [TENANT]: simulators.tenant(connectors) }, { unthrottled: true });
    host = await spawnCrashHost(setup);
  }, 180_000);
  afterAll(async () => {
    await host?.remove();
    await simulators?.stop();
  });

  const post = (call: PlannedCall) => postCall(host.url, TENANT, call);

  it('verifies, keeps a record of every acknowledged call, and duplicates nothing on replay', async () => {
    const calls = await planBurst(connectors, sims, PER_OPERATION);
    expect(calls.length).toBeGreaterThan(0);
    // Approvals first: the burst itself is the vendor calls.
    for (const call of calls.filter((c) => c.policy.approval_policy === 'approval_required')) {
      const asked = await post(call);
      call.approvalId = asked?.body.approval_id as string;
      const granted = await fetch(
        `${host.url}/api/v1/tenants/${TENANT}/approvals/${call.approvalId}/grant`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKENS.approver}` },
        },
      );
      expect(granted.status).toBe(200);
    }
    const counters = countersOf(calls);
    const countOf = (connector: string, counter: string) =>
      connectors
        .find((c) => c.key === connector)!
        .conformance.counter(sims.get(connector), counter);
    const before = new Map(
      counters.map((k) => [`${k.connector}/${k.counter}`, countOf(k.connector, k.counter)]),
    );

    // Half of each operation's calls wait at the vendor; the others are answered at once.
    const targets: FaultTarget[] = [];
    const byOperation = new Map<string, PlannedCall[]>();
    for (const c of calls)
      byOperation.set(`${c.connector.key}.${c.operation}`, [
        ...(byOperation.get(`${c.connector.key}.${c.operation}`) ?? []),
        c,
      ]);
    // Targets first: finding an operation's route clears its simulator's faults.
    const groups = [...byOperation.values()].map((group) => ({
      group,
      target: faultTarget(
        group[0]!.connector.conformance,
        sims.get(group[0]!.connector.key),
        group[0]!.operation,
      ),
    }));
    for (const { group, target } of groups) {
      const times = Math.ceil(group.length / 2);
      target.inject(HOLD, times);
      targets.push(target);
    }

    const answers = new Map<string, HostAnswer>();
    const burst = calls.map(async (call) => answers.set(call.key, await post(call)));
    // Kill once every held call reached its vendor (it waits there) and calls were answered.
    for (let i = 0; i < 3_000; i++) {
      const answered = [...answers.values()].filter((a) => a !== null).length;
      if (answered > 0 && targets.every((t) => !t.unfired())) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await host.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    await Promise.all(burst);
    // The vendors finish what reached them: the held calls act although nobody hears of it.
    await Promise.all([...sims.values()].map(simulatorIdle));
    const acked = calls.filter((c) => answers.get(c.key) !== null);
    const interrupted = calls.filter((c) => answers.get(c.key) === null);
    expect({ acked: acked.length > 0, interrupted: interrupted.length > 0 }).toEqual({
      acked: true,
      interrupted: true,
    });

    const database = join(host.dir, 'host.db');
    const auditKey = setup.env.DLX_AUDIT_KEY!;
    expect(await auditVerify(database, auditKey)).toMatchObject({ code: 0 });

    await host.restart();
    const finals = new Map<string, HostAnswer>();
    for (const call of calls) finals.set(call.key, await post(call));
    await Promise.all([...sims.values()].map(simulatorIdle));
    await host.stop();
    expect(await auditVerify(database, auditKey)).toMatchObject({ code: 0 });

    // Every call the host answered before it died has its record, as answered.
    const records = await auditList(database, TENANT);
    const unrecorded = acked.filter((call) => {
      const answer = answers.get(call.key)!;
      const own = records.filter((r) => r.idempotency_key === call.key);
      return answer.status === 200
        ? !own.some((r) => r.event === call.policy.audit_events.success)
        : !own.some((r) => r.outcome === 'failure');
    });
    expect(unrecorded.map((c) => `${c.key}: ${JSON.stringify(answers.get(c.key))}`)).toEqual([]);

    // The audit trail says each success once, and a success it holds is never put before a
    // person as an unknown outcome: its record and the result under its key commit together.
    const successes = (call: PlannedCall) =>
      records.filter(
        (r) => r.idempotency_key === call.key && r.event === call.policy.audit_events.success,
      ).length;
    expect(calls.filter((c) => successes(c) > 1).map((c) => `${c.key}: ${successes(c)}`)).toEqual(
      [],
    );
    const auditedYetUnknown = calls.filter(
      (c) => successes(c) === 1 && isUnknownOutcome(finals.get(c.key)),
    );
    expect(auditedYetUnknown.map((c) => `${c.key}: ${JSON.stringify(finals.get(c.key))}`)).toEqual(
      [],
    );

    // A replay either completes (runs once more under the vendor's key, or replays the stored
    // answer), or for a write that is not idempotent and may have acted waits for a person, or
    // carries the vendor's own refusal (calls of one sample input compete for one booking slot).
    const wrongReplays = calls.filter((call) => {
      const final = finals.get(call.key);
      return !(
        final?.status === 200 ||
        (!call.policy.idempotent && isUnknownOutcome(final)) ||
        isVendorRefusal(final)
      );
    });
    expect(
      wrongReplays.map(
        (c) => `${c.connector.key}.${c.operation} ${c.key}: ${JSON.stringify(finals.get(c.key))}`,
      ),
    ).toEqual([]);

    // Counted at the vendors: nothing happened twice, nothing that succeeded is missing.
    const moves = counters.map(({ connector, counter }) => {
      const moved = countOf(connector, counter) - before.get(`${connector}/${counter}`)!;
      return {
        connector,
        counter,
        moved,
        ...allowedMoves(calls, answers, finals, connector, counter),
      };
    });
    expect(moves.filter((m) => m.moved < m.min || m.moved > m.max)).toEqual([]);

    process.stdout.write(
      [
        `crash durability: ${calls.length} calls, ${acked.length} answered before the SIGKILL, ${interrupted.length} interrupted; audit verify passed before and after the restart`,
        '| connector | counter | calls | interrupted | unknown after replay | refused by the vendor | moved | allowed |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...moves.map((m) => {
          const own = calls.filter(
            (c) => c.connector.key === m.connector && c.effect.counter === m.counter,
          );
          const cut = own.filter((c) => answers.get(c.key) === null).length;
          const unknown = own.filter((c) => isUnknownOutcome(finals.get(c.key))).length;
          const refused = own.filter((c) => isVendorRefusal(finals.get(c.key))).length;
          return `| ${m.connector} | ${m.counter} | ${own.length} | ${cut} | ${unknown} | ${refused} | ${m.moved} | ${m.max === Infinity ? `${m.min} or more` : `${m.min}..${m.max}`} |`;
        }),
        '',
      ].join('\n'),
    );
  }, 300_000);
});
