import { z } from 'zod';
import { ledgerConnector, ledgerManifest } from '../runtime/__fixtures__/ledgerConnector';
import { ledgerManifestWith } from '../runtime/__fixtures__/runtimeHarness';
import { checkPluginAgainstManifest } from './checkPluginAgainstManifest';
import { defineConnector, defineOperation, isConnectorPlugin } from './defineConnector';
import { fieldMarks, personal, secret } from './fieldMarks';
import type { OperationContext } from './types';

describe('defineConnector', () => {
  it('types run() from the zod schemas (checked by the typecheck target)', () => {
    const config = z.object({ token: secret(z.string()) });
    type Ctx = OperationContext<z.output<typeof config>, { n: number }>;
    const op = defineOperation({
      input: z.object({ to: z.string(), count: z.number().default(1) }),
      output: z.object({ id: z.string() }),
      run: async (input, ctx: Ctx) => {
        const n: number = input.count + ctx.state.n;
        const token: string = ctx.config.token;
        // @ts-expect-error -- `missing` is not in the input schema
        void input.missing;
        return { id: `${input.to}-${n}-${token.length}` };
      },
    });
    const plugin = defineConnector({
      key: 'typed',
      config,
      initialize: async () => ({ n: 1 }),
      operations: { send: op },
      healthCheck: async () => ({ status: 'ok' }),
    });
    expect(isConnectorPlugin(plugin)).toBe(true);
    expect(Object.keys(plugin.operations)).toEqual(['send']);
    defineOperation({
      input: z.object({ a: z.string() }),
      output: z.object({ id: z.string() }),
      // @ts-expect-error -- the result must fit the output schema
      run: async () => ({ id: 1 }),
    });
  });

  it('marks personal and secret fields, visible through wrappers', () => {
    expect(fieldMarks(personal(z.string()).optional())).toEqual({ personal: true });
    expect(fieldMarks(secret(z.string()).default('x'))).toEqual({ secret: true });
    expect(fieldMarks(z.string())).toEqual({});
  });
});

describe('checkPluginAgainstManifest', () => {
  it('accepts a plugin that matches its manifest', () => {
    expect(checkPluginAgainstManifest(ledgerConnector, ledgerManifestWith())).toEqual([]);
  });

  it('rejects something that is not a plugin', () => {
    expect(checkPluginAgainstManifest({ key: 'ledger' }, ledgerManifestWith())).toEqual([
      'the entry does not export `connector` made by defineConnector()',
    ]);
  });

  it('names a key, operation or config field that differs from the manifest', () => {
    const manifest = ledgerManifestWith({
      connector_key: 'ledger2',
      config: {
        ...ledgerManifest.config,
        region: { type: 'string', required: true, description: 'Region.' },
      },
    });
    const problems = checkPluginAgainstManifest(ledgerConnector, manifest);
    expect(problems).toContain('code says key "ledger" but the manifest says "ledger2"');
    expect(problems).toContain(
      'config field "region" is in the manifest but not in the code\'s config schema',
    );
  });

  it('requires secret() in code exactly where the manifest says secret', () => {
    const manifest = ledgerManifestWith({
      config: {
        ...ledgerManifest.config,
        api_key: { ...ledgerManifest.config.api_key, type: 'string' },
      },
    });
    expect(checkPluginAgainstManifest(ledgerConnector, manifest)).toContain(
      'config field "api_key" is marked secret() in code but is a string in the manifest',
    );
  });
});
