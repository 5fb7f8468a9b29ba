import type { SimResponse } from '../../http/types';
import { invalidParam, missingParam, stripeError } from './stripeErrors';
import { metadataOverLimits } from './stripeLimits';

/** A rejection (answered before execution, never saved under an idempotency key) or a value. */
export type Checked<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(response: SimResponse): Checked<T> => ({ ok: false, response });

export function rejectUnknownParams(
  params: Record<string, unknown>,
  allowed: readonly string[],
): SimResponse | null {
  const unknown = Object.keys(params).find((name) => !allowed.includes(name));
  if (unknown === undefined) return null;
  return stripeError(
    400,
    {
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: unknown,
      message: `Received unknown parameter: ${unknown}`,
    },
    false,
  );
}

export function readPositiveInteger(
  params: Record<string, unknown>,
  name: string,
  required: boolean,
): Checked<number | undefined> {
  const raw = params[name];
  if (raw === undefined) return required ? fail(missingParam(name)) : ok(undefined);
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) {
    return fail(invalidParam(name, `Invalid integer: ${String(raw)}`, 'parameter_invalid_integer'));
  }
  const value = Number(raw);
  if (value <= 0) {
    return fail(
      invalidParam(name, 'This value must be greater than or equal to 1.', 'amount_too_small'),
    );
  }
  return ok(value);
}

export function readOptionalString(
  params: Record<string, unknown>,
  name: string,
  allowedValues?: readonly string[],
): Checked<string | undefined> {
  const raw = params[name];
  if (raw === undefined) return ok(undefined);
  if (typeof raw !== 'string') return fail(invalidParam(name, `Invalid string: ${name}`));
  if (allowedValues !== undefined && !allowedValues.includes(raw)) {
    return fail(invalidParam(name, `Invalid ${name}: must be one of ${allowedValues.join(', ')}`));
  }
  return ok(raw);
}

export function readBoolean(params: Record<string, unknown>, name: string): Checked<boolean> {
  const raw = params[name];
  if (raw === undefined || raw === 'false') return ok(false);
  if (raw === 'true') return ok(true);
  return fail(invalidParam(name, `Invalid boolean: ${String(raw)}`));
}

export function readMetadata(params: Record<string, unknown>): Checked<Record<string, string>> {
  const raw = params.metadata;
  if (raw === undefined || raw === '') return ok({});
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(invalidParam('metadata', 'Invalid object'));
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') return fail(invalidParam(`metadata[${key}]`, 'Invalid string'));
    metadata[key] = value;
  }
  const over = metadataOverLimits(metadata);
  return over === undefined ? ok(metadata) : fail(over);
}
