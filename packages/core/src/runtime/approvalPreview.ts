import type { AnyOperation } from '../contract/defineConnector';
import { scrubString } from '../secrets';

const MAX_TEXT = 200;

/**
 * Runs an operation's preview(input) hook for an approval request: flat strings (at most 200
 * characters, secrets removed), finite numbers, booleans and null are kept. A hook that throws
 * or returns anything else leaves a `preview_error` the approver sees instead: a connector bug
 * must not block the request, nor reveal more than it should.
 */
export function computePreview(
  def: AnyOperation,
  input: unknown,
  secrets: readonly string[],
): Record<string, unknown> | undefined {
  if (typeof def.preview !== 'function') return undefined;
  let values: unknown;
  try {
    values = def.preview(input);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      preview_error: `preview() threw: ${scrubString(message, secrets).slice(0, MAX_TEXT)}`,
    };
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return { preview_error: 'preview() must return an object of flat values' };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string') out[key] = scrubString(value, secrets).slice(0, MAX_TEXT);
    else if (typeof value === 'boolean' || value === null) out[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
    else return { preview_error: `preview() returned "${key}", which is not a flat value` };
  }
  return out;
}
