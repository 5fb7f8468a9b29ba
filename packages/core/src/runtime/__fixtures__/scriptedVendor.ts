import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Wait before answering (a slow vendor). */
  delayMs?: number;
  /** Answer only once this settles: a test holds requests open without timing anything. */
  hold?: Promise<unknown>;
  /** 302 to this URL. */
  redirectTo?: string;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A loopback vendor whose answers a test scripts per path, in order. It records every request
 * and every request whose connection closed before it was answered (an aborted socket).
 */
export class ScriptedVendor {
  readonly seen: SeenRequest[] = [];
  abortedBeforeAnswer = 0;
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private timers = new Set<NodeJS.Timeout>();
  private waiters: { path: string; count: number; resolve: () => void }[] = [];

  constructor(private readonly host = '127.0.0.1') {}

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://${this.host}:${port}`;
  }

  count(path: string): number {
    return this.seen.filter((r) => r.path === path).length;
  }

  /** Resolves once `count` requests to `path` have arrived (held ones included). */
  arrived(path: string, count: number): Promise<void> {
    if (this.count(path) >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ path, count, resolve }));
  }

  script(path: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...answers]);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, this.host, resolve));
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      this.seen.push({
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      this.waiters = this.waiters.filter((w) => {
        if (this.count(w.path) < w.count) return true;
        w.resolve();
        return false;
      });
      // The default answer fits every ledger operation's output schema.
      const answer = this.scripts.get(path)?.shift() ?? {
        status: 200,
        body: { ok: true, path, balance: 0, id: `id_${this.seen.length}` },
      };
      res.on('close', () => {
        if (!res.writableEnded) this.abortedBeforeAnswer++;
      });
      const send = () => {
        if (res.destroyed) return;
        if (answer.redirectTo) {
          res.writeHead(302, { location: answer.redirectTo }).end();
          return;
        }
        const body =
          typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body ?? { ok: true });
        res
          .writeHead(answer.status ?? 200, {
            'content-type': 'application/json',
            ...answer.headers,
          })
          .end(body);
      };
      if (answer.hold) {
        void answer.hold.then(send, send);
      } else if (answer.delayMs) {
        const t = setTimeout(() => {
          this.timers.delete(t);
          send();
        }, answer.delayMs);
        this.timers.add(t);
      } else send();
    });
  }
}

/** A gate a test opens when it wants the held vendor answers (`hold`) to go out. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
