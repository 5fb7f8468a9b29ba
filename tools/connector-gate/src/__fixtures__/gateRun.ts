import { runDiff } from '../diff/runDiff';
import type { Finding } from '../findings/finding';
import type { RuleId } from '../findings/gateRules';
import { exitCodeOf, type GateReport } from '../report/gateReport';
import { TempRepo } from './tempRepo';

/** A repo with one committed base; the test edits the working tree, then calls `diff()`. */
export interface DiffCase {
  repo: TempRepo;
  base: string;
  /** Commits the working tree as head and runs the diff against the base. */
  diff(options?: { acknowledge?: boolean; commit?: boolean }): Promise<DiffOutcome>;
}

export interface DiffOutcome {
  report: GateReport;
  exitCode: number;
  /** Findings of one rule. */
  of(rule: RuleId): Finding[];
}

export function diffCase(setup: (repo: TempRepo) => void): DiffCase {
  const repo = new TempRepo();
  setup(repo);
  const base = repo.commit('base');
  return {
    repo,
    base,
    async diff(options = {}) {
      if (options.commit !== false) repo.commit('head');
      const report = await runDiff({
        root: repo.dir,
        base,
        acknowledge: options.acknowledge === true,
      });
      return {
        report,
        exitCode: exitCodeOf(report),
        of: (rule) => report.findings.filter((f) => f.rule === rule),
      };
    },
  };
}

/** Temp repos made in a test file, removed after it. */
export function trackRepos(): { track<T extends { repo: TempRepo }>(c: T): T; cleanup(): void } {
  const repos: TempRepo[] = [];
  return {
    track(c) {
      repos.push(c.repo);
      return c;
    },
    cleanup() {
      for (const repo of repos.splice(0)) repo.cleanup();
    },
  };
}
