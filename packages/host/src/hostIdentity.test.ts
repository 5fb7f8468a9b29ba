import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaseHolderFor } from './hostIdentity';

describe('the host identity in idempotency leases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-host-id-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a host_id beside the database across starts, with a new boot_id each time', () => {
    const db = join(dir, 'a.db');
    const first = leaseHolderFor(db, undefined);
    const second = leaseHolderFor(db, undefined);
    expect(first.host_id).toMatch(/^host-[0-9a-f-]{36}$/);
    expect(second.host_id).toBe(first.host_id);
    expect(second.boot_id).not.toBe(first.boot_id);
    expect(readFileSync(`${db}.host-id`, 'utf8').trim()).toBe(first.host_id);
    expect(statSync(`${db}.host-id`).mode & 0o777).toBe(0o600);
  });

  it('uses the configured host_id, and refuses a file that holds something else', () => {
    expect(leaseHolderFor(join(dir, 'b.db'), 'connectors-1').host_id).toBe('connectors-1');
    writeFileSync(join(dir, 'c.db.host-id'), 'not a host id!\n');
    expect(() => leaseHolderFor(join(dir, 'c.db'), undefined)).toThrow(
      expect.objectContaining({ code: 'DLX_E_CONFIG_INVALID' }),
    );
  });

  it('takes DLX_HOST_ID over the config (one config file, many hosts), and checks it', () => {
    const env = { DLX_HOST_ID: 'pod-7' };
    expect(leaseHolderFor(join(dir, 'd.db'), 'connectors-1', env).host_id).toBe('pod-7');
    expect(() => leaseHolderFor(undefined, undefined, { DLX_HOST_ID: 'pod 7!' })).toThrow(
      expect.objectContaining({ code: 'DLX_E_CONFIG_INVALID' }),
    );
  });

  it('names a host on PostgreSQL without a host_id anew at each start (no file beside a URL)', () => {
    const first = leaseHolderFor(undefined, undefined);
    const second = leaseHolderFor(undefined, undefined);
    expect(first.host_id).toMatch(/^host-[0-9a-f-]{36}$/);
    expect(second.host_id).not.toBe(first.host_id);
  });
});
