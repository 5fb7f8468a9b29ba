import type { AuditRecord } from '@dealix/connector-core';
import { main } from '@dealix/connector-host';

/** `dealix-connectors audit verify` on a database file, as an operator runs it after a crash. */
export async function auditVerify(
  database: string,
  auditKey: string,
): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(['audit', 'verify', '--database', database, '--json'], {
    out: (t) => lines.push(t),
    err: (t) => lines.push(t),
    env: { DLX_AUDIT_KEY: auditKey },
    cwd: process.cwd(),
  });
  return { code, out: lines.join('\n') };
}

/** `dealix-connectors audit list -t <tenant> --json`: every record of the tenant, oldest first. */
export async function auditList(database: string, tenant: string): Promise<AuditRecord[]> {
  const lines: string[] = [];
  const code = await main(
    ['audit', 'list', '-t', tenant, '--limit', '1000000', '--json', '--database', database],
    { out: (t) => lines.push(t), err: (t) => lines.push(t), env: {}, cwd: process.cwd() },
  );
  if (code !== 0) throw new Error(`audit list exited ${code}: ${lines.join('\n')}`);
  return JSON.parse(lines.join('')) as AuditRecord[];
}
