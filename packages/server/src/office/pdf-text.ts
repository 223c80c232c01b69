/**
 * The text of a PDF for search (`pdfjs-dist`, the legacy build that runs in Node, through ./pdfjs.ts): the pages' text in
 * content order, capped. A PDF pdf.js cannot read (a scan without text, a damaged file) gives ''.
 */
import { openPdf } from './pdfjs';

export const MAX_EXTRACTED_TEXT = 200_000;
const MAX_PAGES = 200;

export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  try {
    const doc = await openPdf(bytes);
    try {
      let text = '';
      for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES) && text.length < MAX_EXTRACTED_TEXT; n++) {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        for (const item of content.items) {
          if (!('str' in item)) continue;
          text += item.str.replace(/\0/g, '');
          text += item.hasEOL ? '\n' : '';
        }
        text += '\n';
        page.cleanup();
      }
      return text
        .normalize('NFC')
        .replace(/[ \t]+/g, ' ')
        .trim()
        .slice(0, MAX_EXTRACTED_TEXT);
    } finally {
      await doc.destroy();
    }
  } catch {
    return '';
  }
}
