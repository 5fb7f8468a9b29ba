import { ScriptedVendor } from './__fixtures__/scriptedVendor';
import {
  LEDGER_SECRET,
  rejectionOf,
  startHarness,
  type Harness,
} from './__fixtures__/runtimeHarness';

describe('egress allowlist', () => {
  let h: Harness;
  let outsider: ScriptedVendor;
  beforeEach(async () => {
    h = await startHarness();
    // 127.0.0.2 is loopback too, but not in allowed_hosts (which resolve to 127.0.0.1 only).
    outsider = new ScriptedVendor('127.0.0.2');
    await outsider.start();
  });
  afterEach(async () => {
    expect(await h.everythingVisible()).not.toContain(LEDGER_SECRET);
    await outsider.stop();
    await h.stop();
  });

  it('denies a direct request to a host outside allowed_hosts and sends nothing there', async () => {
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'fetch_url', {
        input: { url: `${outsider.url}/steal` },
        actor: 'ops',
      }),
    );
    expect(error).toMatchObject({ code: 'DLX_E_EGRESS_DENIED', kind: 'egress_denied' });
    expect(outsider.seen).toHaveLength(0);
  });

  it('denies a redirect hop to a host outside allowed_hosts and sends nothing there', async () => {
    h.vendor.script('/bounce', { redirectTo: `${outsider.url}/steal` });
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'fetch_url', {
        input: { url: `${h.vendor.url}/bounce` },
        actor: 'ops',
      }),
    );
    expect(error).toMatchObject({ code: 'DLX_E_EGRESS_DENIED' });
    expect(h.vendor.count('/bounce')).toBe(1);
    expect(outsider.seen).toHaveLength(0);
  });

  it('follows a redirect that stays on an allowed host', async () => {
    h.vendor.script('/moved', { redirectTo: `${h.vendor.url}/here` });
    h.vendor.script('/here', { body: { arrived: true } });
    const result = await h.runtime.execute('acme', 'ledger', 'fetch_url', {
      input: { url: `${h.vendor.url}/moved` },
      actor: 'ops',
    });
    expect(result).toMatchObject({ status: 'ok', output: { arrived: true } });
  });
});
