import { DlxError, defineOperation, personal, z } from '@dealix/connector-core';
import { dataPath, salesforceRequest } from '../salesforceApi';
import { MAX_RECORDS_CEILING, type SalesforceOperationContext } from '../salesforceConfig';

/**
 * The longest SOQL sent, URL-encoded. It travels in the URL (`GET /query?q=`), and Salesforce
 * takes at most 16,384 bytes of URI and headers together (longer: 431 or 414, Salesforce help
 * article 000386264); the rest is left for the path and the headers.
 */
export const SOQL_ENCODED_MAX = 15_000;

export const queryInput = z.object({
  /** SOQL; WHERE clauses carry names and emails, so the text is personal. */
  soql: personal(
    z
      .string()
      .trim()
      .min(1)
      .max(100_000)
      .refine((soql) => encodeURIComponent(soql).length <= SOQL_ENCODED_MAX, {
        message: `must be at most ${SOQL_ENCODED_MAX} bytes once URL-encoded (it is sent in the URL, and Salesforce takes at most 16,384 bytes of URI and headers)`,
      }),
  ),
  /** Fewer records than the tenant's max_records; never more. */
  max_records: z.number().int().min(1).max(MAX_RECORDS_CEILING).optional(),
});

/** A record as Salesforce returns it: `attributes` (type, url), then the selected fields. */
const queriedRecord = personal(z.record(z.string(), z.unknown()));

export const queryOutput = z.object({
  /** How many records matched the query, as Salesforce counts them. */
  total_size: z.number().int().min(0),
  records: z.array(queriedRecord),
  /** The cap applied: the input's max_records, at most the tenant's. */
  max_records: z.number().int().min(1),
  /** True when more records matched than were returned (the cap stopped the paging). */
  capped: z.boolean(),
});

/** One batch of up to 2,000 records (resources_query). */
const queryBatch = z.object({
  totalSize: z.number().int().min(0),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(queriedRecord),
});
type QueryBatch = z.output<typeof queryBatch>;

/** The next batch's path, only where Salesforce puts query locators. */
const NEXT_RECORDS_PATH = /^\/services\/data\/v\d{2,3}\.0\/query\/[A-Za-z0-9-]+$/;

function nextRecordsPath(batch: QueryBatch): string {
  const next = batch.nextRecordsUrl;
  if (next === undefined || !NEXT_RECORDS_PATH.test(next)) {
    throw new DlxError(
      'DLX_E_RUNTIME_OUTPUT_INVALID',
      `salesforce: a query batch with done=false gave ${next === undefined ? 'no nextRecordsUrl' : 'a nextRecordsUrl outside /services/data/<version>/query/'}`,
      { mayHaveReachedVendor: true },
    );
  }
  return next;
}

/**
 * GET /query?q=<SOQL>, then GET <nextRecordsUrl> while Salesforce says more remain and fewer
 * than the cap are held. The cap is the input's max_records, at most the tenant's (the tenant
 * bounds what one call may pull); the answer says whether it stopped anything.
 */
export const query = defineOperation({
  input: queryInput,
  output: queryOutput,
  run: async (input, ctx: SalesforceOperationContext) => {
    const cap = Math.min(input.max_records ?? ctx.config.max_records, ctx.config.max_records);
    let batch = await salesforceRequest(ctx, {
      url: `${dataPath(ctx)}/query`,
      params: { q: input.soql },
      schema: queryBatch,
    });
    const totalSize = batch.totalSize;
    const records = [...batch.records];
    while (!batch.done && records.length < cap) {
      batch = await salesforceRequest(ctx, { url: nextRecordsPath(batch), schema: queryBatch });
      records.push(...batch.records);
    }
    return {
      total_size: totalSize,
      records: records.slice(0, cap),
      max_records: cap,
      capped: records.length > cap || !batch.done,
    };
  },
});
