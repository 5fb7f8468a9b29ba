import { withServerHandle, type ServerHandle } from '../../http/serverHandle';
import { SimulatorServer } from '../../http/simulatorServer';
import type { SideEffectCounters } from '../../http/sideEffectCounters';
import type { SimRequest, SimResponse } from '../../http/types';
import { sameSecret } from '../../http/sameSecret';
import type { DocumentElement } from './documentElements';
import { parseMultipartForm } from './multipartForm';
import type { MultipartForm } from './multipartForm';
import { detectFiletype, isSupportedFiletype, partitionDocument } from './partitionDocument';
import { PdfFormatError } from './pdfDocument';

export interface UnstructuredSimulatorOptions {
  /** Expected `unstructured-api-key`; null turns auth off like a self-hosted API (default a fixed key). */
  apiKey?: string | null;
  seed?: number;
}

export interface UnstructuredSimulator extends ServerHandle {
  /** POST `${baseUrl}/general/v0/general`. */
  readonly baseUrl: string;
  readonly apiKey: string | null;
  /** `documents_partitioned` (one per file partitioned). */
  readonly counters: SideEffectCounters;
  reset(): void;
}

const STRATEGIES = ['fast', 'hi_res', 'auto', 'ocr_only'];
const PARTITION_ROUTE = 'unstructured.partition';
const HEALTH_ROUTE = 'unstructured.healthcheck';

function detail(status: number, value: unknown): SimResponse {
  return { status, body: { detail: value } };
}

/** FastAPI/pydantic v2 validation error for one form field. */
function validationError(item: Record<string, unknown>): SimResponse {
  return detail(422, [item]);
}

async function partition(
  req: SimRequest,
  counters: () => SideEffectCounters,
): Promise<SimResponse> {
  const contentType = req.headers['content-type'] ?? '';
  // FastAPI reads a body that is not multipart as a form without fields (so: files missing).
  let form: MultipartForm = { fields: {}, files: [] };
  if (/^multipart\/form-data/i.test(contentType)) {
    try {
      form = await parseMultipartForm(contentType, req.rawBody);
    } catch {
      return detail(400, 'There was an error parsing the body');
    }
  }
  const files = form.files.filter((file) => file.field === 'files');
  if (files.length === 0) {
    return validationError({
      type: 'missing',
      loc: ['body', 'files'],
      msg: 'Field required',
      input: null,
    });
  }
  const strategy = form.fields.strategy?.[0] ?? 'auto';
  if (!STRATEGIES.includes(strategy)) {
    const expected = "'fast', 'hi_res', 'auto' or 'ocr_only'";
    return validationError({
      type: 'enum',
      loc: ['body', 'strategy'],
      msg: `Input should be ${expected}`,
      input: strategy,
      ctx: { expected },
    });
  }
  const languages = form.fields['languages[]'] ?? form.fields.languages ?? ['eng'];
  const results: DocumentElement[][] = [];
  for (const file of files) {
    const filetype = detectFiletype(
      file.filename,
      file.mimeType,
      file.data,
      form.fields.content_type?.[0],
    );
    // Decision: an unsupported type is 400 with a FastAPI `detail` string, as the hosted API does.
    if (!isSupportedFiletype(filetype)) {
      return detail(
        400,
        `Unable to process ${file.filename}: File type ${filetype} is not supported.`,
      );
    }
    try {
      results.push(partitionDocument(file.data, { filename: file.filename, filetype, languages }));
    } catch (error) {
      if (error instanceof PdfFormatError) {
        return detail(400, `${file.filename} does not appear to be a valid PDF`);
      }
      throw error;
    }
  }
  counters().increment('documents_partitioned', results.length);
  // One file: the element array; several: one array per file, as the API answers.
  return { status: 200, body: results.length === 1 ? results[0] : results };
}

/** The Unstructured Partition API (`/general/v0/general`) for text and simple PDFs. */
export function createUnstructuredSimulator(
  options: UnstructuredSimulatorOptions = {},
): UnstructuredSimulator {
  const apiKey = options.apiKey === undefined ? 'unstructured-sim-key' : options.apiKey;

  // The 401 bodies are not documented [U]; these follow FastAPI's {"detail": "..."} shape.
  const authenticate = (req: SimRequest): SimResponse | null => {
    if (apiKey === null || req.routeId === HEALTH_ROUTE) return null;
    const presented = req.headers['unstructured-api-key'];
    if (presented === undefined)
      return detail(401, 'API key is missing, please provide an API key in the header.');
    return sameSecret(presented, apiKey) ? null : detail(401, 'API key is invalid');
  };

  const server: SimulatorServer = new SimulatorServer({
    name: 'unstructured',
    seed: options.seed,
    routes: [
      {
        id: PARTITION_ROUTE,
        method: 'POST',
        path: '/general/v0/general',
        handler: (req) => partition(req, () => server.counters),
      },
      {
        id: HEALTH_ROUTE,
        method: 'GET',
        path: '/healthcheck',
        handler: () => ({
          status: 200,
          body: { healthcheck: 'HEALTHCHECK STATUS: EVERYTHING OK!' },
        }),
      },
    ],
    authenticate,
    expiredTokenResponse: () => detail(401, 'API key is invalid'),
    errorResponse: (status) =>
      detail(
        status,
        status === 404
          ? 'Not Found'
          : status === 429
            ? 'Too Many Requests'
            : `simulated status ${status}`,
      ),
  });

  return withServerHandle<Omit<UnstructuredSimulator, keyof ServerHandle>>(server, {
    apiKey,
  });
}
