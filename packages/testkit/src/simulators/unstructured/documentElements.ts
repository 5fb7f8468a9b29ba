import { createHash } from 'node:crypto';

export type ElementType = 'Title' | 'NarrativeText' | 'ListItem';

/** One element of the partition response (openapi.py Element schema). */
export interface DocumentElement {
  type: ElementType;
  element_id: string;
  text: string;
  metadata: {
    filename: string;
    filetype: string;
    languages: string[];
    page_number: number;
    parent_id?: string;
  };
}

/** A piece of text found on a page, before it becomes an element. */
export interface TextPiece {
  type: ElementType;
  text: string;
  page: number;
}

export interface DocumentInfo {
  filename: string;
  filetype: string;
  languages: string[];
}

const LIST_MARKER = /^(?:[-*•]\s+|\d+[.)]\s+)/;
const SENTENCE_END = /[.!?:;,]$/;
const TITLE_MAX_WORDS = 10;

export function isListLine(line: string): boolean {
  return LIST_MARKER.test(line);
}

export function stripListMarker(line: string): string {
  return line.replace(LIST_MARKER, '').trim();
}

/** A short line that does not end like a sentence reads as a heading. */
export function looksLikeTitle(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  return words.length > 0 && words.length <= TITLE_MAX_WORDS && !SENTENCE_END.test(text);
}

/** The element type of one line of text, list markers removed from the text. */
export function classifyLine(line: string, page: number): TextPiece {
  const text = line.trim();
  if (isListLine(text)) return { type: 'ListItem', text: stripListMarker(text), page };
  return { type: looksLikeTitle(text) ? 'Title' : 'NarrativeText', text, page };
}

/**
 * Pieces become elements with stable ids (sha256 of file, page, position and text, 32 hex chars
 * like unstructured's), and elements after a Title point to it as their parent.
 */
export function toElements(pieces: readonly TextPiece[], info: DocumentInfo): DocumentElement[] {
  let parentId: string | undefined;
  return pieces.map((piece, index) => {
    const elementId = createHash('sha256')
      .update(`${info.filename}\u0000${piece.page}\u0000${index}\u0000${piece.text}`)
      .digest('hex')
      .slice(0, 32);
    const metadata: DocumentElement['metadata'] = {
      filename: info.filename,
      filetype: info.filetype,
      languages: info.languages,
      page_number: piece.page,
    };
    if (piece.type === 'Title') {
      parentId = elementId;
    } else if (parentId !== undefined) {
      metadata.parent_id = parentId;
    }
    return { type: piece.type, element_id: elementId, text: piece.text, metadata };
  });
}
