import { DEFAULT_BREAKER_SETTINGS, OperationBreaker } from './circuitBreaker';
import { DlxError } from '../errors/dlxError';

// The opossum breaker behind an operation is made on its first call (a host with many
// connectors starts without thousands of them); until then, and after, it behaves as one.
describe('an operation breaker made on its first call', () => {
  const settings = { ...DEFAULT_BREAKER_SETTINGS, volumeThreshold: 2 };

  it('is closed before its first call, and opens on failures like any breaker', async () => {
    const states: string[] = [];
    const breaker = new OperationBreaker('t/c/op', settings, (s) => states.push(s));
    expect(breaker.state).toBe('closed');
    const failing = () => Promise.reject(new DlxError('DLX_E_VENDOR_TRANSIENT', 'down'));
    for (let i = 0; i < 3; i++) await breaker.fire(failing).catch(() => undefined);
    expect(breaker.state).toBe('open');
    expect(states).toEqual(['open']);
    await expect(breaker.fire(async () => 1)).rejects.toMatchObject({
      code: 'DLX_E_RUNTIME_CIRCUIT_OPEN',
    });
    breaker.shutdown();
  });

  it('refuses calls after a shutdown that came before its first call', async () => {
    const breaker = new OperationBreaker('t/c/op', settings, () => undefined);
    breaker.shutdown();
    await expect(breaker.fire(async () => 1)).rejects.toMatchObject({ code: 'ESHUTDOWN' });
    expect(breaker.state).toBe('closed');
  });
});
