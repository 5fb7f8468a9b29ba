import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isConnectorPlugin } from '@dealix/connector-core';
import type { ConformanceSession } from '../conformanceSession';
import { committedSchemaFiles, renderOperationSchemas, SCHEMAS_DIR } from '@dealix/connector-core';

/** schemas/<op>.input.json and .output.json exist, are fresh, and no stale ones are left. */
export async function checkSchemaFiles<Sim>(session: ConformanceSession<Sim>): Promise<string[]> {
  const { plugin, packageDir } = session.options;
  if (!isConnectorPlugin(plugin)) return ['`plugin` is not a connector made by defineConnector()'];
  const rendered = renderOperationSchemas(plugin);
  const problems: string[] = [];
  for (const [file, text] of Object.entries(rendered)) {
    const path = join(packageDir, SCHEMAS_DIR, file);
    if (!existsSync(path)) problems.push(`${SCHEMAS_DIR}/${file} is missing`);
    else if (readFileSync(path, 'utf8') !== text) {
      problems.push(`${SCHEMAS_DIR}/${file} is stale: it differs from the operation's zod schema`);
    }
  }
  for (const file of committedSchemaFiles(packageDir)) {
    if (!Object.hasOwn(rendered, file)) {
      problems.push(`${SCHEMAS_DIR}/${file} belongs to no operation of the code`);
    }
  }
  if (problems.length > 0) {
    problems.push(
      'regenerate them with writeOperationSchemas(packageDir, connector) from @dealix/connector-testkit and commit the result',
    );
  }
  return problems;
}
