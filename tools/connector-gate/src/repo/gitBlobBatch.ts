import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { GateError } from '../gateError';

interface Pending {
  resolve(content: Buffer | undefined): void;
  reject(error: Error): void;
}

/**
 * Reads blobs through ONE `git cat-file --batch` process for the whole run, however many files
 * and rounds of reads: a process per file would cost milliseconds each on a thousand files.
 * Started on the first read (or by `start()`), so a run that needs no blob spawns nothing.
 */
export class GitBlobBatch {
  private child: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
  private readonly pending: Pending[] = [];
  private buffered: Buffer = Buffer.alloc(0);
  private failure: Error | undefined;
  private closed: Promise<void> | undefined;
  private stderr = '';

  constructor(private readonly cwd: string) {}

  /** Content of each object (a blob id or `<ref>:<path>`), `undefined` where git has none. */
  read(specs: readonly string[]): Promise<Array<Buffer | undefined>> {
    if (specs.length === 0) return Promise.resolve([]);
    const bad = specs.find((spec) => /[\n\r]/.test(spec));
    if (bad !== undefined) {
      return Promise.reject(
        new GateError('GATE_REPO', `cannot read a path with a line break: ${JSON.stringify(bad)}`),
      );
    }
    if (this.failure) return Promise.reject(this.failure);
    const child = this.start();
    const results = specs.map(
      (_spec) =>
        new Promise<Buffer | undefined>((resolve, reject) =>
          this.pending.push({ resolve, reject }),
        ),
    );
    child.stdin.write(`${specs.join('\n')}\n`);
    return Promise.all(results);
  }

  /** Ends the process; safe to call when it never started. */
  close(): Promise<void> {
    if (!this.child) return Promise.resolve();
    this.child.stdin.end();
    return this.closed ?? Promise.resolve();
  }

  /** Spawns the process now, so its start-up overlaps other work. */
  start(): ChildProcessByStdio<Writable, Readable, Readable> {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], {
      cwd: this.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    // A write after git died must surface as the rejection below, not as an unhandled error.
    child.stdin.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      child.on('error', (error) => {
        this.fail(
          new GateError('GATE_REPO', `cannot run git cat-file: ${error.message}`, { cause: error }),
        );
        resolve();
      });
      child.on('close', (code) => {
        if (this.pending.length > 0 || code !== 0) {
          const detail = this.stderr.trim() || `exit ${code}`;
          this.fail(new GateError('GATE_REPO', `git cat-file --batch failed: ${detail}`));
        }
        resolve();
      });
    });
    return child;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.splice(0)) waiter.reject(error);
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let offset = 0;
    while (this.pending.length > 0) {
      const newline = this.buffered.indexOf(10, offset);
      if (newline < 0) break;
      const header = this.buffered.toString('utf8', offset, newline);
      if (/ (missing|ambiguous)$/.test(header)) {
        this.pending.shift()!.resolve(undefined);
        offset = newline + 1;
        continue;
      }
      const size = Number(header.slice(header.lastIndexOf(' ') + 1));
      if (!Number.isInteger(size)) {
        this.fail(new GateError('GATE_REPO', `unexpected git cat-file output: ${header}`));
        break;
      }
      const end = newline + 1 + size;
      // The content is followed by one line feed.
      if (this.buffered.length < end + 1) break;
      this.pending.shift()!.resolve(this.buffered.subarray(newline + 1, end));
      offset = end + 1;
    }
    this.buffered = this.buffered.subarray(offset);
  }
}
