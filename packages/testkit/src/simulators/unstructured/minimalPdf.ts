import { deflateSync } from 'node:zlib';

export interface MinimalPdfOptions {
  /** FlateDecode the content streams, as most real PDFs do (default false). */
  compress?: boolean;
}

/**
 * Builds a small valid PDF (PDF 1.4, Helvetica, correct xref offsets) with one text line per
 * entry, so tests can upload a real PDF without a PDF library.
 */
export function buildMinimalPdf(
  pages: readonly (readonly string[])[],
  options: MinimalPdfOptions = {},
): Buffer {
  const escape = (text: string): string => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const objects: string[] = [];
  const pageCount = pages.length;
  // Object numbers: 1 Catalog, 2 Pages, 3 Font, then a Page and its content per page.
  const pageIds = pages.map((_, index) => 4 + index * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageCount} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pages.forEach((lines, index) => {
    const pageId = pageIds[index] as number;
    const content = [
      'BT',
      '/F1 12 Tf',
      '72 720 Td',
      ...lines.map((line, i) => `${i === 0 ? '' : '0 -16 Td '}(${escape(line)}) Tj`),
      'ET',
    ].join('\n');
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    const data =
      options.compress === true
        ? deflateSync(Buffer.from(content, 'latin1'))
        : Buffer.from(content, 'latin1');
    const filter = options.compress === true ? ' /Filter /FlateDecode' : '';
    objects[pageId + 1] =
      `<< /Length ${data.length}${filter} >>\nstream\n${data.toString('latin1')}\nendstream`;
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id += 1) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id] ?? ''}\nendobj\n`;
  }
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id += 1) {
    out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  }
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
