import { rawHttpRequest } from '../http/rawHttpRequest';
import {
  createGenericSimulator,
  type GenericSimulator,
} from '../simulators/generic/genericSimulator';
import { httpFaultInjector } from './httpFaults';

describe('httpFaultInjector', () => {
  let sim: GenericSimulator;

  beforeEach(async () => {
    sim = createGenericSimulator({
      name: 'items',
      routes: [
        { id: 'items.get', method: 'GET', path: '/items/:id', response: { status: 200, body: {} } },
        { id: 'items.list', method: 'GET', path: '/items', response: { status: 200, body: [] } },
      ],
    });
    await sim.start();
  });

  afterEach(() => sim.stop());

  const statusOf = async (path: string) => (await rawHttpRequest(`${sim.baseUrl}${path}`)).status;

  it('faults the route of the operation named, as often as asked, and no other route', async () => {
    const inject = httpFaultInjector<GenericSimulator>({
      get_item: 'items.get',
      list_items: 'items.list',
    });
    inject(sim, 'get_item', 'transient', 2);
    expect(await statusOf('/items')).toBe(200);
    expect([await statusOf('/items/1'), await statusOf('/items/1')]).toEqual([503, 503]);
    expect(await statusOf('/items/1')).toBe(200);
    inject(sim, 'list_items', 'permanent', 1);
    expect([await statusOf('/items/1'), await statusOf('/items')]).toEqual([200, 400]);
  });

  it('sends every operation to one route when given a route id', async () => {
    const inject = httpFaultInjector<GenericSimulator>('items.list');
    inject(sim, 'list_items', 'rate_limited', 1);
    inject(sim, 'any_operation', 'transient', 1);
    const limited = await rawHttpRequest(`${sim.baseUrl}/items`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('2');
    expect(await statusOf('/items')).toBe(503);
    expect(await statusOf('/items/1')).toBe(200);
  });

  it('names an operation it has no route for, instead of faulting every request', () => {
    const inject = httpFaultInjector<GenericSimulator>({ get_item: 'items.get' });
    for (const operation of ['delete_item', 'toString']) {
      expect(() => inject(sim, operation, 'transient', 1)).toThrow(`"${operation}"`);
    }
  });
});
