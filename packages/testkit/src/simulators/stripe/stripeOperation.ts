import type { SideEffectCounters } from '../../http/sideEffectCounters';
import type { SimRequest, SimResponse } from '../../http/types';
import type { StripeState } from './stripeState';

/** The part of a POST that runs once validation passed: its answer is saved under the key. */
export type StripeExecution = () => SimResponse;

/**
 * A Stripe POST: returns a SimResponse to reject before execution (not saved under an
 * idempotency key, so a corrected retry can reuse the key) or the execution to run.
 */
export type StripeOperation = (
  params: Record<string, unknown>,
  req: SimRequest,
) => SimResponse | StripeExecution;

export interface StripeContext {
  state: StripeState;
  counters: SideEffectCounters;
  /** The API version a request without a `Stripe-Version` header gets. */
  apiVersion: string;
}

export const STRIPE_COUNTERS = {
  paymentIntentsCreated: 'payment_intents_created',
  paymentIntentsCanceled: 'payment_intents_canceled',
  paymentIntentsCaptured: 'payment_intents_captured',
  refundsCreated: 'refunds_created',
} as const;
