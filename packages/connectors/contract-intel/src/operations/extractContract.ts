import { defineOperation, safe, vendorRequest, z } from '@dealix/connector-core';
import type { ContractIntelContext } from '../connectorConfig';
import { countPages } from '../document/pageCount';
import {
  DOCUMENT_CONTENT_TYPES,
  contentMismatch,
  decodeDocument,
  documentBase64,
  documentFilename,
  documentSha256,
  type DocumentContentType,
} from '../document/documentFile';
import { contractSummary } from '../extraction/contractSummary';
import { extractClauses } from '../extraction/extractClauses';
import { partitionAnswer, partitionElement } from '../partitionElements';
import { PARTITION_PATH, unstructuredApi } from '../unstructuredApi';

/** The partition service's strategies (hi_res and ocr_only read scans; fast reads text only). */
export const STRATEGIES = ['auto', 'fast', 'hi_res', 'ocr_only'] as const;

export const extractContractInput = z
  .object({
    /** The document's bytes, base64; at most 10 MiB decoded. */
    document_base64: documentBase64,
    filename: documentFilename,
    content_type: safe(z.enum(DOCUMENT_CONTENT_TYPES)),
    strategy: safe(z.enum(STRATEGIES)).default('auto'),
    /** Tesseract language codes for OCR (`eng`, `ara`); the service detects them when absent. */
    languages: safe(z.array(z.string().regex(/^[a-z]{3}$/)).max(8)).optional(),
  })
  .superRefine((input, ctx) => {
    const problem = contentMismatch(
      decodeDocument(input.document_base64),
      input.content_type,
      input.filename,
    );
    if (problem !== undefined)
      ctx.addIssue({ code: 'custom', path: ['document_base64'], message: problem });
  });

export const extractContractOutput = z.object({
  /** What was partitioned: safe to show (audit records keep the digest and counts). */
  document: z.object({
    sha256: safe(z.string().regex(/^[0-9a-f]{64}$/)),
    size_bytes: safe(z.number().int().nonnegative()),
    page_count: safe(z.number().int().nonnegative().nullable()),
    content_type: safe(z.enum(DOCUMENT_CONTENT_TYPES)),
    filename: z.string(),
  }),
  elements: z.array(partitionElement),
  summary: contractSummary,
});

type ExtractInput = z.output<typeof extractContractInput>;

/** What is shown of the file, never its text: digest, size and pages. */
function documentFacts(bytes: Buffer, contentType: DocumentContentType) {
  return {
    sha256: documentSha256(bytes),
    size_bytes: bytes.length,
    page_count: countPages(bytes, contentType),
  };
}

/** The approver sees the file, never its text: name, type, size, pages and digest. */
function previewDocument(input: ExtractInput) {
  const facts = documentFacts(decodeDocument(input.document_base64), input.content_type);
  return {
    filename: input.filename,
    content_type: input.content_type,
    size_bytes: facts.size_bytes,
    page_count: facts.page_count,
    document_sha256: facts.sha256,
  };
}

/**
 * POST /general/v0/general with the document as multipart `files`, then the clause
 * extraction on the elements. A write (it is billed per page): under the caller's
 * Idempotency-Key a repeat replays the stored, sealed result instead of uploading again.
 */
export const extractContract = defineOperation({
  input: extractContractInput,
  output: extractContractOutput,
  preview: previewDocument,
  run: async (input, ctx: ContractIntelContext) => {
    const bytes = decodeDocument(input.document_base64);
    const elements = await vendorRequest(ctx, {
      ...unstructuredApi(ctx),
      method: 'POST',
      url: PARTITION_PATH,
      multipart: {
        files: { content: bytes, filename: input.filename, contentType: input.content_type },
        strategy: input.strategy,
        // The partition API's form name for the list, one part per language.
        ...(input.languages !== undefined && { 'languages[]': input.languages }),
      },
      schema: partitionAnswer,
    });
    // The bytes decoded once for the upload serve the digest and counts too.
    return {
      document: {
        ...documentFacts(bytes, input.content_type),
        content_type: input.content_type,
        filename: input.filename,
      },
      elements,
      summary: extractClauses(elements),
    };
  },
});
