/** src/operations.test.ts: behaviour tests on the kit's connector harness. */
export function operationsTestTemplate(): string {
  return `import { join } from 'node:path';
import { outputOf, useConnectorHarness } from '@dealix/connector-testkit';
import { startVendorSimulator, type VendorSimulator } from './__fixtures__/vendorSimulator';
import { connector } from './index';

/**
 * Each operation through a real governance runtime against the simulator, with the kit's
 * harness: after every test no error, audit record or log line may show the API key.
 * TODO: a test per vendor behaviour that matters (each mapped error, each retry, each undo).
 */
describe('operations', () => {
  const harness = useConnectorHarness<VendorSimulator>({
    plugin: connector,
    packageDir: join(__dirname, '..'),
    startSimulator: startVendorSimulator,
  });

  it('creates an item once, however often the same key is sent', async () => {
    const h = harness();
    const input = { name: 'Quarterly report', owner_email: 'owner@example.test' };
    const created = outputOf<{ id: string }>(await h.call('create_item', input, 'report-q3'));
    const again = await h.call('create_item', input, 'report-q3');
    expect(outputOf<{ id: string }>(again).id).toBe(created.id);
    expect(h.vendor.server.counters.get('items_created')).toBe(1);
  });

  it('reads an item and reports a missing one as permanent, with the vendor request id', async () => {
    const h = harness();
    const id = h.vendor.seedItem('Seeded item');
    expect(outputOf(await h.call('get_item', { item_id: id }))).toMatchObject({ id });
    const error = await h.rejection(() => h.call('get_item', { item_id: 'item_missing' }));
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT', vendorCode: 'not_found' });
    expect(error.vendorRequestId).toMatch(/^req_/);
  });
});
`;
}
