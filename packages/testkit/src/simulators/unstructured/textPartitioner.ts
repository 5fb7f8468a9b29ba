import { classifyLine, isListLine, looksLikeTitle } from './documentElements';
import type { TextPiece } from './documentElements';

/**
 * Plain text: blocks separated by blank lines. A block of list lines gives one ListItem per
 * line; a single short line without final punctuation is a Title; anything else is one
 * NarrativeText with its lines joined by spaces. A form feed (U+000C, as pdftotext and printers
 * write it) starts the next page.
 */
export function partitionText(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\f')
    .forEach((page, index) => partitionPage(page, index + 1, pieces));
  return pieces;
}

function partitionPage(text: string, page: number, pieces: TextPiece[]): void {
  const blocks = text.split(/\r?\n[ \t]*\r?\n/);
  for (const block of blocks) {
    const lines = block
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    if (lines.length === 0) continue;
    if (lines.every(isListLine)) {
      for (const line of lines) pieces.push(classifyLine(line, page));
      continue;
    }
    const joined = lines.join(' ');
    const type = lines.length === 1 && looksLikeTitle(joined) ? 'Title' : 'NarrativeText';
    pieces.push({ type, text: joined, page });
  }
}
