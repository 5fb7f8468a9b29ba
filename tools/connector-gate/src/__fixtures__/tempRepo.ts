import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  sampleInputSchema,
  sampleManifest,
  sampleOutputSchema,
  type SampleManifest,
} from './sampleManifest';

export const CONNECTORS_DIR = 'packages/connectors';

/** A git repository in a temp folder shaped like ours: npm workspaces with connector packages. */
export class TempRepo {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'connector-gate-'));
    this.git('init', '--quiet', '--initial-branch=main');
    this.writeJson('package.json', {
      name: 'repo',
      private: true,
      workspaces: ['packages/core', `${CONNECTORS_DIR}/*`],
    });
    this.write('.changeset/README.md', '# Changesets\n');
  }

  git(...args: string[]): string {
    return execFileSync(
      'git',
      [
        '-c',
        'user.name=Gate Test',
        '-c',
        'user.email=gate@example.com',
        '-c',
        'commit.gpgsign=false',
        ...args,
      ],
      {
        cwd: this.dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  }

  /** Commits everything and returns the commit id. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '--quiet', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  writeJson(path: string, value: unknown): void {
    this.write(path, `${JSON.stringify(value, null, 2)}\n`);
  }

  readJson<T>(path: string): T {
    return JSON.parse(readFileSync(join(this.dir, path), 'utf8')) as T;
  }

  remove(path: string): void {
    rmSync(join(this.dir, path), { recursive: true, force: true });
  }

  move(from: string, to: string): void {
    mkdirSync(dirname(join(this.dir, to)), { recursive: true });
    renameSync(join(this.dir, from), join(this.dir, to));
  }

  /** A complete connector package: package.json, manifest, README, CHANGELOG, schemas. */
  addConnector(
    key: string,
    manifest: SampleManifest = sampleManifest(key),
    dir = packageDir(key),
  ): void {
    this.writeJson(`${dir}/package.json`, {
      name: `@dealix/connector-${key.replace(/_/g, '-')}`,
      version: '0.1.0',
      main: 'dist/index.js',
      dealix: { connector: 'connector.json' },
      peerDependencies: { '@dealix/connector-core': '^1.0.0' },
    });
    this.writeJson(`${dir}/connector.json`, manifest);
    this.write(`${dir}/README.md`, `# ${key}\n`);
    this.write(`${dir}/CHANGELOG.md`, `# ${key}\n`);
    for (const op of Object.keys(manifest.operations)) {
      this.writeJson(`${dir}/schemas/${op}.input.json`, sampleInputSchema);
      this.writeJson(`${dir}/schemas/${op}.output.json`, sampleOutputSchema);
    }
  }

  /** Rewrites a connector's manifest through `change`. */
  editManifest(
    key: string,
    change: (m: SampleManifest) => void,
    file = `${packageDir(key)}/connector.json`,
  ): void {
    this.editJson(file, change);
  }

  editJson<T>(path: string, change: (value: T) => void): void {
    const value = this.readJson<T>(path);
    change(value);
    this.writeJson(path, value);
  }

  changeset(name: string, bumps: Record<string, string>): void {
    const lines = Object.entries(bumps).map(([pkg, bump]) => `'${pkg}': ${bump}`);
    this.write(`.changeset/${name}.md`, `---\n${lines.join('\n')}\n---\n\nChanged things.\n`);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function packageDir(key: string): string {
  return `${CONNECTORS_DIR}/${key.replace(/_/g, '-')}`;
}

export function packageName(key: string): string {
  return `@dealix/connector-${key.replace(/_/g, '-')}`;
}
