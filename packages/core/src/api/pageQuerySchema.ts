import { z } from 'zod';
import { MAX_OUTBOX_CURSOR_LENGTH } from '../stores/outboxCursor';

const whole = (what: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .refine(Number.isSafeInteger, `must be ${what}`);

const pageLimit = whole('an integer from 1')
  .refine((n) => n >= 1, 'must be an integer from 1')
  .transform((n) => Math.min(n, 1000))
  .optional()
  .describe('At most this many (default 100; 1000 at most).');

/**
 * `?after=&limit=` of a read paged by seq (audit records): `after` a seq (integer >= 0, default
 * 0), `limit` 1.. (default 100, at most 1000 are returned).
 */
export const pageQuerySchema = z.object({
  after: whole('an integer >= 0').optional().describe('Return what comes after this seq.'),
  limit: pageLimit,
});

/**
 * `?after=&limit=` of the outbox: `after` the opaque cursor of the last event read (its
 * `next_after`; absent, empty or `0` for the oldest event kept), checked by the store that gave
 * it out; `limit` as for every page.
 */
export const cursorPageQuerySchema = z.object({
  after: z
    .string()
    .max(MAX_OUTBOX_CURSOR_LENGTH, `must be a cursor this outbox gave out (next_after)`)
    .transform((cursor) => (cursor === '' ? undefined : cursor))
    .optional()
    .describe(
      'The cursor of the last event read (next_after): an opaque string, never computed; absent for the oldest event kept.',
    ),
  limit: pageLimit,
});

export type PageQuery = z.output<typeof pageQuerySchema>;
export type CursorPageQuery = z.output<typeof cursorPageQuerySchema>;
