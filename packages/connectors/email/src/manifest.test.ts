import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkPluginAgainstManifest,
  committedSchemaFiles,
  renderOperationSchemas,
  resolveOperationPolicy,
  validateManifest,
} from '@dealix/connector-core';
import { PACKAGE_DIR } from './__fixtures__/smtpHarness';
import { connector } from './index';
import { SMTP_LIBRARY } from './smtpExchange';

const manifestJson = JSON.parse(
  readFileSync(join(PACKAGE_DIR, 'connector.json'), 'utf8'),
) as Record<string, unknown>;
const packageJson = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe('connector.json', () => {
  const result = validateManifest(manifestJson, { file: 'email/connector.json' });
  const manifest = result.ok ? result.manifest : undefined;

  it("passes core's manifest schema and every cross-field rule", () => {
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(manifestJson.$schema).toBe('../../core/connector-manifest.schema.json');
  });

  it('agrees with the code: key, operations, compensations and config fields', () => {
    expect(checkPluginAgainstManifest(connector, manifest!)).toEqual([]);
  });

  it('sends once, with approval, to the host the operator allows the tenant', () => {
    const policy = resolveOperationPolicy(manifest!, 'send_email');
    expect([policy.approval_policy, policy.idempotent]).toEqual(['approval_required', false]);
    expect(manifest!.allowed_hosts).toEqual(['${config.host}']);
    expect(manifest!.config.host?.host_pattern).toBe('${tenant}');
  });

  it('declares no compensation, with the reason, and a suggested limit on SMTP sessions', () => {
    const send = manifest!.operations.send_email!;
    expect(send.compensation).toBe('none');
    expect(send.compensation_note).toMatch(/cannot be recalled/);
    expect(manifest!.suggested_limits).toEqual({ max_concurrency: 5 });
  });

  it('declares nodemailer, the one library it depends on, as its only direct transport', () => {
    expect(manifest!.direct_transports?.map((t) => t.library)).toEqual([SMTP_LIBRARY]);
    expect(Object.keys(packageJson.dependencies)).toEqual([SMTP_LIBRARY]);
  });
});

describe('schemas/', () => {
  const dir = join(PACKAGE_DIR, 'schemas');
  const expected = new Map(Object.entries(renderOperationSchemas(connector)));

  it('holds exactly one input and one output schema per operation', () => {
    expect(committedSchemaFiles(PACKAGE_DIR).sort()).toEqual([...expected.keys()].sort());
  });

  it.each([...expected.keys()])('%s is fresh (run `npm run generate` if not)', (name) => {
    expect(readFileSync(join(dir, name), 'utf8')).toBe(expected.get(name));
  });

  it('marks recipients, subject, content and attachments personal', () => {
    const input = JSON.parse(expected.get('send_email.input.json')!) as {
      properties: Record<string, { personal?: boolean; items?: Record<string, unknown> }>;
    };
    const { to, subject, text, html, attachments } = input.properties;
    expect([to?.items?.personal, subject?.personal, text?.personal, html?.personal]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const file = attachments?.items as { properties: Record<string, { personal?: boolean }> };
    expect(file.properties.content_base64?.personal).toBe(true);
  });
});
