import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifest, type ConnectorManifest } from '@dealix/connector-core';
import { TempRepo } from '../../__fixtures__/tempRepo';
import { main } from '../../cli/runCli';

const repos: TempRepo[] = [];

/** Removes every repository minimalRepo() made; call it in afterAll. */
export function cleanupRepos(): void {
  for (const repo of repos.splice(0)) repo.cleanup();
}

/** The repository layout the scaffolder reads: workspaces, core and testkit packages. */
export function minimalRepo(): TempRepo {
  const repo = new TempRepo();
  repos.push(repo);
  repo.writeJson('package.json', {
    name: 'repo',
    private: true,
    workspaces: ['packages/core', 'packages/testkit', 'packages/connectors/*'],
  });
  repo.writeJson('packages/core/package.json', {
    name: '@dealix/connector-core',
    version: '1.4.2',
  });
  repo.writeJson('packages/testkit/package.json', {
    name: '@dealix/connector-testkit',
    version: '0.3.0',
  });
  return repo;
}

/** Runs the gate CLI in-process and collects its output. */
export async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** Every file path under `dir`, relative and sorted (skipping .git). */
export function tree(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix))
    .filter((name) => name !== '.git')
    .flatMap((name) => {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      return statSync(join(dir, path)).isDirectory() ? tree(dir, path) : [path];
    })
    .sort();
}

/** The package's connector.json, validated by core (throws with the issues otherwise). */
export function validManifest(repo: TempRepo, dir: string): ConnectorManifest {
  const raw = repo.readJson<object>(`${dir}/connector.json`);
  const result = validateManifest(raw, { file: `${dir}/connector.json` });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.manifest;
}
