import { invalidParam, stripeError } from './stripeErrors';
import type { SimResponse } from '../../http/types';

/**
 * Stripe's minimum charge per currency, in minor units (docs.stripe.com/currencies, "Minimum and
 * maximum charge amounts"; the same table as mozilla/fxa's STRIPE_MINIMUM_CHARGE_AMOUNTS and
 * Automattic/jetpack's SUPPORTED_CURRENCIES, both citing that page).
 */
export const STRIPE_MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
};

/** docs.stripe.com/currencies#zero-decimal: amounts in these are whole units. */
const ZERO_DECIMAL = new Set(
  'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '),
);

/** docs.stripe.com/api/metadata: up to 50 keys, keys up to 40 characters, values up to 500. */
export const STRIPE_METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;

/**
 * Stripe's amount_too_small, asked when a PaymentIntent is created. Stripe compares the amount,
 * converted, with the minimum of the account's settlement currency; the simulator has no
 * exchange rates, so it compares an amount with its own currency's minimum ([U] for a charge
 * currency other than the settlement currency) and knows no minimum for a currency outside
 * the table.
 */
export function belowMinimumCharge(amount: number, currency: string): SimResponse | undefined {
  const minimum = STRIPE_MINIMUM_CHARGE[currency];
  if (minimum === undefined || amount >= minimum) return undefined;
  const shown = ZERO_DECIMAL.has(currency) ? String(minimum) : (minimum / 100).toFixed(2);
  // Stripe's wording for a USD account ("Amount must be at least $0.50 usd").
  const symbol = currency === 'usd' ? '$' : '';
  return invalidParam(
    'amount',
    `Amount must be at least ${symbol}${shown} ${currency}`,
    'amount_too_small',
  );
}

/** The metadata limits, checked on every object that takes metadata. Messages are [U]. */
export function metadataOverLimits(metadata: Record<string, string>): SimResponse | undefined {
  const keys = Object.keys(metadata);
  if (keys.length > STRIPE_METADATA_LIMITS.keys) {
    return invalidParam(
      'metadata',
      `Invalid metadata: metadata can have up to ${STRIPE_METADATA_LIMITS.keys} keys, but you passed in ${keys.length} keys.`,
    );
  }
  const longKey = keys.find((key) => key.length > STRIPE_METADATA_LIMITS.keyLength);
  if (longKey !== undefined) {
    return invalidParam(
      'metadata',
      `Invalid metadata: metadata keys can be at most ${STRIPE_METADATA_LIMITS.keyLength} characters long, but you passed in a key of ${longKey.length} characters.`,
    );
  }
  const longValue = keys.find(
    (key) => (metadata[key] ?? '').length > STRIPE_METADATA_LIMITS.valueLength,
  );
  if (longValue !== undefined) {
    return invalidParam(
      `metadata[${longValue}]`,
      `Invalid metadata: metadata values can be at most ${STRIPE_METADATA_LIMITS.valueLength} characters long, but you passed in a value of ${(metadata[longValue] ?? '').length} characters.`,
    );
  }
  return undefined;
}

/**
 * From API version 2023-08-16 a PaymentIntent created without payment_method_types has automatic
 * payment methods enabled, with redirects allowed (docs.stripe.com/upgrades#2023-08-16).
 * Confirming one then needs a return_url unless redirects are turned off.
 */
export function missingReturnUrl(
  params: Record<string, unknown>,
  apiVersion: string,
): SimResponse | undefined {
  if (params.return_url !== undefined || params.payment_method_types !== undefined)
    return undefined;
  const automatic = params.automatic_payment_methods as Record<string, unknown> | undefined;
  const enabled =
    automatic?.enabled === undefined ? apiVersion >= '2023-08-16' : automatic.enabled === 'true';
  if (!enabled || automatic?.allow_redirects === 'never') return undefined;
  return stripeError(
    400,
    {
      type: 'invalid_request_error',
      param: 'return_url',
      message:
        'You must provide a `return_url` when confirming using automatic_payment_methods[enabled]=true.',
    },
    false,
  );
}
