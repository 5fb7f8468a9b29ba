import { sha256Hex } from '../digest/canonicalJson';

/**
 * An event id for a vendor that sends none (Cal.com deliveries, Twilio status callbacks), made
 * from the facts that identify the event (`CallSid`, `CallStatus`, `SequenceNumber`): the same
 * delivery again gets the same id, so the outbox stores it once and a replay adds nothing.
 */
export function derivedEventId(...parts: readonly (string | number)[]): string {
  return `derived:${sha256Hex(JSON.stringify(parts))}`;
}
