import { writeBuiltPlugin, writeRenderedSchemas } from '../__fixtures__/builtPlugin';
import { packageDir, TempRepo } from '../__fixtures__/tempRepo';
import { renderGithub } from '../render/renderGithub';
import { exitCodeOf } from '../report/gateReport';
import { runCheck } from './runCheck';

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));

const OPS = ['create_charge', 'get_charge'];
const DIR = packageDir('alpha');

/** A built repository with connector alpha, its source files and package.json changes. */
function repoWith(
  files: Record<string, string>,
  change: { dependencies?: Record<string, string>; directTransports?: string[] } = {},
): TempRepo {
  const repo = new TempRepo();
  repos.push(repo);
  repo.addConnector('alpha');
  writeBuiltPlugin(repo, 'alpha', OPS);
  writeRenderedSchemas(repo, OPS, DIR);
  for (const [path, text] of Object.entries(files)) repo.write(`${DIR}/${path}`, text);
  if (change.dependencies) {
    repo.editJson<Record<string, unknown>>(`${DIR}/package.json`, (p) => {
      p.dependencies = change.dependencies;
    });
  }
  if (change.directTransports) {
    repo.editManifest('alpha', (m) => {
      m.direct_transports = change.directTransports!.map((library) => ({
        library,
        reason: 'SMTP delivery',
      }));
    });
  }
  return repo;
}

function facadeFindings(repo: TempRepo) {
  const report = runCheck({ root: repo.dir });
  const rules = [
    'direct_vendor_access',
    'environment_read',
    'vendor_dependency',
    'package_boundary',
  ];
  return {
    report,
    exitCode: exitCodeOf(report),
    findings: report.findings
      .filter((f) => rules.includes(f.rule))
      .map((f) => ({ rule: f.rule, file: f.file, line: f.line, message: f.message })),
  };
}

const CHARGE = [
  "import { z } from '@dealix/connector-core';",
  "import axios from 'axios';",
  '',
  'export async function charge(amount: number) {',
  "  const key = process.env.ALPHA_KEY ?? '';",
  "  await fetch('https://api.example.com/health');",
  "  return axios.post('https://api.example.com/charges', { amount, key }, { timeout: z.number().parse(5) });",
  '}',
  '',
].join('\n');

describe('check: facade-only vendor access', () => {
  it('fails a connector importing axios, calling fetch and reading process.env, with file and line', () => {
    const out = facadeFindings(repoWith({ 'src/operations/charge.ts': CHARGE }));
    const file = `${DIR}/src/operations/charge.ts`;
    expect(out.findings).toEqual([
      {
        rule: 'direct_vendor_access',
        file,
        line: 2,
        message: `${file}:2 axios is an HTTP client: a connector reaches its vendor only through ctx.http, or ctx.transport for a library its connector.json lists in direct_transports (which lists nothing)`,
      },
      {
        rule: 'environment_read',
        file,
        line: 5,
        message: `${file}:5 a connector reads no environment variables: credentials and settings come from the validated config on ctx.config`,
      },
      {
        rule: 'direct_vendor_access',
        file,
        line: 6,
        message: `${file}:6 fetch reaches the network outside the governed ctx.http: use ctx.http (or vendorRequest) instead`,
      },
    ]);
    expect(out.exitCode).toBe(1);
    expect(renderGithub(out.report)).toContain(
      `::error file=${file},line=2,title=direct vendor access (alpha)::`,
    );
  });

  it('catches node:https, a vendor SDK, require() and a dynamic import, and leaves tests alone', () => {
    const out = facadeFindings(
      repoWith({
        'src/transport.ts': [
          "import { request } from 'node:https';",
          "import Stripe from 'stripe';",
          "const undici = require('undici');",
          "export const later = () => import('got');",
          'export { request, Stripe, undici };',
          '',
        ].join('\n'),
        'src/transport.test.ts': "import axios from 'axios';\nexport { axios };\n",
        'src/__fixtures__/vendor.ts': "import http from 'node:http';\nexport { http };\n",
      }),
    );
    expect(out.findings.map((f) => [f.rule, f.file, f.line])).toEqual([
      ['direct_vendor_access', `${DIR}/src/transport.ts`, 1],
      ['direct_vendor_access', `${DIR}/src/transport.ts`, 2],
      ['direct_vendor_access', `${DIR}/src/transport.ts`, 3],
      ['direct_vendor_access', `${DIR}/src/transport.ts`, 4],
    ]);
    expect(out.findings[1]?.message).toContain('stripe is a vendor SDK');
  });

  it('allows exactly the libraries the manifest lists in direct_transports', () => {
    const mailer = [
      "import nodemailer from 'nodemailer';",
      "import axios from 'axios';",
      'export { nodemailer, axios };',
      '',
    ].join('\n');
    const out = facadeFindings(
      repoWith(
        { 'src/mailer.ts': mailer },
        {
          directTransports: ['nodemailer'],
          dependencies: { nodemailer: '10.6.1', axios: '1.21.1' },
        },
      ),
    );
    expect(out.findings).toEqual([
      expect.objectContaining({ rule: 'direct_vendor_access', line: 2 }),
      expect.objectContaining({
        rule: 'vendor_dependency',
        file: `${DIR}/package.json`,
        message: `${DIR}/package.json: dependencies names axios, and axios is an HTTP client; list it in connector.json direct_transports with the reason, or reach the vendor through ctx.http`,
      }),
    ]);
    expect(out.findings[0]?.message).toContain('(which lists nodemailer)');
  });

  it('fails a dependency on, or an import of, one of our packages other than core', () => {
    const repo = repoWith(
      {
        'src/index.ts':
          "import { spawnHost } from '@dealix/connector-testkit';\nexport { spawnHost };\n",
      },
      { dependencies: { '@dealix/connector-host': '^0.1.0' } },
    );
    const out = facadeFindings(repo);
    const lines = JSON.stringify(repo.readJson(`${DIR}/package.json`), null, 2).split('\n');
    expect(out.findings).toEqual([
      {
        rule: 'package_boundary',
        file: `${DIR}/src/index.ts`,
        line: 1,
        message: `${DIR}/src/index.ts:1 @dealix/connector-alpha (connector) may import only @dealix/connector-core among our packages; @dealix/connector-testkit is the testkit`,
      },
      expect.objectContaining({
        rule: 'package_boundary',
        file: `${DIR}/package.json`,
        line: lines.findIndex((l) => l.includes('"@dealix/connector-host"')) + 1,
      }),
    ]);
  });

  it('fails a source file that does not parse, since it cannot be cleared', () => {
    const out = facadeFindings(repoWith({ 'src/broken.ts': 'export const x = ;\n' }));
    expect(out.findings).toEqual([
      expect.objectContaining({
        rule: 'direct_vendor_access',
        file: `${DIR}/src/broken.ts`,
        line: 1,
        message: expect.stringContaining('does not parse'),
      }),
    ]);
  });
});
