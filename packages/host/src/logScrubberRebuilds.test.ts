import { Writable } from 'node:stream';
import { createSecretScrubber } from '@dealix/connector-core';
import type * as Core from '@dealix/connector-core';
import { createHostLogger, LogSecrets } from './logging';

jest.mock('@dealix/connector-core', () => {
  const actual = jest.requireActual<typeof Core>('@dealix/connector-core');
  return { ...actual, createSecretScrubber: jest.fn(actual.createSecretScrubber) };
});
const built = jest.mocked(createSecretScrubber);

// A host registering many instances adds their secrets one instance at a time: the log
// scrubber is rebuilt for the next line written, not once per value added.
describe('the host log scrubber', () => {
  it('is built once for many values added before a line, and scrubs every one', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const secrets = new LogSecrets();
    const logger = createHostLogger({ secrets, destination });
    built.mockClear();
    for (let i = 0; i < 200; i++) secrets.add([`sk_instance_${1000 + i}`]);
    expect(built).not.toHaveBeenCalled();
    logger.info({ detail: 'sk_instance_1000 sk_instance_1199' }, 'registered');
    logger.info({ detail: 'sk_instance_1100' }, 'again');
    expect(built).toHaveBeenCalledTimes(1);
    expect(JSON.parse(lines[0]!).detail).toBe('[REDACTED] [REDACTED]');
    expect(JSON.parse(lines[1]!).detail).toBe('[REDACTED]');
    secrets.add(['sk_instance_1000']);
    logger.info('no new value: no rebuild');
    expect(built).toHaveBeenCalledTimes(1);
  });
});
