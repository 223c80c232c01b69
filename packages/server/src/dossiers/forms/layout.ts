/**
 * A thin layout layer over pdfkit for the administrative forms: the Tinos fonts (Times New Roman metrics,
 * full Vietnamese), the national header with the agency block, titles, "label: value" lines, tables that
 * wrap their cells and break across pages with the header repeated, signature blocks and page numbers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { clean, formatPlaceDate, upper } from './format';
import type { FormAgency } from './types';

const require = createRequire(import.meta.url);

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FONT_FILES: Readonly<Record<FontStyle, string>> = {
  regular: '@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf',
  bold: '@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf',
  italic: '@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf',
};

/**
 * pdfkit accepts a parsed fontkit font as a font source. Parsing the four 0.5 MB TTF files for every
 * document costs most of a receipt's time, so they are parsed once per process with the fontkit that pdfkit
 * itself depends on (each document still embeds its own subset). Falls back to the raw bytes.
 *
 * A shared font needs one precaution: fontkit caches glyph objects by id with the code points of their
 * first creation, and subsetting a composite glyph ("Ổ" = "O" + marks) creates its components without code
 * points. A later document would then map "O" to nothing in its ToUnicode table and text extraction would
 * lose letters. Creating every mapped glyph from its code point first keeps the code points right.
 */
type FontSource = PDFKit.Mixins.PDFFontSource;

interface FontkitFont {
  layout?: unknown;
  characterSet?: number[];
  glyphForCodePoint?: (codePoint: number) => unknown;
}

let fontSources: Record<FontStyle, FontSource> | null = null;

function parseFont(data: Buffer): FontSource {
  try {
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(buffer: Uint8Array): FontkitFont };
    const font = fontkit.create(data);
    if (typeof font.layout === 'function' && typeof font.glyphForCodePoint === 'function' && font.characterSet) {
      for (const codePoint of font.characterSet) font.glyphForCodePoint(codePoint);
      return font as unknown as FontSource;
    }
  } catch {
    // Not resolvable: pdfkit parses the bytes itself.
  }
  return data;
}

/** The fonts, read and parsed once per process. */
export function fonts(): Record<FontStyle, FontSource> {
  if (!fontSources) {
    const load = (style: FontStyle) => parseFont(readFileSync(require.resolve(FONT_FILES[style])));
    fontSources = {
      regular: load('regular'),
      bold: load('bold'),
      italic: load('italic'),
      boldItalic: load('boldItalic'),
    };
  }
  return fontSources;
}

const MM = 72 / 25.4;
export const mm = (n: number) => n * MM;

export interface PageSetup {
  size: 'A4' | 'A5';
  layout: 'portrait' | 'landscape';
  /** Base body font size. */
  fontSize: number;
  margins: { top: number; bottom: number; left: number; right: number };
}

export const A5_PORTRAIT: PageSetup = {
  size: 'A5',
  layout: 'portrait',
  fontSize: 10.5,
  margins: { top: mm(9), bottom: mm(9), left: mm(15), right: mm(10) },
};

export const A4_PORTRAIT: PageSetup = {
  size: 'A4',
  layout: 'portrait',
  fontSize: 12,
  margins: { top: mm(15), bottom: mm(15), left: mm(25), right: mm(15) },
};

export const A4_LANDSCAPE: PageSetup = {
  size: 'A4',
  layout: 'landscape',
  fontSize: 10,
  margins: { top: mm(12), bottom: mm(12), left: mm(15), right: mm(12) },
};

export interface Column {
  header: string;
  /** Relative width (the columns share the table width in proportion). */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface TableOptions {
  fontSize?: number;
  headerFontSize?: number;
  padding?: number;
  /** Minimum row height (room for a signature, say). */
  minRowHeight?: number;
}

export interface SignatureBlock {
  /** Heading in capitals ("NGƯỜI NỘP HỒ SƠ"). */
  heading: string;
  /** Authority line above the heading ("KT. CHỦ TỊCH"). */
  authority?: string;
  hint?: string;
  name?: string;
  position?: string;
}

/** One form being written: the pdfkit document plus the page geometry. */
export class FormWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly setup: PageSetup;
  /** Room kept free on the right of the text (next to an image); 0 = full width. */
  rightInset = 0;

  constructor(setup: PageSetup, title: string) {
    this.setup = setup;
    const data = fonts();
    this.doc = new PDFDocument({
      // The default font is ours (pdfkit would otherwise load Helvetica's metrics for every document).
      font: data.regular,
      size: setup.size,
      layout: setup.layout,
      margins: setup.margins,
      bufferPages: true,
      info: { Title: title, Creator: 'Congso', Producer: 'Congso (pdfkit)' },
      lang: 'vi-VN',
      displayTitle: true,
    } as PDFKit.PDFDocumentOptions);
    this.doc.registerFont('regular', data.regular);
    this.doc.registerFont('bold', data.bold);
    this.doc.registerFont('italic', data.italic);
    this.doc.registerFont('boldItalic', data.boldItalic);
    this.font('regular');
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get right(): number {
    return this.doc.page.width - this.doc.page.margins.right;
  }
  get width(): number {
    return this.right - this.left - this.rightInset;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  get top(): number {
    return this.doc.page.margins.top;
  }
  get y(): number {
    return this.doc.y;
  }
  set y(value: number) {
    this.doc.y = value;
  }

  font(style: FontStyle, size = this.setup.fontSize): this {
    this.doc.font(style).fontSize(size);
    return this;
  }

  /** Height of `text` in `width` with the given font. */
  measure(text: string, width: number, style: FontStyle, size: number, options: PDFKit.Mixins.TextOptions = {}) {
    this.font(style, size);
    return this.doc.heightOfString(text || ' ', { width, ...options });
  }

  /** Starts a new page when less than `height` is left. */
  ensureSpace(height: number): void {
    if (this.y + height > this.bottom) {
      this.doc.addPage();
      this.y = this.top;
    }
  }

  moveDown(points: number): void {
    this.y += points;
  }

  /** A paragraph over the full width (pdfkit breaks pages in long text). */
  paragraph(text: string, style: FontStyle = 'regular', options: PDFKit.Mixins.TextOptions & { size?: number } = {}) {
    const { size, ...rest } = options;
    this.font(style, size ?? this.setup.fontSize);
    this.doc.text(text, this.left, this.y, { width: this.width, lineGap: 1, ...rest });
  }

  /**
   * `Label: value` on one paragraph that wraps; the value in `valueStyle`. With `indent`, continuation lines
   * are indented like the first.
   */
  field(label: string, value: string, options: { valueStyle?: FontStyle; indent?: number; size?: number } = {}) {
    const size = options.size ?? this.setup.fontSize;
    const indent = options.indent ?? 0;
    const x = this.left + indent;
    const width = this.width - indent;
    const shown = value || '.'.repeat(40);
    this.ensureSpace(size * 1.4);
    this.font('regular', size);
    const labelText = `${label}: `;
    const labelWidth = this.doc.widthOfString(labelText);
    this.font(options.valueStyle ?? 'regular', size);
    // pdfkit's continued text does not break a word wider than the line: such a value goes under the label.
    const longWord = shown.split(/\s+/).some((word) => this.doc.widthOfString(word) > width - labelWidth - 2);
    this.font('regular', size);
    if (longWord) {
      this.doc.text(labelText.trimEnd(), x, this.y, { width, lineGap: 1 });
      this.font(options.valueStyle ?? 'regular', size);
      this.doc.text(shown, x, this.y, { width, lineGap: 1 });
      return;
    }
    this.doc.text(labelText, x, this.y, { width, continued: true, lineGap: 1 });
    this.font(options.valueStyle ?? 'regular', size);
    this.doc.text(shown, { width, lineGap: 1 });
  }

  /** One paragraph of mixed styles over the full width (e.g. a sentence with a bold date). */
  rich(
    segments: readonly (readonly [string, FontStyle])[],
    options: { size?: number; indent?: number; align?: 'left' | 'justify'; gap?: number } = {},
  ): void {
    const size = options.size ?? this.setup.fontSize;
    this.ensureSpace(size * 1.4);
    const base = { width: this.width, lineGap: 1, align: options.align ?? 'left', paragraphGap: options.gap ?? 0 };
    segments.forEach(([text, style], i) => {
      this.font(style, size);
      const continued = i < segments.length - 1;
      if (i === 0) this.doc.text(text, this.left, this.y, { ...base, indent: options.indent ?? 0, continued });
      else this.doc.text(text, { ...base, continued });
    });
  }

  /** Two `label: value` pairs on one line when both fit, else one under the other. */
  fieldPair(a: [string, string], b: [string, string], options: { size?: number } = {}) {
    const size = options.size ?? this.setup.fontSize;
    const half = this.width / 2;
    this.font('regular', size);
    const fits = (pair: [string, string]) =>
      this.doc.widthOfString(`${pair[0]}: ${pair[1] || '.'.repeat(20)}`) < half - 4;
    if (!fits(a) || !fits(b)) {
      this.field(a[0], a[1], options);
      this.field(b[0], b[1], options);
      return;
    }
    this.ensureSpace(size * 1.4);
    const y = this.y;
    this.doc.text(`${a[0]}: ${a[1] || '.'.repeat(20)}`, this.left, y, { width: half, lineBreak: false });
    this.doc.text(`${b[0]}: ${b[1] || '.'.repeat(20)}`, this.left + half, y, { width: half, lineBreak: false });
    this.y = y + this.doc.currentLineHeight(true) + 1;
  }

  /**
   * The top of a form: the agency block on the left (lines centred, the last one bold, a short rule under
   * it, then "Số: …" unless `number` is false), the national header on the right (with the rule under the
   * motto) and the place and date line in italics.
   */
  header(
    agencyLines: readonly { text: string; bold: boolean }[],
    place: string,
    issuedAt: Date,
    number: string | null | false,
  ): void {
    const doc = this.doc;
    const big = this.setup.size === 'A4' && this.setup.layout === 'portrait';
    const size = big ? 12 : 10;
    const leftWidth = this.width * (big ? 0.42 : 0.38);
    const rightWidth = this.width - leftWidth;
    const rightX = this.left + leftWidth;
    const top = this.top;

    // Left: the agency block.
    let y = top;
    // Each line at most three lines high (an absurdly long name is cut with an ellipsis).
    for (const line of agencyLines) {
      this.font(line.bold ? 'bold' : 'regular', size);
      const text = upper(clean(line.text, 300));
      const height = doc.currentLineHeight(true) * 3 + 1.5;
      doc.text(text, this.left, y, { width: leftWidth - 4, align: 'center', lineGap: 0.5, height, ellipsis: true });
      y = doc.y;
    }
    const rule = leftWidth / 3;
    y += 3;
    doc
      .moveTo(this.left + (leftWidth - rule) / 2, y)
      .lineTo(this.left + (leftWidth + rule) / 2, y)
      .lineWidth(0.6)
      .stroke();
    const leftBottom = y + 4;

    // Right: the national header, on one line (the font shrinks to fit a narrow page).
    const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    let nationSize = size;
    this.font('bold', nationSize);
    while (nationSize > 7 && doc.widthOfString(nation) > rightWidth - 2) {
      nationSize -= 0.25;
      this.font('bold', nationSize);
    }
    doc.text(nation, rightX, top, { width: rightWidth, align: 'center', lineBreak: false });
    doc.y = top + doc.currentLineHeight(true);
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    this.font('bold', nationSize + 1);
    doc.text(motto, rightX, doc.y + 0.5, { width: rightWidth, align: 'center' });
    const mottoWidth = doc.widthOfString(motto);
    const ry = doc.y + 1;
    doc
      .moveTo(rightX + (rightWidth - mottoWidth) / 2, ry)
      .lineTo(rightX + (rightWidth + mottoWidth) / 2, ry)
      .lineWidth(0.6)
      .stroke();
    const rightBottom = ry + 4;

    // "Số: …" under the agency block and the place and date line under the national header.
    const lineY = Math.max(leftBottom, rightBottom) + 2;
    this.font('regular', size + 0.5);
    if (number !== false) {
      doc.text(`Số: ${number ? clean(number, 60) : '.........../..........'}`, this.left, lineY, {
        width: leftWidth - 4,
        align: 'center',
        height: doc.currentLineHeight(true) * 2,
        ellipsis: true,
      });
    }
    const afterNumber = doc.y;
    this.font('italic', size + 0.5);
    doc.text(formatPlaceDate(clean(place, 80) || '..........', issuedAt), rightX, lineY, {
      width: rightWidth,
      align: 'center',
      height: doc.currentLineHeight(true) * 2,
      ellipsis: true,
    });
    this.y = Math.max(afterNumber, doc.y) + (big ? 14 : 7);
  }

  /** The form's title (bold capitals, centred) and optional lines under it. */
  title(text: string, size = this.setup.fontSize + 2): void {
    this.font('bold', size);
    this.doc.text(text, this.left, this.y, { width: this.width, align: 'center' });
    this.moveDown(4);
  }

  centered(text: string, style: FontStyle = 'regular', size = this.setup.fontSize): void {
    this.font(style, size);
    this.doc.text(text, this.left, this.y, { width: this.width, align: 'center' });
  }

  /**
   * A table over the full width: cells wrap, a row that does not fit goes to the next page with the header
   * repeated, and a cell taller than a page is cut with an ellipsis (nothing overflows the page).
   */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], options: TableOptions = {}): void {
    const doc = this.doc;
    const size = options.fontSize ?? this.setup.fontSize - 1;
    const headerSize = options.headerFontSize ?? size;
    const pad = options.padding ?? 3;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const xs: number[] = [];
    widths.reduce((x, w) => {
      xs.push(x);
      return x + w;
    }, this.left);
    const lineGap = 1;

    const cellHeight = (text: string, i: number, style: FontStyle, fontSize: number) =>
      this.measure(text, (widths[i] ?? 0) - 2 * pad, style, fontSize, { lineGap });

    const headerHeight = Math.max(...columns.map((c, i) => cellHeight(c.header, i, 'bold', headerSize))) + 2 * pad;

    const drawRow = (cells: readonly string[], height: number, style: FontStyle, fontSize: number, header: boolean) => {
      const y = this.y;
      doc.lineWidth(0.5);
      for (let i = 0; i < columns.length; i++) {
        const x = xs[i] ?? this.left;
        const w = widths[i] ?? 0;
        doc.rect(x, y, w, height).stroke();
        const text = cells[i] ?? '';
        if (!text) continue;
        this.font(style, fontSize);
        const inner = w - 2 * pad;
        const textHeight = Math.min(doc.heightOfString(text, { width: inner, lineGap }), height - 2 * pad);
        const ty = header ? y + (height - textHeight) / 2 : y + pad;
        doc.text(text, x + pad, ty, {
          width: inner,
          height: height - 2 * pad + 0.5,
          ellipsis: true,
          lineGap,
          align: header ? 'center' : (columns[i]?.align ?? 'left'),
        });
      }
      this.y = y + height;
    };

    const drawHeader = () =>
      drawRow(
        columns.map((c) => c.header),
        headerHeight,
        'bold',
        headerSize,
        true,
      );

    const maxRow = this.bottom - this.top - headerHeight;
    const rowHeight = (row: readonly string[]) =>
      Math.min(
        maxRow,
        Math.max(options.minRowHeight ?? 0, ...row.map((c, i) => cellHeight(c, i, 'regular', size) + 2 * pad)),
      );
    // The header stays with the first row.
    const first = rows[0];
    this.ensureSpace(headerHeight + (first ? rowHeight(first) : 0));
    drawHeader();
    for (const row of rows) {
      const height = rowHeight(row);
      if (this.y + height > this.bottom) {
        doc.addPage();
        this.y = this.top;
        drawHeader();
      }
      drawRow(row, height, 'regular', size, false);
    }
    this.doc.x = this.left;
  }

  /** Height of `signatures(blocks)` (to keep the last lines of a form with them). */
  signaturesHeight(blocks: readonly (SignatureBlock | null)[], space = 52): number {
    const lines = Math.max(...blocks.map((b) => (b ? 3 + (b.authority ? 1 : 0) + (b.position ? 1 : 0) : 0)));
    return lines * this.setup.fontSize * 1.2 + space + 4;
  }

  /**
   * Signature blocks side by side (a null leaves its column empty), kept together on one page; the names
   * line up under the room for the signatures. Returns the top of the blocks.
   */
  signatures(blocks: readonly (SignatureBlock | null)[], options: { gap?: number; space?: number } = {}): number {
    const doc = this.doc;
    const size = this.setup.fontSize;
    const space = options.space ?? 52;
    const colWidth = this.width / blocks.length;
    this.moveDown(options.gap ?? 8);
    this.ensureSpace(this.signaturesHeight(blocks, space));
    const top = this.y;
    let headingsBottom = top;
    const line = (text: string, x: number, y: number, style: FontStyle, fontSize = size) => {
      this.font(style, fontSize);
      doc.text(text, x, y, { width: colWidth - 4, align: 'center' });
      return doc.y;
    };
    blocks.forEach((block, i) => {
      if (!block) return;
      const x = this.left + i * colWidth;
      let y = top;
      if (block.authority) y = line(upper(clean(block.authority, 100)), x, y, 'bold');
      y = line(upper(clean(block.heading, 120)), x, y, 'bold');
      if (block.position) y = line(clean(block.position, 120), x, y, 'regular', size - 0.5);
      y = line(block.hint ?? '(Ký và ghi rõ họ tên)', x, y, 'italic', size - 1);
      headingsBottom = Math.max(headingsBottom, y);
    });
    // The names on one line, under the room for the signatures.
    const namesY = headingsBottom + space;
    let bottom = namesY;
    blocks.forEach((block, i) => {
      if (block?.name)
        bottom = Math.max(bottom, line(clean(block.name, 120), this.left + i * colWidth, namesY, 'bold'));
    });
    this.y = bottom;
    doc.x = this.left;
    return top;
  }

  /** The QR code of `text` as an image at (x, y), `size` points square. */
  image(png: Buffer, x: number, y: number, size: number): void {
    this.doc.image(png, x, y, { width: size, height: size });
  }

  /** "Trang i/n" at the bottom of every page when there is more than one page. */
  pageNumbers(always = false): void {
    const range = this.doc.bufferedPageRange();
    if (range.count < 2 && !always) return;
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.font('italic', 8);
      this.doc.text(`Trang ${i + 1}/${range.count}`, this.left, this.doc.page.height - bottomMargin / 2 - 4, {
        width: this.width,
        align: 'right',
        lineBreak: false,
      });
      this.doc.page.margins.bottom = bottomMargin;
    }
  }

  /** Finishes the document and returns its bytes. */
  end(): Promise<Buffer> {
    const doc = this.doc;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.end();
    });
  }
}

/** The agency block of a one-stop form: [parent], agency, **one-stop unit**. */
export function oneStopAgencyLines(agency: FormAgency): { text: string; bold: boolean }[] {
  const lines: { text: string; bold: boolean }[] = [];
  if (agency.parentName) lines.push({ text: agency.parentName, bold: false });
  lines.push({ text: agency.name, bold: false });
  lines.push({ text: agency.oneStopUnit, bold: true });
  return lines;
}

/** The agency block of a form the agency itself issues: [parent], **agency**. */
export function agencyLines(agency: FormAgency): { text: string; bold: boolean }[] {
  const lines: { text: string; bold: boolean }[] = [];
  if (agency.parentName) lines.push({ text: agency.parentName, bold: false });
  lines.push({ text: agency.name, bold: true });
  return lines;
}
