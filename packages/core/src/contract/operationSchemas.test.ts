import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerConnector } from '../runtime/__fixtures__/ledgerConnector';
import {
  committedSchemaFiles,
  renderOperationSchemas,
  writeOperationSchemas,
} from './operationSchemas';

describe('operation schema files', () => {
  it('renders an input and an output JSON Schema per operation, personal fields marked', () => {
    const files = renderOperationSchemas(ledgerConnector);
    expect(Object.keys(files)).toContain('create_charge.input.json');
    expect(Object.keys(files)).toContain('create_charge.output.json');
    const input = JSON.parse(files['create_charge.input.json']!);
    expect(input.properties.customer_email).toMatchObject({ type: 'string', personal: true });
    expect(files['create_charge.input.json']!.endsWith('}\n')).toBe(true);
  });

  it('writes them and reads back the committed names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlx-schemas-'));
    try {
      writeOperationSchemas(dir, ledgerConnector);
      expect(committedSchemaFiles(dir).sort()).toEqual(
        Object.keys(renderOperationSchemas(ledgerConnector)).sort(),
      );
      expect(readFileSync(join(dir, 'schemas', 'get_balance.output.json'), 'utf8')).toBe(
        renderOperationSchemas(ledgerConnector)['get_balance.output.json'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
