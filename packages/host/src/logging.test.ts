import { Writable } from 'node:stream';
import { createHostLogger, LogSecrets } from './logging';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, destination };
}

describe('host logs', () => {
  it('scrub every secret added, from the moment it is added', () => {
    const { lines, destination } = capture();
    const secrets = new LogSecrets();
    const logger = createHostLogger({ secrets, destination });
    secrets.add(['tok_early_1234']);
    logger.info({ detail: 'tok_early_1234 and sk_later_5678' }, 'first');
    secrets.add(['sk_later_5678', '', 42]);
    logger.info({ detail: 'tok_early_1234 and sk_later_5678' }, 'second');
    expect(lines[0]).toContain('sk_later_5678');
    expect(lines[0]).not.toContain('tok_early_1234');
    expect(lines[1]).not.toMatch(/tok_early_1234|sk_later_5678/);
    expect(JSON.parse(lines[1]!).detail).toBe('[REDACTED] and [REDACTED]');
  });

  it('redact the authorization header of logged requests', () => {
    const { lines, destination } = capture();
    const logger = createHostLogger({ secrets: new LogSecrets(), destination });
    logger.info({ req: { headers: { authorization: 'Bearer abc' } } }, 'request');
    expect(JSON.parse(lines[0]!).req.headers.authorization).toBe('[REDACTED]');
  });
});
