import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOperationSchemas, resolveOperationPolicy } from '@dealix/connector-core';
import { PACKAGE_DIR, loadManifest } from './__fixtures__/smtpHarness';
import { connector } from './index';
import { SMTP_LIBRARY } from './smtpExchange';

// The manifest schema, code agreeing with it and fresh schemas/ are conformance checks
// (conformance.test.ts); here, what is particular to email.
const packageJson = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe('connector.json', () => {
  const manifest = loadManifest();

  it('sends once, with approval, to the host the operator allows the tenant', () => {
    const policy = resolveOperationPolicy(manifest, 'send_email');
    expect([policy.approval_policy, policy.idempotent]).toEqual(['approval_required', false]);
    expect(manifest.allowed_hosts).toEqual(['${config.host}']);
    expect(manifest.config.host?.host_pattern).toBe('${tenant}');
  });

  it('declares no compensation, with the reason, and a suggested limit on SMTP sessions', () => {
    const send = manifest.operations.send_email!;
    expect(send.compensation).toBe('none');
    expect(send.compensation_note).toMatch(/cannot be recalled/);
    expect(manifest.suggested_limits).toEqual({ max_concurrency: 5 });
  });

  it('declares nodemailer, the one library it depends on, as its only direct transport', () => {
    expect(manifest.direct_transports?.map((t) => t.library)).toEqual([SMTP_LIBRARY]);
    expect(Object.keys(packageJson.dependencies)).toEqual([SMTP_LIBRARY]);
  });
});

describe('schemas/', () => {
  it('marks recipients, subject, content and attachments personal', () => {
    const rendered = renderOperationSchemas(connector)['send_email.input.json']!;
    const input = JSON.parse(rendered) as {
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
