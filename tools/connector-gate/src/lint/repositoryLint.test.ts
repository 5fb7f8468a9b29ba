import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAYER_IMPORTS, layerOfName } from '../../eslint/packageLayers.cjs';

// Issue 16: the repository's own ESLint config (eslint.config.mjs, what `npm run lint` runs)
// enforces facade-only vendor access in connectors and the package boundaries everywhere.
const REPO = join(__dirname, '..', '..', '..', '..');

interface Linted {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; message: string }>;
}

/**
 * Lints each text as if it were the file named, with the repository's config, in a child
 * process (ESLint loads its config as an ES module, which jest's module system cannot).
 */
function lintAs(files: Array<{ path: string; code?: string }>): Linted[] {
  const script = `
    import { ESLint } from 'eslint';
    const files = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const f of files) {
      const results = f.code === undefined
        ? await eslint.lintFiles([f.path])
        : await eslint.lintText(f.code, { filePath: f.path });
      for (const r of results) out.push({ filePath: r.filePath, messages: r.messages });
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(files)],
    { cwd: REPO, encoding: 'utf8', timeout: 120_000 },
  );
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Linted[];
}

const ours = (linted: Linted) =>
  linted.messages
    .filter((m) => m.ruleId?.startsWith('dealix/'))
    .map((m) => [m.ruleId, m.line, m.message]);

describe('the repository lint config', () => {
  let results: Linted[];
  const cases = [
    {
      path: 'packages/connectors/stripe/src/operations/evil.ts',
      code: [
        "import axios from 'axios';",
        'export async function evil() {',
        "  const key = process.env['STRIPE_KEY'];",
        "  await fetch('https://api.stripe.com/v1/balance');",
        "  return axios.get('https://api.stripe.com', { headers: { key } });",
        '}',
        '',
      ].join('\n'),
    },
    {
      path: 'packages/connectors/stripe/src/evil.test.ts',
      code: "import axios from 'axios';\nimport { spawnHost } from '@dealix/connector-testkit';\nexport { axios, spawnHost };\n",
    },
    {
      path: 'packages/host/src/evil.ts',
      code: "import { connector } from '@dealix/connector-stripe';\nimport axios from 'axios';\nimport { z } from '../../core/src/index';\nexport { connector, axios, z };\n",
    },
    {
      path: 'packages/testkit/src/evil.ts',
      code: "import { startHost } from '@dealix/connector-host';\nexport { startHost };\n",
    },
    {
      path: 'packages/core/src/evil.ts',
      code: "import { startSandbox } from '@dealix/connector-testkit';\nexport { startSandbox };\n",
    },
    {
      path: 'tools/connector-gate/src/evil.ts',
      code: "import { runConformance } from '@dealix/connector-testkit';\nexport { runConformance };\n",
    },
    {
      path: 'packages/client/src/evil.ts',
      code: "import { startHost } from '@dealix/connector-host';\nimport { spawnHost } from '@dealix/connector-testkit';\nexport { startHost, spawnHost };\n",
    },
    { path: 'packages/connectors/stripe/src' },
  ];
  beforeAll(() => {
    results = lintAs(cases);
  }, 120_000);

  it('fails a connector importing axios, reading process.env or calling fetch, at the line', () => {
    expect(ours(results[0]!)).toEqual([
      [
        'dealix/facade-only',
        1,
        'axios is an HTTP client: a connector reaches its vendor only through ctx.http, or ctx.transport for a library its connector.json lists in direct_transports (which lists nothing)',
      ],
      [
        'dealix/facade-only',
        3,
        'a connector reads no environment variables: credentials and settings come from the validated config on ctx.config',
      ],
      [
        'dealix/facade-only',
        4,
        'fetch reaches the network outside the governed ctx.http: use ctx.http (or vendorRequest) instead',
      ],
    ]);
  });

  it('leaves test files out of both rules', () => {
    expect(ours(results[1]!)).toEqual([]);
  });

  it('keeps the package boundaries of runtime source: host, testkit, core and gate', () => {
    expect(ours(results[2]!)).toEqual([
      [
        'dealix/package-boundaries',
        1,
        '@dealix/connector-host (host) may import only @dealix/connector-core, @dealix/connector-testkit among our packages; @dealix/connector-stripe is a connector',
      ],
      [
        'dealix/package-boundaries',
        3,
        '"../../core/src/index" reaches outside @dealix/connector-host into ../core/src/index: import another package by its name, and only one its layer may use',
      ],
    ]);
    expect(ours(results[3]!).map(([rule, line]) => [rule, line])).toEqual([
      ['dealix/package-boundaries', 1],
    ]);
    expect(ours(results[3]!)[0]?.[2]).toContain('@dealix/connector-host is the host');
    expect(ours(results[4]!)[0]?.[2]).toBe(
      '@dealix/connector-core (core) may import none of our packages; @dealix/connector-testkit is the testkit',
    );
    expect(ours(results[5]!)[0]?.[2]).toContain(
      '@dealix/connector-gate (gate) may import only @dealix/connector-core',
    );
  });

  it('keeps the client on core alone (its tests may run a host)', () => {
    expect(ours(results[6]!).map(([rule, line]) => [rule, line])).toEqual([
      ['dealix/package-boundaries', 1],
      ['dealix/package-boundaries', 2],
    ]);
    expect(ours(results[6]!)[0]?.[2]).toBe(
      '@dealix/connector-client (client) may import only @dealix/connector-core among our packages; @dealix/connector-host is the host',
    );
  });

  it('passes the Stripe package as it is', () => {
    const stripe = results.slice(7);
    expect(stripe.length).toBeGreaterThan(5);
    expect(stripe.flatMap(ours)).toEqual([]);
  });
});

describe('package boundaries of declared runtime dependencies', () => {
  it('every workspace package depends only on the packages its layer may use', () => {
    const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    const dirs = root.workspaces.flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(join(REPO, pattern.slice(0, -2))).map((d) => `${pattern.slice(0, -2)}/${d}`)
        : [pattern],
    );
    const problems: string[] = [];
    let checked = 0;
    for (const dir of dirs) {
      let pkg: Record<string, Record<string, string> | string | undefined>;
      try {
        pkg = JSON.parse(readFileSync(join(REPO, dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      const layer = layerOfName(pkg.name);
      if (layer === undefined) continue;
      checked += 1;
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const name of Object.keys((pkg[field] as Record<string, string>) ?? {})) {
          const target = layerOfName(name);
          if (target !== undefined && !LAYER_IMPORTS[layer].includes(target)) {
            problems.push(`${dir}: ${field} names ${name}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(problems).toEqual([]);
  });
});
