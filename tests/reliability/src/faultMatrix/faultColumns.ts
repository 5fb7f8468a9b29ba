import type { ErrorCode } from '@dealix/connector-core';
import type { Fault, SmtpFault } from '@dealix/connector-testkit';

/** What a fault tells the runtime, whatever the protocol that carried it. */
export interface FaultMeaning {
  /** The error the connector must turn it into. */
  code: ErrorCode;
  /** Whether the runtime may try again (subject to idempotency and retry_max). */
  retryable: boolean;
  /** Whether the request may have reached the vendor (then a non-idempotent write is not re-sent). */
  mayHaveReached: boolean;
  /** Whether the vendor performed the side effect before the failure. */
  vendorActed: boolean;
  /** The wait the vendor asked for, in ms, that the retry must honour. */
  askedWaitMs: number;
  /** An auth failure: a connector with a token source refreshes it once and runs again. */
  auth?: true;
}

/**
 * One column of the fault matrix: the fault as an HTTP simulator and as the SMTP simulator
 * inject it (null: the protocol cannot express it, the cell shows "—"), and what it means.
 */
export interface FaultColumn {
  id: string;
  title: string;
  http: { fault: Fault; meaning: FaultMeaning } | null;
  smtp: { fault: SmtpFault; meaning: FaultMeaning } | null;
}

/** The wait a 503 or 429 asks for: real seconds on the virtual clock, so it costs nothing. */
export const ASKED_WAIT_SECONDS = 2;
/** How long a slow vendor holds an answer: past any attempt timeout the matrix runs with. */
const SLOW_MS = 30_000;

const transientAnswer: FaultMeaning = {
  code: 'DLX_E_VENDOR_TRANSIENT',
  retryable: true,
  mayHaveReached: true,
  vendorActed: false,
  askedWaitMs: 0,
};
const lostConnection: FaultMeaning = {
  code: 'DLX_E_VENDOR_NETWORK',
  retryable: true,
  mayHaveReached: true,
  vendorActed: false,
  askedWaitMs: 0,
};
const rateLimited: FaultMeaning = {
  code: 'DLX_E_VENDOR_RATE_LIMITED',
  retryable: true,
  mayHaveReached: false,
  vendorActed: false,
  askedWaitMs: ASKED_WAIT_SECONDS * 1000,
};
const timedOut: FaultMeaning = {
  code: 'DLX_E_RUNTIME_TIMEOUT',
  retryable: true,
  mayHaveReached: true,
  vendorActed: false,
  askedWaitMs: 0,
};
const expiredAuth: FaultMeaning = {
  code: 'DLX_E_VENDOR_AUTH',
  retryable: false,
  mayHaveReached: false,
  vendorActed: false,
  askedWaitMs: 0,
  auth: true,
};

/** The columns, in the order of the issue: every connector × each of these. */
export const FAULT_COLUMNS: readonly FaultColumn[] = [
  {
    id: 'status_500',
    title: '500',
    http: { fault: { kind: 'status', status: 500 }, meaning: transientAnswer },
    smtp: null,
  },
  {
    id: 'status_503',
    title: '503 + Retry-After',
    http: {
      fault: {
        kind: 'status',
        status: 503,
        headers: { 'Retry-After': String(ASKED_WAIT_SECONDS) },
      },
      meaning: { ...transientAnswer, askedWaitMs: ASKED_WAIT_SECONDS * 1000 },
    },
    smtp: null,
  },
  {
    id: 'rate_limited',
    title: '429 + wait (SMTP 451)',
    http: {
      fault: { kind: 'rate_limit', retryAfterSeconds: ASKED_WAIT_SECONDS },
      meaning: rateLimited,
    },
    // SMTP's rate limits (421/451/452) ask no particular wait.
    smtp: { fault: { command: 'MAIL', code: 451 }, meaning: { ...rateLimited, askedWaitMs: 0 } },
  },
  {
    id: 'slow',
    title: 'slow past timeout',
    http: { fault: { kind: 'delay', ms: SLOW_MS }, meaning: timedOut },
    smtp: { fault: { kind: 'delay', command: 'DATA', ms: SLOW_MS }, meaning: timedOut },
  },
  {
    id: 'reset_before',
    title: 'reset before processing',
    http: { fault: { kind: 'reset' }, meaning: lostConnection },
    // The message was sent in full, then the connection dropped: the client cannot tell.
    smtp: { fault: { kind: 'drop', command: 'DATA' }, meaning: lostConnection },
  },
  {
    id: 'reset_after',
    title: 'reset after processing',
    http: {
      fault: { kind: 'reset_after_processing' },
      meaning: { ...lostConnection, vendorActed: true },
    },
    smtp: { fault: { kind: 'drop_after_data' }, meaning: { ...lostConnection, vendorActed: true } },
  },
  {
    id: 'malformed',
    title: 'malformed body',
    // A 200 whose JSON is cut off: core reads it as an answer damaged on the way (transient,
    // may have reached the vendor), not as the vendor's considered reply.
    http: { fault: { kind: 'malformed' }, meaning: transientAnswer },
    smtp: null,
  },
  {
    id: 'expired_auth',
    title: 'expired auth',
    http: { fault: { kind: 'expired_token' }, meaning: expiredAuth },
    smtp: { fault: { command: 'AUTH', code: 535 }, meaning: expiredAuth },
  },
];
