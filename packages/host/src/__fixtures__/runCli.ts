import { main } from '../cli/main';
import type { CliIo } from '../cli/commands';

/** One CLI run: its exit code, and what it printed to out and to err (lines joined by "\n"). */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `dealix-connectors <args>` in this process with `env` and `cwd`, capturing its output. */
export async function runCli(
  args: readonly string[],
  io: Pick<CliIo, 'env' | 'cwd'>,
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), ...io });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
