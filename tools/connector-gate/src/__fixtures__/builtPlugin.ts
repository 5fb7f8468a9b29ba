import { z } from '@dealix/connector-core';
import type { TempRepo } from './tempRepo';
import { packageDir } from './tempRepo';

const CORE_ENTRY = require.resolve('@dealix/connector-core');

/**
 * Writes dist/index.js of a connector as a build would (a plugin made with core's
 * defineConnector), one operation per name, and commits-ready schemas rendered from it.
 */
export function writeBuiltPlugin(
  repo: TempRepo,
  key: string,
  operations: readonly string[],
  dir = packageDir(key),
): void {
  const ops = operations
    .map((op) => `    ${op}: defineOperation({ input, output, run: async () => ({ id: 'x' }) }),`)
    .join('\n');
  repo.write(
    `${dir}/dist/index.js`,
    `const { z, defineConnector, defineOperation, secret } = require(${JSON.stringify(CORE_ENTRY)});
const input = z.object({ amount: z.number().min(1), currency: z.string(), note: z.string().optional() });
const output = z.strictObject({ id: z.string() });
exports.connector = defineConnector({
  key: ${JSON.stringify(key)},
  config: z.object({ api_key: secret(z.string()), base_url: z.string().optional() }),
  operations: {
${ops}
  },
  healthCheck: async () => ({ status: 'ok' }),
});
`,
  );
}

// The same schemas as the plugin source above, so rendering them needs no require() of the
// plugin (which would leave a cached copy for the check under test to load).
const input = z.object({
  amount: z.number().min(1),
  currency: z.string(),
  note: z.string().optional(),
});
const output = z.strictObject({ id: z.string() });

/** Writes schemas/<op>.input.json and .output.json exactly as the built plugin renders them. */
export function writeRenderedSchemas(
  repo: TempRepo,
  operations: readonly string[],
  dir: string,
): void {
  for (const op of operations) {
    repo.writeJson(`${dir}/schemas/${op}.input.json`, z.toJSONSchema(input, { io: 'input' }));
    repo.writeJson(`${dir}/schemas/${op}.output.json`, z.toJSONSchema(output, { io: 'output' }));
  }
}
