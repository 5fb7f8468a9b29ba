import { auditEventFixture, CONTRACT_AUDIT_KEY } from '@dealix/connector-core/testing';
import { isDlxError } from '@dealix/connector-core';
import { useTestPostgres } from '../../__fixtures__/postgres/testPostgres';
import { createPostgresStores } from './createPostgresStores';
import { DEFAULT_POSTGRES_SETTINGS } from './postgresDatabase';
import { postgresTarget } from './postgresTarget';

// Outsider finding h4-F3: a host whose role had table rights only could not start on a schema
// an owner role had migrated: the migration step always ran CREATE TABLE IF NOT EXISTS, which
// needs the CREATE privilege even when the table is there.
const pg = useTestPostgres();
const ROLE = `dlx_app_${process.pid}`;
const PASSWORD = 'app-role-secret-4711';

describe('a host running as a role with table rights only', () => {
  const urlOf = () => {
    const url = new URL(pg.server().url());
    url.username = ROLE;
    url.password = PASSWORD;
    return url.toString();
  };
  const openAsApp = (schema: string) =>
    createPostgresStores(postgresTarget(urlOf(), 'test'), {
      auditKey: CONTRACT_AUDIT_KEY,
      settings: { ...DEFAULT_POSTGRES_SETTINGS, schema, applicationName: 'least privilege test' },
    });
  /** The role a DBA gives an application: USAGE on the schema, DML on its tables, no CREATE. */
  const grantTableRights = (schema: string) =>
    pg.raw('public', (client) =>
      client.query(
        `GRANT USAGE ON SCHEMA ${schema} TO ${ROLE}; ` +
          `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${ROLE}; ` +
          `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${ROLE}`,
      ),
    );

  beforeAll(async () => {
    await pg.raw('public', (client) =>
      client.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`),
    );
  });

  it('starts on a schema the owner migrated, and appends and verifies its audit chain', async () => {
    const schema = pg.newSchema();
    await pg.openStores({ schema }); // migrated by the owner (the test superuser)
    await grantTableRights(schema);
    const stores = await openAsApp(schema);
    try {
      const record = await stores.audit.append(auditEventFixture(1));
      expect(record.seq).toBe(1);
      expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 1 });
    } finally {
      await stores.close();
    }
  });

  it('is refused clearly where the schema still needs migrating, without the password', async () => {
    const schema = pg.newSchema();
    await pg.raw('public', (client) =>
      client.query(`CREATE SCHEMA ${schema}; GRANT USAGE ON SCHEMA ${schema} TO ${ROLE}`),
    );
    const error = await openAsApp(schema).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDlxError(error) && error.code).toBe('DLX_E_STORE_FAILURE');
    const message = (error as Error).message;
    expect(message).toContain('could not migrate the schema');
    expect(message).toContain('permission denied');
    expect(message).not.toContain(PASSWORD);
  });
});
