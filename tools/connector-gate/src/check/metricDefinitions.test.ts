import { writeBuiltPlugin, writeRenderedSchemas } from '../__fixtures__/builtPlugin';
import { packageDir, TempRepo } from '../__fixtures__/tempRepo';
import { exitCodeOf } from '../report/gateReport';
import { runCheck } from './runCheck';

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));

const OPS = ['create_charge', 'get_charge'];
const usage = { name: 'crm_api_requests_used', type: 'gauge', unit: 'requests', labels: ['limit'] };

/** A built repository with one connector per key, each declaring the given metrics. */
function repoWith(metrics: Record<string, unknown[]>): TempRepo {
  const repo = new TempRepo();
  repos.push(repo);
  for (const [key, declared] of Object.entries(metrics)) {
    repo.addConnector(key);
    repo.editManifest(key, (m) => (m.metrics = declared));
    writeBuiltPlugin(repo, key, OPS);
    writeRenderedSchemas(repo, OPS, packageDir(key));
  }
  return repo;
}

/** The 1-based line of `metrics[index]` in a connector's manifest as written. */
function metricLine(repo: TempRepo, key: string, index: number): number {
  const lines = JSON.stringify(repo.readJson(`${packageDir(key)}/connector.json`), null, 2).split(
    '\n',
  );
  const start = lines.findIndex((l) => l.includes('"metrics"'));
  let seen = -1;
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i] === '    {') seen += 1;
    if (seen === index) return i + 1;
  }
  throw new Error(`no metrics[${index}] in ${key}`);
}

function redefinitions(repo: TempRepo) {
  const report = runCheck({ root: repo.dir });
  return {
    exitCode: exitCodeOf(report),
    findings: report.findings.filter((f) => f.rule === 'metric_redefined'),
  };
}

describe('check: metric_redefined', () => {
  it('passes connectors that share one definition of a metric', () => {
    const out = redefinitions(repoWith({ alpha: [usage], beta: [{ ...usage }] }));
    expect(out.findings).toEqual([]);
    expect(out.exitCode).toBe(0);
  });

  it("fails a dictionary metric declared by a connector, naming the dictionary's definition", () => {
    const repo = repoWith({
      alpha: [usage, { name: 'connector_health', type: 'gauge', unit: 'percent', labels: [] }],
    });
    const out = redefinitions(repo);
    expect(out.findings).toEqual([
      expect.objectContaining({
        connector: 'alpha',
        manifestFile: 'packages/connectors/alpha/connector.json',
        path: 'metrics[1]',
        line: metricLine(repo, 'alpha', 1),
        fails: true,
        message:
          `metrics[1] "connector_health" (a gauge (unit percent, labels [tenant, connector]), with the runtime's labels) ` +
          "redefines the metric dictionary's connector_health, a gauge (unit ratio, labels [tenant]) exported as " +
          'connector_health (packages/core/src/metrics/metric-dictionary.json): unit, labels differ',
      }),
    ]);
    expect(out.exitCode).toBe(1);
  });

  it("fails two connectors' different definitions of one name, each naming the other", () => {
    const repo = repoWith({
      alpha: [usage],
      beta: [{ ...usage, type: 'counter', labels: ['limit', 'org'] }],
    });
    const out = redefinitions(repo);
    expect(out.findings.map((f) => [f.connector, f.line, f.message])).toEqual([
      [
        'alpha',
        metricLine(repo, 'alpha', 0),
        `metrics[0] "crm_api_requests_used" (a gauge (unit requests, labels [tenant, connector, limit]), with the runtime's labels) ` +
          `differs from connector "beta"'s metrics[0] in packages/connectors/beta/connector.json:${metricLine(repo, 'beta', 0)} ` +
          '(a counter (unit requests, labels [tenant, connector, limit, org])): type, labels differ',
      ],
      [
        'beta',
        metricLine(repo, 'beta', 0),
        `metrics[0] "crm_api_requests_used" (a counter (unit requests, labels [tenant, connector, limit, org]), with the runtime's labels) ` +
          `differs from connector "alpha"'s metrics[0] in packages/connectors/alpha/connector.json:${metricLine(repo, 'alpha', 0)} ` +
          '(a gauge (unit requests, labels [tenant, connector, limit])): type, labels differ',
      ],
    ]);
  });

  it("fails a connector metric that takes the name of one of core's runtime metrics", () => {
    const repo = repoWith({
      alpha: [{ name: 'connector_calls_total', type: 'counter', unit: 'calls', labels: [] }],
    });
    expect(redefinitions(repo).findings[0]?.message).toContain(
      "takes the name of core's runtime metric connector_calls_total",
    );
  });
});
