import type { DocumentContentType } from './documentFile';

const PAGE_OBJECT = /\/Type\s*\/Page(?![A-Za-z])/g;

/**
 * The number of pages, for the approver's preview, without parsing the document: a PDF's page
 * objects; a text file's pages separated by form feeds. Null for a PDF whose page objects sit
 * in compressed object streams (the partition answer's page numbers tell afterwards).
 */
export function countPages(bytes: Buffer, contentType: DocumentContentType): number | null {
  if (contentType !== 'application/pdf') {
    const pages = bytes.toString('utf8').split('\f');
    return Math.max(1, pages.filter((page) => page.trim().length > 0).length);
  }
  const objects = bytes.toString('latin1').match(PAGE_OBJECT)?.length ?? 0;
  return objects > 0 ? objects : null;
}
