import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defineConnector,
  defineOperation,
  personal,
  renderOperationSchemas,
  writeOperationSchemas,
  z,
} from '@dealix/connector-core';
import { conformanceChecks, createConformanceSession } from './conformanceChecks';

import { connector as brokenConnector } from './__fixtures__/broken/src';
import { BROKEN_PACKAGE_DIR, brokenConformanceOptions } from './__fixtures__/brokenConformance';

const quote = defineConnector({
  key: 'quotes',
  config: z.object({}),
  operations: {
    create_quote: defineOperation({
      input: z.object({
        amount: z.number().int(),
        currency: z.string().default('SAR'),
        email: personal(z.email()),
      }),
      output: z.object({ id: z.string(), currency: z.string().default('SAR') }),
      run: async () => ({ id: 'q_1' }),
    }),
  },
  healthCheck: async () => ({ status: 'ok' }),
});

describe('renderOperationSchemas', () => {
  it('renders what a caller may send (input mode) and what the connector returns (output mode)', () => {
    const files = renderOperationSchemas(quote);
    expect(Object.keys(files)).toEqual(['create_quote.input.json', 'create_quote.output.json']);
    const input = JSON.parse(files['create_quote.input.json']!) as Record<string, unknown>;
    const output = JSON.parse(files['create_quote.output.json']!) as Record<string, unknown>;
    // A defaulted field may be left out by the caller but is always present in the result.
    expect(input.required).toEqual(['amount', 'email']);
    expect(output.required).toEqual(['id', 'currency']);
    expect(input.properties).toMatchObject({ email: { personal: true, format: 'email' } });
    expect(files['create_quote.input.json']).toContain('"required": ["amount", "email"]\n}\n');
  });

  it('refuses something that is not a connector plugin', () => {
    expect(() => renderOperationSchemas({ operations: {} })).toThrow(/defineConnector/);
  });
});

describe('writeOperationSchemas', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'conformance-schemas-'));
    cpSync(BROKEN_PACKAGE_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('brings a stale schemas/ folder back in line with the code, which the check then accepts', async () => {
    const session = () => createConformanceSession(brokenConformanceOptions({ packageDir: dir }));
    expect(await conformanceChecks.schemaFiles(session())).not.toEqual([]);
    writeFileSync(join(dir, 'schemas', 'README.md'), 'kept: not an operation schema\n');

    const { written, removed } = writeOperationSchemas(dir, brokenConnector);

    expect(removed).toEqual([join(dir, 'schemas', 'delete_ticket.input.json')]);
    expect(written).toHaveLength(6);
    expect(existsSync(join(dir, 'schemas', 'README.md'))).toBe(true);
    expect(readFileSync(join(dir, 'schemas', 'close_ticket.output.json'), 'utf8')).toBe(
      renderOperationSchemas(brokenConnector)['close_ticket.output.json'],
    );
    expect(await conformanceChecks.schemaFiles(session())).toEqual([]);
  });

  it('creates schemas/ when the package has none', () => {
    rmSync(join(dir, 'schemas'), { recursive: true });
    writeOperationSchemas(dir, brokenConnector);
    expect(existsSync(join(dir, 'schemas', 'get_ticket.input.json'))).toBe(true);
  });
});
