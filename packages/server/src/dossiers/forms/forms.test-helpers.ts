/** Test helpers: poppler-utils (pdftotext, pdfinfo, pdfimages, pdffonts) on rendered PDFs. Not exported. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function withFile<T>(pdf: Buffer, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'congso-forms-'));
  try {
    const file = join(dir, 'form.pdf');
    writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The text of the PDF (or of one page) in content order (`pdftotext -raw`: the order the renderer wrote it,
 * so table cells stay whole), with whitespace runs collapsed.
 */
export function pdfText(pdf: Buffer, page?: number): string {
  return withFile(pdf, (file) => {
    const range = page ? ['-f', String(page), '-l', String(page)] : [];
    return execFileSync('pdftotext', ['-raw', ...range, file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  });
}

export interface PdfInfo {
  pages: number;
  width: number;
  height: number;
}

export function pdfInfo(pdf: Buffer): PdfInfo {
  return withFile(pdf, (file) => {
    const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(out)?.[1]);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out);
    return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
  });
}

/** Font names as pdffonts lists them, with whether they are embedded. */
export function pdfFonts(pdf: Buffer): { name: string; embedded: boolean }[] {
  return withFile(pdf, (file) => {
    const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    return lines.map((line) => {
      const cols = line.trim().split(/\s+/);
      // name type... encoding emb sub uni object ID
      return { name: cols[0] ?? '', embedded: cols[cols.length - 5] === 'yes' };
    });
  });
}

/** The 1-bit images of the PDF (pdfimages writes them as PBM): width, height and a pixel reader (true = black). */
export function pdfBitmaps(pdf: Buffer): { width: number; height: number; black: (x: number, y: number) => boolean }[] {
  return withFile(pdf, (file, dir) => {
    const out = join(dir, 'img');
    mkdirSync(out);
    execFileSync('pdfimages', [file, join(out, 'i')]);
    return readdirSync(out)
      .filter((f) => f.endsWith('.pbm'))
      .sort()
      .map((f) => {
        const data = readFileSync(join(out, f));
        // "P4\n<w> <h>\n" then rows of packed bits, 1 = black.
        const header = /^P4\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'));
        if (!header) throw new Error(`not a binary PBM: ${f}`);
        const width = Number(header[1]);
        const height = Number(header[2]);
        const offset = header[0].length;
        const rowBytes = Math.ceil(width / 8);
        const black = (x: number, y: number) =>
          ((data[offset + y * rowBytes + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
        return { width, height, black };
      });
  });
}

/** A5 and A4 in points (pdfinfo rounds to 2 decimals). */
export const A5 = { width: 419.53, height: 595.28 };
export const A4 = { width: 595.28, height: 841.89 };
