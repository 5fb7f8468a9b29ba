import { z } from 'zod';

const whole = (what: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .refine(Number.isSafeInteger, `must be ${what}`);

/**
 * `?after=&limit=` of a paged read (outbox events, audit records): `after` a cursor or seq
 * (integer >= 0, default 0), `limit` 1.. (default 100, at most 1000 are returned).
 */
export const pageQuerySchema = z.object({
  after: whole('an integer >= 0').optional().describe('Return what comes after this cursor.'),
  limit: whole('an integer from 1')
    .refine((n) => n >= 1, 'must be an integer from 1')
    .transform((n) => Math.min(n, 1000))
    .optional()
    .describe('At most this many (default 100; 1000 at most).'),
});

export type PageQuery = z.output<typeof pageQuerySchema>;
