import {
  loadConnectorManifest,
  outputOf,
  startConnectorHarness,
  type ConnectorHarness,
} from '@dealix/connector-core/testing';
import { connector } from '../conformance/__fixtures__/probe/src';
import { PROBE_PACKAGE_DIR, startProbeVendor } from '../conformance/__fixtures__/probeConformance';
import type { ProbeVendor } from '../conformance/__fixtures__/probeVendor';

// The harness from a package folder: what every connector's own harness fixture passes.
describe('the connector harness from a packageDir', () => {
  let h: ConnectorHarness<ProbeVendor> | undefined;

  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("registers the package's connector.json and reports its package.json version", async () => {
    h = await startConnectorHarness({
      plugin: connector,
      packageDir: PROBE_PACKAGE_DIR,
      startSimulator: startProbeVendor,
    });
    expect(h.manifest).toEqual(loadConnectorManifest(PROBE_PACKAGE_DIR));
    const id = h.vendor.seedTicket('Printer on fire');
    outputOf(await h.call('get_ticket', { ticket_id: id }));
    const [record] = await h.stores.audit.list();
    expect(record).toMatchObject({ connector_version: '0.3.1' });
  });

  it('takes a given manifest and version over the package', async () => {
    const manifest = loadConnectorManifest(PROBE_PACKAGE_DIR, {
      display_name: 'Probe, overridden',
    });
    h = await startConnectorHarness({
      plugin: connector,
      packageDir: PROBE_PACKAGE_DIR,
      manifest,
      version: '9.9.9',
      startSimulator: startProbeVendor,
    });
    expect(h.manifest.display_name).toBe('Probe, overridden');
    outputOf(await h.call('get_ticket', { ticket_id: h.vendor.seedTicket('Solved') }));
    expect((await h.stores.audit.list())[0]).toMatchObject({ connector_version: '9.9.9' });
  });

  it('refuses to start without a manifest or a package, before starting the vendor', async () => {
    let started = 0;
    const startSimulator = () => {
      started += 1;
      return startProbeVendor();
    };
    await expect(startConnectorHarness({ plugin: connector, startSimulator })).rejects.toThrow(
      'the connector harness needs a manifest or the packageDir holding one',
    );
    expect(started).toBe(0);
  });
});
