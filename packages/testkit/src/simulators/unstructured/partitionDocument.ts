import { classifyLine, toElements } from './documentElements';
import type { DocumentElement, DocumentInfo, TextPiece } from './documentElements';
import { extractTextLines } from './pdfContentText';
import { readPdfPages } from './pdfDocument';
import { partitionText } from './textPartitioner';

/** File types the simulator partitions, by MIME type. */
export const SUPPORTED_FILETYPES = ['text/plain', 'text/markdown', 'application/pdf'] as const;
export type SupportedFiletype = (typeof SUPPORTED_FILETYPES)[number];

const BY_EXTENSION: Record<string, SupportedFiletype> = {
  txt: 'text/plain',
  text: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  pdf: 'application/pdf',
};

/**
 * The file's type: an explicit `content_type` field, else the part's MIME type unless generic,
 * else the extension, else the PDF magic bytes. Returns the detected MIME type even when
 * unsupported, so the error can name it.
 */
export function detectFiletype(
  filename: string,
  partMimeType: string,
  data: Buffer,
  override?: string,
): string {
  if (override !== undefined && override !== '') return override;
  const mime = partMimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime !== '' && mime !== 'application/octet-stream') return mime;
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  if (extension !== undefined && BY_EXTENSION[extension] !== undefined)
    return BY_EXTENSION[extension];
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return mime === '' ? 'application/octet-stream' : mime;
}

export function isSupportedFiletype(filetype: string): filetype is SupportedFiletype {
  return (SUPPORTED_FILETYPES as readonly string[]).includes(filetype);
}

/** Partitions one file into elements. Throws PdfFormatError for a PDF it cannot read. */
export function partitionDocument(
  data: Buffer,
  info: DocumentInfo & { filetype: SupportedFiletype },
): DocumentElement[] {
  let pieces: TextPiece[];
  if (info.filetype === 'application/pdf') {
    pieces = readPdfPages(data).flatMap((streams, index) =>
      streams.flatMap(extractTextLines).map((line) => classifyLine(line, index + 1)),
    );
  } else {
    pieces = partitionText(data.toString('utf8'));
  }
  return toElements(pieces, info);
}
