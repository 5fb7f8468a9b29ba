import { randomBytes } from 'node:crypto';

// Correlation ids must be unique, not unguessable: a random per-process prefix and a counter
// cost far less per call than a random UUID.
const PROCESS_PREFIX = randomBytes(6).toString('hex');
let counter = 0;

/**
 * What a correlation id may be: 1..128 printable ASCII characters. It is written into audit
 * records; a caller's `x-correlation-id` and one carried back on a callback URL both follow it.
 */
export function isCorrelationId(value: string): boolean {
  return CORRELATION_ID.test(value);
}

const CORRELATION_ID = /^[\x20-\x7e]{1,128}$/;

/** A new correlation id, unique across processes (random prefix) and calls (counter). */
export function newCorrelationId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${PROCESS_PREFIX}-${counter.toString(36)}`;
}
