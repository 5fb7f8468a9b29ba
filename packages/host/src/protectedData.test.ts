import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOKENS, startHarness } from './__fixtures__/hostHarness';
import { rawDatabase } from './__fixtures__/rawDatabase';
import { runCli } from './__fixtures__/runCli';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const VAULT_SECRET = 'vault_webhook_SECRET_5e6f7a8b9c';
const CONTENT = 'CONFIDENTIAL-MERGER-TERMS-7f3a9c: the price is 41.5 million';
const FINDING = 'FINDING-clause-14-unlimited-liability-2d8e';
const STORE = '/api/v1/tenants/acme/connectors/good_vault/operations/store_document';
const DATA_KEYS = `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`;
const tenants = {
  acme: {
    connectors: { good_vault: { webhook_secret: { env: 'VAULT_SECRET' } }, good_echo: {} },
  },
};

// Issue 9 item 10: restricted data was stored in plain text in SQLite; a restricted connector
// ran without any key.
describe('restricted data is encrypted at rest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dlx-vault-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps results, approval previews and outbox events sealed in the SQLite file, opened through the API', async () => {
    const h = await startHarness({
      tenants,
      dir,
      env: { VAULT_SECRET, DLX_DATA_KEYS: DATA_KEYS },
    });
    try {
      const body = { title: 'Merger', content: CONTENT };
      const asked = await h.call('POST', STORE, {
        token: TOKENS.alice,
        body,
        headers: { 'idempotency-key': 'doc-1' },
      });
      expect(asked.status).toBe(202);
      const id = asked.json.approval_id as string;
      const approvals = await h.call('GET', '/api/v1/tenants/acme/approvals', {
        token: TOKENS.bob,
      });
      // Item 11: the approver sees the safe title and the computed size and pages, not the content.
      expect(approvals.json.approvals[0]).toMatchObject({
        id,
        payload_preview: { redacted: 'restricted', safe: { title: 'Merger' } },
        computed_preview: { size_bytes: Buffer.byteLength(CONTENT), page_count: 1 },
      });
      expect(JSON.stringify(approvals.json)).not.toContain('MERGER-TERMS');
      await h.call('POST', `/api/v1/tenants/acme/approvals/${id}/grant`, { token: TOKENS.bob });
      const stored = await h.call('POST', `${STORE}?approval_id=${id}`, {
        token: TOKENS.alice,
        body,
        headers: { 'idempotency-key': 'doc-1' },
      });
      expect(stored.json).toMatchObject({
        status: 'ok',
        output: { excerpt: CONTENT.slice(0, 40) },
      });
      const replay = await h.call('POST', `${STORE}?approval_id=${id}`, {
        token: TOKENS.alice,
        body,
        headers: { 'idempotency-key': 'doc-1' },
      });
      expect(replay.json).toMatchObject({
        replayed: true,
        output: { excerpt: CONTENT.slice(0, 40) },
      });

      const delivery = await fetch(`${h.host.url}/webhooks/acme/good_vault`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vault-signature': VAULT_SECRET },
        body: JSON.stringify({ id: 'scan-1', payload: { document_id: 'doc_1', finding: FINDING } }),
      });
      expect(delivery.status).toBe(200);
      const events = await h.call('GET', '/api/v1/tenants/acme/events', { token: TOKENS.vic });
      expect(events.json.events[0]).toMatchObject({ payload: { finding: FINDING } });
    } finally {
      await h.stop();
    }
    const raw = rawDatabase(dir, 'host.db');
    expect(raw).toContain('aes-256-gcm');
    for (const plain of [
      CONTENT,
      CONTENT.slice(0, 40),
      FINDING,
      'MERGER-TERMS',
      'unlimited-liability',
    ]) {
      expect(raw).not.toContain(plain);
    }
    expect(raw).toContain('"kid":"k2"');
  });

  it('rejects each restricted instance at initialize without DLX_DATA_KEYS and serves the rest', async () => {
    const h = await startHarness({ tenants, dir, env: { VAULT_SECRET } });
    try {
      const vault = h.host.load.report.entries.find((e) => e.key === 'good_vault');
      expect(vault).toMatchObject({
        outcome: 'rejected',
        stage: 'initialize',
        code: 'DLX_E_CONFIG_DATA_KEYS_MISSING',
      });
      expect(vault!.reason).toContain('DLX_DATA_KEYS');
      expect(h.host.load.report.entries.find((e) => e.key === 'good_echo')?.outcome).toBe('ready');
      const echo = await h.call(
        'POST',
        '/api/v1/tenants/acme/connectors/good_echo/operations/echo',
        { token: TOKENS.alice, body: { text: 'still served' } },
      );
      expect(echo.status).toBe(200);
    } finally {
      await h.stop();
    }
    await expect(
      startHarness({ tenants, dir, env: { VAULT_SECRET }, host: { strict: true } }),
    ).rejects.toMatchObject({ code: 'DLX_E_LOADER_BLOCKED' });
  });

  it('gives sandbox mode its own database, recreated at each start, and its generated keys in a 0600 file', async () => {
    const env = { DLX_AUDIT_KEY: undefined, DLX_DATA_KEYS: undefined };
    let h = await startHarness({ rootDir: REPO_ROOT, dir, env });
    const database = h.host.stores.database;
    try {
      expect(database).toBe(join(dir, 'sandbox.db'));
      const keysFile = `${database}.keys`;
      expect(statSync(keysFile).mode & 0o777).toBe(0o600);
      const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as Record<string, string>;
      expect(Object.keys(keys).sort()).toEqual(['DLX_AUDIT_KEY', 'DLX_DATA_KEYS']);
      expect(h.printed.join('\n')).toContain(
        'DLX_AUDIT_KEY and DLX_DATA_KEYS were not set; generated',
      );
      expect(h.printed.join('\n')).not.toContain(keys.DLX_AUDIT_KEY!);
      await h.call('GET', '/api/v1/connectors/governance');
      await h.host.runtime
        .execute('sandbox', 'stripe', 'retrieve_payment_intent', {
          input: { payment_intent: 'pi_none' },
          actor: 'test',
        })
        .catch(() => undefined);
      expect((await h.host.stores.audit.list()).length).toBeGreaterThan(0);
    } finally {
      await h.stop();
    }
    const verify = await runCli(['audit', 'verify', '--database', database], { env: {}, cwd: dir });
    expect(verify.code).toBe(0);
    expect(existsSync(join(dir, 'host.db'))).toBe(false);

    h = await startHarness({ rootDir: REPO_ROOT, dir, env });
    try {
      expect(await h.host.stores.audit.list()).toEqual([]);
    } finally {
      await h.stop();
    }
  }, 60_000);
});
