import { randomBytes } from 'node:crypto';

// Correlation ids must be unique, not unguessable: a random per-process prefix and a counter
// cost far less per call than a random UUID.
const PROCESS_PREFIX = randomBytes(6).toString('hex');
let counter = 0;

/** A new correlation id, unique across processes (random prefix) and calls (counter). */
export function newCorrelationId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${PROCESS_PREFIX}-${counter.toString(36)}`;
}
