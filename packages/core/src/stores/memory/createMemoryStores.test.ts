import { auditEventFixture } from '../__contract__/auditStoreContract';
import { createMemoryStores } from './createMemoryStores';

describe('createMemoryStores', () => {
  it('gives each call its own empty stores', async () => {
    const first = createMemoryStores();
    const second = createMemoryStores();
    await first.audit.append(auditEventFixture(1));
    await first.outbox.append({
      tenant: 'acme',
      connector: 'stripe',
      event_id: 'evt_1',
      type: 'payment_succeeded',
      occurred_at: null,
      received_at: '2024-05-01T10:00:00.000Z',
      payload: {},
    });
    expect((await first.audit.head()).seq).toBe(1);
    expect((await second.audit.head()).seq).toBe(0);
    expect(await second.outbox.list('acme', undefined, 10)).toEqual([]);
  });
});
