import { spawn } from 'node:child_process';
import { GateError } from '../gateError';

/**
 * Runs one git command and resolves with its stdout. Asynchronous on purpose: the gate starts
 * its few git commands together and validates head manifests while they run.
 */
export function runGit(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) =>
      reject(new GateError('GATE_REPO', `cannot run git: ${error.message}`, { cause: error })),
    );
    child.on('close', (code) => {
      if (code === 0) return resolvePromise(Buffer.concat(out));
      const stderr = Buffer.concat(err).toString('utf8').trim();
      reject(
        new GateError('GATE_REPO', `git ${args.join(' ')} failed: ${stderr || `exit ${code}`}`),
      );
    });
  });
}

/** Splits `-z` output into its entries. */
export function splitNul(output: Buffer): string[] {
  return output
    .toString('utf8')
    .split('\0')
    .filter((entry) => entry !== '');
}
