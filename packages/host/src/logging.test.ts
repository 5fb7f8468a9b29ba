import { Writable } from 'node:stream';
import { createHostLogger, LogSecrets, SensitiveHeaders } from './logging';

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

  it('redact the webhook headers connectors declare sensitive, from the moment they are known', () => {
    const { lines, destination } = capture();
    const headers = new SensitiveHeaders();
    const logger = createHostLogger({ secrets: new LogSecrets(), headers, destination });
    const delivery = { 'x-acme-signature': 'sig-1', 'content-type': 'application/json' };
    logger.info({ req: { headers: delivery } }, 'before');
    headers.add(['X-Acme-Signature']);
    logger.info({ req: { headers: delivery } }, 'after');
    logger.info({ headers: delivery }, 'bare');
    expect(JSON.parse(lines[0]!).req.headers['x-acme-signature']).toBe('sig-1');
    expect(JSON.parse(lines[1]!).req.headers).toEqual({
      'x-acme-signature': '[REDACTED]',
      'content-type': 'application/json',
    });
    expect(JSON.parse(lines[2]!).headers['x-acme-signature']).toBe('[REDACTED]');
  });
});
