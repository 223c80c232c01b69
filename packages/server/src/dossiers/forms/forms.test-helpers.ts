/**
 * Test helpers: what a rendered PDF holds (its text, page sizes, fonts and 1-bit images), read with pdf.js
 * (`pdfjs-dist`, the legacy build that runs in Node) and no program of the system. Not exported.
 */
import { getDocument, ImageKind, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

type PdfDocument = Awaited<ReturnType<typeof getDocument>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

export interface PdfBitmap {
  width: number;
  height: number;
  /** true = black. */
  black: (x: number, y: number) => boolean;
}

interface ReadPdf {
  pages: { width: number; height: number; text: string }[];
  fonts: { name: string; embedded: boolean }[];
  bitmaps: PdfBitmap[];
}

/** An object of the page (image) or of the document (font), once pdf.js has resolved it. */
function resolved<T>(objects: PdfPage['objs'] | PdfPage['commonObjs'], id: string): Promise<T> {
  return new Promise((resolve) => objects.get(id, (value: unknown) => resolve(value as T)));
}

/**
 * The page's text in content order (the order the renderer wrote it, so table cells stay whole), a line
 * break after each line. Glyphs without a Unicode value (characters the font lacks, printed as its blank
 * glyph) are left out, as `pdftotext -raw` does.
 */
async function pageText(page: PdfPage): Promise<string> {
  const content = await page.getTextContent();
  let text = '';
  for (const item of content.items) {
    if (!('str' in item)) continue;
    text += item.str.replace(/\0/g, '');
    if (item.hasEOL) text += '\n';
  }
  return text;
}

interface PdfImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** A 1-bit image: pdf.js keeps it packed, rows padded to whole bytes, 1 = white (DeviceGray's 1.0). */
function bitmapOf(image: PdfImage): PdfBitmap | null {
  if (image.kind !== ImageKind.GRAYSCALE_1BPP || !image.data) return null;
  const { width, height, data } = image;
  const rowBytes = Math.ceil(width / 8);
  if (data.length !== rowBytes * height) throw new Error(`1-bit image of ${data.length} bytes for ${width}x${height}`);
  return {
    width,
    height,
    black: (x, y) => ((data[y * rowBytes + (x >> 3)] ?? 0xff) & (0x80 >> (x & 7))) === 0,
  };
}

async function pageObjects(page: PdfPage, fonts: Map<string, { name: string; embedded: boolean }>) {
  const bitmaps: PdfBitmap[] = [];
  const operators = await page.getOperatorList();
  for (let i = 0; i < operators.fnArray.length; i++) {
    const fn = operators.fnArray[i];
    const args = operators.argsArray[i] as unknown[];
    if (fn === OPS.setFont) {
      const id = args[0] as string;
      if (fonts.has(id)) continue;
      const font = await resolved<{ name?: string; missingFile?: boolean }>(page.commonObjs, id);
      fonts.set(id, { name: font.name ?? '', embedded: font.missingFile === false });
    } else if (fn === OPS.paintImageXObject || fn === OPS.paintImageXObjectRepeat) {
      const id = args[0] as string;
      const image = await resolved<PdfImage>(id.startsWith('g_') ? page.commonObjs : page.objs, id);
      const bitmap = bitmapOf(image);
      if (bitmap) bitmaps.push(bitmap);
    } else if (fn === OPS.paintInlineImageXObject) {
      const bitmap = bitmapOf(args[0] as PdfImage);
      if (bitmap) bitmaps.push(bitmap);
    }
  }
  return bitmaps;
}

const cache = new WeakMap<Buffer, Promise<ReadPdf>>();

async function parse(pdf: Buffer): Promise<ReadPdf> {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    fontExtraProperties: true,
    useSystemFonts: false,
    disableFontFace: true,
    isOffscreenCanvasSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: ReadPdf['pages'] = [];
    const fonts = new Map<string, { name: string; embedded: boolean }>();
    const bitmaps: PdfBitmap[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const rotated = page.rotate % 180 !== 0;
      pages.push({
        width: rotated ? y1 - y0 : x1 - x0,
        height: rotated ? x1 - x0 : y1 - y0,
        text: await pageText(page),
      });
      bitmaps.push(...(await pageObjects(page, fonts)));
    }
    return { pages, fonts: [...fonts.values()], bitmaps };
  } finally {
    await document.destroy();
  }
}

/** Reads a PDF once (later calls on the same buffer reuse the result). */
function readPdf(pdf: Buffer): Promise<ReadPdf> {
  let read = cache.get(pdf);
  if (!read) {
    read = parse(pdf);
    cache.set(pdf, read);
  }
  return read;
}

/** The text of the PDF (or of one page, from 1) in content order, with whitespace runs collapsed. */
export async function pdfText(pdf: Buffer, page?: number): Promise<string> {
  const { pages } = await readPdf(pdf);
  if (page !== undefined && !pages[page - 1]) throw new Error(`no page ${page} in a PDF of ${pages.length}`);
  const texts = page === undefined ? pages.map((p) => p.text) : [pages[page - 1]?.text];
  return texts.join('\n').replace(/\s+/g, ' ');
}

export interface PdfInfo {
  pages: number;
  /** The first page's size in points. */
  width: number;
  height: number;
}

export async function pdfInfo(pdf: Buffer): Promise<PdfInfo> {
  const { pages } = await readPdf(pdf);
  return { pages: pages.length, width: pages[0]?.width ?? Number.NaN, height: pages[0]?.height ?? Number.NaN };
}

/** The fonts the pages use (each once, its name with the subset tag), with whether its file is embedded. */
export async function pdfFonts(pdf: Buffer): Promise<{ name: string; embedded: boolean }[]> {
  return (await readPdf(pdf)).fonts;
}

/** The 1-bit images drawn on the pages, in order: width, height and a pixel reader (true = black). */
export async function pdfBitmaps(pdf: Buffer): Promise<PdfBitmap[]> {
  return (await readPdf(pdf)).bitmaps;
}

/** A5 and A4 in points. */
export const A5 = { width: 419.53, height: 595.28 };
export const A4 = { width: 595.28, height: 841.89 };
