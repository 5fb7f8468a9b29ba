import type { RawHttpResponse } from './rawHttpRequest';

/**
 * A simulator that sends signed webhook deliveries of its vendor's named event types, so a
 * person (through the sandbox) or a test can try a host's webhook route without building and
 * signing a body by hand.
 */
export interface SignedEventSource {
  /** The vendor event types `deliverEvent` knows (Stripe `payment_intent.succeeded`...). */
  readonly webhookEventTypes: readonly string[];
  /** Sends a delivery of `type` with a sample object, signed as the vendor signs, to `url`. */
  deliverEvent(url: string, type: string): Promise<RawHttpResponse>;
}

/** The refusal of an event type a simulator does not deliver, naming the ones it does. */
export function unknownEventType(vendor: string, type: string, known: readonly string[]): Error {
  return new Error(
    `the ${vendor} simulator delivers no "${type}" event; it delivers ${known.join(', ')}`,
  );
}
