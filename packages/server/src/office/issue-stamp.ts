/**
 * Where the office's signatures and the issue's print go on a document's PDF, found in its text (`pdfjs-dist`):
 * - the signer's signature: above the last line that is the signer's full name (between title and name, as
 *   Nghị định 30/2020 Phụ lục I draws it);
 * - the issue (number, notation, date): on a draft composed in the app, printed where the renderer left
 *   "Số: …/…" and "…, ngày … tháng … năm …" blank (the blank line covered, the filled one written at its place);
 *   on another PDF (an uploaded draft), a box at the top right of page 1 with the agency, the number and notation
 *   and the time, as the decree describes for attachments.
 * The print is one page-sized overlay that the agency's seal signs in the same incremental update.
 */

import PDFDocument from 'pdfkit';
import { formatPlaceDate } from '../dossiers/forms/format';
import { fonts } from '../dossiers/forms/layout';
import { drawAttachmentStamp, PageAppearance } from '../signing/pades/appearance';
import type { PageOverlay, Rect } from '../signing/pades/placeholder';
import { openPdf } from './pdfjs';

interface TextItem {
  /** 0-based. */
  page: number;
  str: string;
  x: number;
  /** The baseline, PDF points from the bottom. */
  y: number;
  width: number;
  size: number;
}

interface PageText {
  count: number;
  /** [x1, y1, x2, y2] of each page read. */
  boxes: Map<number, Rect>;
  items: TextItem[];
}

async function readText(pdf: Buffer, which: (count: number) => number[]): Promise<PageText> {
  const doc = await openPdf(pdf);
  try {
    const boxes = new Map<number, Rect>();
    const items: TextItem[] = [];
    for (const index of new Set(which(doc.numPages))) {
      if (index < 0 || index >= doc.numPages) continue;
      const page = await doc.getPage(index + 1);
      boxes.set(index, page.view as Rect);
      for (const item of (await page.getTextContent()).items) {
        if (!('str' in item) || !item.str.trim()) continue;
        const [a = 0, b = 0, , , e = 0, f = 0] = item.transform as number[];
        items.push({
          page: index,
          str: item.str.normalize('NFC'),
          x: e,
          y: f,
          width: item.width,
          size: Math.hypot(a, b),
        });
      }
      page.cleanup();
    }
    return { count: doc.numPages, boxes, items };
  } finally {
    await doc.destroy();
  }
}

const fold = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');

/** The signer's image: above the last line holding just the signer's name (last page first); null if none. */
export async function signatureRectFor(pdf: Buffer, fullName: string): Promise<{ page: number; rect: Rect } | null> {
  const name = fold(fullName);
  if (!name) return null;
  try {
    const text = await readText(pdf, (n) => [n - 1, n - 2]);
    const hits = text.items.filter((i) => fold(i.str) === name);
    const last = hits.sort((a, b) => b.page - a.page || a.y - b.y)[0];
    if (!last) return null;
    const centre = last.x + last.width / 2;
    const bottom = last.y + last.size + 1;
    return { page: last.page, rect: [centre - 80, bottom, centre + 80, bottom + 44] };
  } catch {
    return null;
  }
}

export interface IssuePrint {
  agencyName: string;
  /** `01/STP-HCTP`. */
  notation: string;
  /** YYYY-MM-DD, the signing date. */
  issuedDate: string;
  issuedAt: Date;
}

const NUMBER_BLANK = /^Số:\s*\.{3,}/;
const DATE_BLANK = /^(.*?),?\s*ngày\s*\.{3,}\s*tháng\s*\.{3,}\s*năm\s*\.{3,}\s*$/;

/** Noon in Vietnam on a YYYY-MM-DD date (what the date line prints). */
const dateOf = (key: string) => new Date(`${key}T05:00:00Z`);

/** Where page 1 of a PDF takes the issue's print, read once (before the issuing transaction). */
export interface IssueLayout {
  box: Rect;
  /** The composed draft's blank lines, when both are found. */
  blanks: { number: TextItem; date: TextItem } | null;
}

export async function issueLayoutOf(pdf: Buffer): Promise<IssueLayout> {
  const text = await readText(pdf, () => [0]);
  const firstPage = text.items.filter((i) => i.page === 0);
  const number = firstPage.find((i) => NUMBER_BLANK.test(i.str));
  const date = firstPage.find((i) => DATE_BLANK.test(i.str));
  return { box: text.boxes.get(0) ?? [0, 0, 595.28, 841.89], blanks: number && date ? { number, date } : null };
}

/** The page-sized overlay of page 1 that prints the issue: in the composed draft's blanks, or in a box. */
export async function issueOverlay(layout: IssueLayout, print: IssuePrint): Promise<PageOverlay> {
  const [x1, y1, x2, y2] = layout.box;
  const width = x2 - x1;
  const height = y2 - y1;
  const f = fonts();
  const doc = new PDFDocument({ size: [width, height], margin: 0, info: {} } as PDFKit.PDFDocumentOptions);
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  doc.registerFont('italic', f.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  /** Covers a blank line and writes its filled text centred at the same place, on the same baseline. */
  const fill = (line: TextItem, value: string, font: 'regular' | 'italic') => {
    const top = height - (line.y - y1) - line.size * 1.02;
    doc
      .save()
      .rect(line.x - x1 - 2, top, line.width + 4, line.size * 1.3)
      .fill('#ffffff')
      .restore();
    doc.font(font).fontSize(line.size).fillColor('#000000');
    const w = doc.widthOfString(value);
    const centre = line.x - x1 + line.width / 2;
    doc.text(value, centre - w / 2, height - (line.y - y1), { lineBreak: false, baseline: 'alphabetic' });
  };
  if (layout.blanks) {
    fill(layout.blanks.number, `Số: ${print.notation}`, 'regular');
    const place = DATE_BLANK.exec(layout.blanks.date.str)?.[1]?.trim() || '..........';
    fill(layout.blanks.date, formatPlaceDate(place, dateOf(print.issuedDate)), 'italic');
  } else {
    const boxWidth = Math.min(210, width - 28);
    const boxHeight = 40;
    doc.save().translate(width - 14 - boxWidth, 8);
    drawAttachmentStamp(
      doc,
      { agencyName: print.agencyName, notation: print.notation, signedAt: print.issuedAt },
      boxWidth,
      boxHeight,
    );
    doc.restore();
  }
  doc.end();
  return { page: 0, x: x1, y: y1, appearance: new PageAppearance(await done, width, height) };
}
