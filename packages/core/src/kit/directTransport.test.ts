import { bindDirectTransport, type DirectTransport } from './directTransport';
import { smtpFailure, smtpReachLogger } from './smtpFailures';
import { startTcpSink, type TcpSink } from './__fixtures__/tcpSink';

describe('bindDirectTransport', () => {
  let sink: TcpSink;
  beforeAll(async () => {
    sink = await startTcpSink();
  });
  afterAll(() => sink.close());

  const transport = (signal: AbortSignal): DirectTransport =>
    bindDirectTransport(
      {
        connectorKey: 'raw',
        libraries: ['rawlib'],
        allowsHost: (host) => host === '127.0.0.1',
        secrets: ['pw_0123456789'],
      },
      () => signal,
    );
  const target = () => ({ library: 'rawlib', host: '127.0.0.1', port: sink.port });

  it('counts a failure after connecting as one that may have reached the vendor', async () => {
    const error = await transport(new AbortController().signal)
      .exchange(target(), async (io) => {
        const socket = await io.connect();
        socket.write('HELLO');
        throw Object.assign(new Error('lost with pw_0123456789'), { code: 'ECONNRESET' });
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_NETWORK',
      mayHaveReachedVendor: true,
      cause: { code: 'ECONNRESET' },
    });
    expect(String((error as Error).message)).not.toContain('pw_0123456789');
  });

  it('takes a classified refusal as definite, and waits for the mark in "marked" mode', async () => {
    const signal = new AbortController().signal;
    const refused = await transport(signal)
      .exchange(
        target(),
        async (io) => {
          await io.connect();
          throw Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 452 });
        },
        { classify: smtpFailure },
      )
      .catch((caught: unknown) => caught);
    expect(refused).toMatchObject({
      code: 'DLX_E_VENDOR_RATE_LIMITED',
      vendorCode: 'smtp_452',
      mayHaveReachedVendor: false,
    });
    const unmarked = await transport(signal)
      .exchange(
        target(),
        async (io) => {
          await io.connect();
          throw Object.assign(new Error('x'), { code: 'ECONNECTION' });
        },
        { classify: smtpFailure, reached: 'marked' },
      )
      .catch((caught: unknown) => caught);
    expect(unmarked).toMatchObject({ code: 'DLX_E_VENDOR_NETWORK', mayHaveReachedVendor: false });
    const marked = await transport(signal)
      .exchange(
        target(),
        async (io) => {
          smtpReachLogger(io).debug({ tnx: 'server' }, '354 End data with <CR><LF>.<CR><LF>');
          throw Object.assign(new Error('x'), { code: 'ECONNECTION' });
        },
        { classify: smtpFailure, reached: 'marked' },
      )
      .catch((caught: unknown) => caught);
    expect(marked).toMatchObject({ mayHaveReachedVendor: true });
  });

  it("destroys the exchange's sockets and calls its closers when the signal aborts", async () => {
    const controller = new AbortController();
    let closed = false;
    const outcome = transport(controller.signal).exchange(target(), async (io) => {
      io.onAbort(() => (closed = true));
      const socket = await io.connect();
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        controller.abort(new Error('attempt timed out'));
      });
      throw new Error('closed');
    });
    const error = await outcome.catch((caught: unknown) => caught);
    expect(closed).toBe(true);
    expect(error).toMatchObject({ code: 'DLX_E_RUNTIME_ABORTED', mayHaveReachedVendor: true });
  });
});
