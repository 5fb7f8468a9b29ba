import {
  defineConnector,
  defineOperation,
  renderOperationSchemas,
  z,
  type ConnectorPlugin,
} from '@dealix/connector-core';
import { createItemSchemas } from './templates/createItemTemplate';
import { deleteItemSchemas } from './templates/deleteItemTemplate';
import { getItemSchemas } from './templates/getItemTemplate';

const neverRun = (): never => {
  throw new Error('the scaffolder only renders schemas; it never runs an operation');
};

/**
 * A stand-in plugin with the sample operations' zod schemas (the twins of the generated code),
 * so core's own renderOperationSchemas writes schemas/ exactly as `npm run generate` would.
 */
function samplePlugin(key: string): ConnectorPlugin {
  return defineConnector({
    key,
    config: z.object({}),
    operations: {
      get_item: defineOperation({ ...getItemSchemas, run: neverRun }),
      create_item: defineOperation({ ...createItemSchemas, run: neverRun }),
      delete_item: defineOperation({ ...deleteItemSchemas, run: neverRun }),
    },
    healthCheck: neverRun,
  });
}

/** schemas/<op>.input.json and .output.json of a new connector, keyed by file name. */
export function sampleOperationSchemaFiles(key: string): Record<string, string> {
  return renderOperationSchemas(samplePlugin(key));
}
