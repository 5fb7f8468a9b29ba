import { extractTextLines } from './pdfContentText';
import { PdfFormatError, readPdfPages } from './pdfDocument';
import { buildMinimalPdf } from './minimalPdf';

describe('PDF text extraction', () => {
  it('reads Tj, TJ and quote operators, escapes and hex strings, one entry per text line', () => {
    const content = Buffer.from(
      [
        'BT /F1 12 Tf 72 720 Td (Clause \\(a\\): fees\\056) Tj',
        '0 -14 Td [(Ker) -20 (ning) -300 (gap)] TJ',
        "T* (quoted line) '",
        '0 -14 Td <48656C6C6F> Tj 20 0 Td (same line) Tj ET',
        '% a comment (not text) Tj',
      ].join('\n'),
      'latin1',
    );
    expect(extractTextLines(content)).toEqual([
      'Clause (a): fees.',
      'Kerning gap',
      'quoted line',
      'Hello same line',
    ]);
  });

  it('finds pages in Kids order and inflates FlateDecode streams', () => {
    const pdf = buildMinimalPdf([['first page'], ['second page']], { compress: true });
    const pages = readPdfPages(pdf);
    expect(pages.map((streams) => streams.flatMap(extractTextLines))).toEqual([
      ['first page'],
      ['second page'],
    ]);
  });

  it('refuses a file without a PDF header', () => {
    expect(() => readPdfPages(Buffer.from('hello'))).toThrow(PdfFormatError);
  });
});
