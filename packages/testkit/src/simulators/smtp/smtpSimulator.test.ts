import { createTransport } from 'nodemailer';
import { createSmtpSimulator } from './smtpSimulator';
import type { SmtpSimulator } from './smtpSimulator';

type SmtpClientError = Error & { code?: string; responseCode?: number; command?: string };

function transportFor(sim: SmtpSimulator, auth = { user: sim.user, pass: sim.pass }) {
  return createTransport({
    host: sim.host,
    port: sim.port,
    secure: false,
    ignoreTLS: true,
    auth,
  });
}

async function sendFailure(promise: Promise<unknown>): Promise<SmtpClientError> {
  try {
    await promise;
  } catch (err) {
    return err as SmtpClientError;
  }
  throw new Error('expected sendMail to fail');
}

const message = {
  from: 'Dealix <noreply@dealix.test>',
  to: 'buyer@example.test',
  subject: 'عرض السعر رقم 42',
  text: 'Hello from the connector',
};

describe('SMTP simulator', () => {
  let sim: SmtpSimulator;
  beforeEach(async () => {
    sim = createSmtpSimulator();
    await sim.start();
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('stores a message nodemailer delivers, with envelope, raw source and decoded subject', async () => {
    const transport = transportFor(sim);
    const info = await transport.sendMail(message);
    transport.close();

    expect(info.accepted).toEqual(['buyer@example.test']);
    expect(info.response).toMatch(/^250 /);
    expect(sim.messages).toHaveLength(1);
    const stored = sim.messages[0]!;
    expect(stored.envelope).toEqual({ from: 'noreply@dealix.test', to: ['buyer@example.test'] });
    expect(stored.user).toBe(sim.user);
    expect(stored.subject).toBe('عرض السعر رقم 42');
    expect(stored.headers['message-id']).toBe(info.messageId);
    expect(stored.raw).toContain('Hello from the connector');
    expect(sim.counters.get('messages_accepted')).toBe(1);
  });

  it('verify() succeeds with the right credentials and fails with EAUTH 535 otherwise', async () => {
    const good = transportFor(sim);
    await expect(good.verify()).resolves.toBe(true);
    good.close();

    const bad = transportFor(sim, { user: sim.user, pass: 'wrong' });
    const err = await sendFailure(bad.verify());
    bad.close();
    expect(err.code).toBe('EAUTH');
    expect(err.responseCode).toBe(535);
    expect(sim.counters.get('auth_failures')).toBe(1);
  });

  it('refuses mail from a client that did not authenticate when auth is required', async () => {
    const anonymous = createTransport({
      host: sim.host,
      port: sim.port,
      secure: false,
      ignoreTLS: true,
    });
    const err = await sendFailure(anonymous.sendMail(message));
    anonymous.close();
    expect(err.responseCode).toBe(530);
    expect(sim.messages).toHaveLength(0);
  });

  it('accepts anonymous mail when requireAuth is false', async () => {
    const open = createSmtpSimulator({ requireAuth: false });
    await open.start();
    const anonymous = createTransport({
      host: open.host,
      port: open.port,
      secure: false,
      ignoreTLS: true,
    });
    await anonymous.sendMail(message);
    anonymous.close();
    await open.stop();
    expect(open.messages[0]?.user).toBeUndefined();
    expect(open.counters.get('messages_accepted')).toBe(1);
  });

  it('a transient 451 on DATA fails that send and stores nothing; the next send goes through', async () => {
    sim.injectFault({ command: 'DATA', code: 451, times: 1 });
    const transport = transportFor(sim);
    const err = await sendFailure(transport.sendMail(message));
    expect(err.responseCode).toBe(451);
    expect(err.code).toBe('EMESSAGE');
    expect(sim.messages).toHaveLength(0);

    await transport.sendMail(message);
    transport.close();
    expect(sim.counters.get('messages_accepted')).toBe(1);
  });

  it('a permanent 550 on RCPT rejects the recipient', async () => {
    sim.injectFault({ command: 'RCPT', code: 550, message: 'No such user here' });
    const transport = transportFor(sim);
    const err = await sendFailure(transport.sendMail(message));
    transport.close();
    expect(err.responseCode).toBe(550);
    expect(err.code).toBe('EENVELOPE');
    expect(sim.messages).toHaveLength(0);
  });

  it('a fault with times answers that many uses, then mail flows again', async () => {
    sim.injectFault({ command: 'MAIL', code: 452, times: 2 });
    const transport = transportFor(sim);
    for (let i = 0; i < 2; i += 1) {
      const err = await sendFailure(transport.sendMail(message));
      expect(err.responseCode).toBe(452);
      expect(sim.armedFaults()).toEqual(i === 0 ? [{ command: 'MAIL', code: 452, times: 1 }] : []);
    }
    await transport.sendMail(message);
    transport.close();
    expect(sim.messages).toHaveLength(1);
  });

  it('a fault without times lasts until clearFaults()', async () => {
    sim.injectFault({ command: 'RCPT', code: 450 });
    const transport = transportFor(sim);
    for (let i = 0; i < 3; i += 1) {
      const err = await sendFailure(transport.sendMail(message));
      expect(err.responseCode).toBe(450);
    }
    sim.clearFaults();
    await transport.sendMail(message);
    transport.close();
    expect(sim.messages).toHaveLength(1);
  });

  it('a fault on CONNECT refuses the session with its code', async () => {
    sim.injectFault({ command: 'CONNECT', code: 421 });
    const transport = transportFor(sim);
    const err = await sendFailure(transport.verify());
    transport.close();
    expect(err.responseCode).toBe(421);
  });

  it('a fault on AUTH answers the login even with the right credentials', async () => {
    sim.injectFault({ command: 'AUTH', code: 535 });
    const transport = transportFor(sim);
    const err = await sendFailure(transport.verify());
    transport.close();
    expect(err.code).toBe('EAUTH');
    expect(err.responseCode).toBe(535);
  });

  it('drop_after_data stores the message, then drops the connection before the final reply', async () => {
    sim.injectFault({ kind: 'drop_after_data', times: 1 });
    const transport = transportFor(sim);
    const err = await sendFailure(transport.sendMail(message));
    transport.close();
    // The client saw the connection end, not a reply: it cannot tell the message was taken.
    expect(err.code).toBe('ECONNECTION');
    expect(err.responseCode).toBeUndefined();
    expect(sim.counters.get('messages_accepted')).toBe(1);
    expect(sim.messages[0]?.raw).toContain('Hello from the connector');
  });

  it('drop on DATA drops the connection after the message was sent, storing nothing', async () => {
    sim.injectFault({ kind: 'drop', command: 'DATA', times: 1 });
    const transport = transportFor(sim);
    const err = await sendFailure(transport.sendMail(message));
    expect(err.code).toBe('ECONNECTION');
    expect(err.responseCode).toBeUndefined();
    expect(sim.counters.get('messages_accepted')).toBe(0);
    // Used up: the next send goes through.
    await transport.sendMail(message);
    transport.close();
    expect(sim.counters.get('messages_accepted')).toBe(1);
  });

  it('drop before DATA ends the session with no reply', async () => {
    sim.injectFault({ kind: 'drop', command: 'MAIL', times: 1 });
    const transport = transportFor(sim);
    const err = await sendFailure(transport.sendMail(message));
    transport.close();
    expect(err.responseCode).toBeUndefined();
    expect(err.command).not.toBe('DATA');
    expect(sim.messages).toHaveLength(0);
  });

  it('a delay fault holds a command, then handles it normally', async () => {
    sim.injectFault({ kind: 'delay', command: 'MAIL', ms: 50, times: 1 });
    sim.injectFault({ kind: 'delay', command: 'DATA', ms: 50, times: 1 });
    const transport = transportFor(sim);
    const info = await transport.sendMail(message);
    transport.close();
    expect(info.response).toMatch(/^250 /);
    expect(sim.counters.get('messages_accepted')).toBe(1);
  });

  it('a delay longer than the client waits times the client out', async () => {
    sim.injectFault({ kind: 'delay', command: 'RCPT', ms: 5_000 });
    const transport = createTransport({
      host: sim.host,
      port: sim.port,
      secure: false,
      ignoreTLS: true,
      auth: { user: sim.user, pass: sim.pass },
      socketTimeout: 100,
    });
    const err = await sendFailure(transport.sendMail(message));
    transport.close();
    expect(err.code).toBe('ETIMEDOUT');
    expect(sim.messages).toHaveLength(0);
  });

  it('is idle only once a held message has been stored', async () => {
    await sim.whenIdle();
    sim.injectFault({ kind: 'delay', command: 'DATA', ms: 150, times: 1 });
    const transport = transportFor(sim);
    const sending = transport.sendMail(message);
    for (let i = 0; i < 500 && sim.armedFaults().length > 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The whole message arrived and is being held.
    expect(sim.armedFaults()).toEqual([]);
    expect(sim.messages).toHaveLength(0);
    await sim.whenIdle();
    expect(sim.counters.get('messages_accepted')).toBe(1);
    await sending;
    transport.close();
  });

  it('refuses a fault that can never end', () => {
    expect(() => sim.injectFault({ kind: 'delay', command: 'MAIL', ms: -1 })).toThrow(RangeError);
  });

  it('reset() forgets messages and counters', async () => {
    const transport = transportFor(sim);
    await transport.sendMail(message);
    transport.close();
    sim.reset();
    expect(sim.messages).toHaveLength(0);
    expect(sim.counters.snapshot()).toEqual({});
  });

  it('stop() closes a connection a client keeps open', async () => {
    const pooled = createTransport({
      pool: true,
      host: sim.host,
      port: sim.port,
      secure: false,
      ignoreTLS: true,
      auth: { user: sim.user, pass: sim.pass },
    });
    await pooled.sendMail(message);
    await sim.stop();
    expect(() => sim.port).toThrow();
    pooled.close();
  });
});
