/**
 * Visible signatures as Nghị định 30/2020 describes them (Phụ lục I): the signer's signature image between the
 * title and the name; the agency's red seal over about a third of it, on the left; on an attachment the
 * agency's signature without image at the top right of the first page with the number and notation and the
 * signing time (ISO 8601, Vietnam time). The art is drawn here (vector strokes, no image files): a signature
 * stroke made from the signer's name, and a round seal with the agency's name around a star.
 *
 * Each appearance is drawn with pdfkit as a one-page PDF the size of the widget, and that page is carried
 * into the signed PDF's update as a form XObject (its content stream and everything its resources reach,
 * renumbered). Signer images and seals do not change from one signature to the next, so their pages are kept
 * (a small cache per process) and only copied.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { fonts } from '../../dossiers/forms/layout';
import { isDict, isRef, type PdfDict, PdfFile, PdfReadError, type PdfRef, type PdfValue, raw } from './pdf-objects';
import type { AppearanceWriter, IncrementalUpdate, Rect } from './placeholder';

type Doc = PDFKit.PDFDocument;

export const SIGNATURE_BLUE = '#1d3c9e';
export const SEAL_RED = '#d3222a';

function render(width: number, height: number, draw: (doc: Doc) => void): Promise<Buffer> {
  const f = fonts();
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    font: f.regular,
    info: {},
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/** A deterministic generator from a text (mulberry32 over its SHA-256). */
function seeded(text: string): () => number {
  let a = createHash('sha256').update(text).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A handwritten-looking signature: an initial loop, a run of connected humps and an underline flourish. */
export function drawSignature(doc: Doc, name: string, w: number, h: number): void {
  const rnd = seeded(name);
  const mid = h * 0.55;
  doc
    .save()
    .lineWidth(Math.max(1.2, h / 40))
    .lineCap('round')
    .lineJoin('round')
    .strokeColor(SIGNATURE_BLUE);
  // The initial: a tall loop.
  const x0 = w * (0.1 + rnd() * 0.05);
  doc
    .moveTo(x0, mid + h * 0.15)
    .bezierCurveTo(x0 + w * 0.02, h * 0.05, x0 + w * 0.16, h * 0.05, x0 + w * 0.12, mid)
    .bezierCurveTo(x0 + w * 0.09, mid + h * 0.25, x0 - w * 0.04, mid + h * 0.1, x0 + w * 0.06, mid - h * 0.02)
    .stroke();
  // The name: humps of varying height.
  let x = x0 + w * 0.12;
  const humps = 4 + Math.floor(rnd() * 3);
  const step = (w * 0.62) / humps;
  doc.moveTo(x, mid);
  for (let i = 0; i < humps; i++) {
    const top = mid - h * (0.12 + rnd() * 0.3);
    const bottom = mid + h * (0.02 + rnd() * 0.08);
    doc.bezierCurveTo(x + step * 0.2, top, x + step * 0.6, top, x + step * 0.55, mid);
    doc.bezierCurveTo(x + step * 0.5, bottom, x + step * 0.8, bottom, x + step, mid - h * 0.02);
    x += step;
  }
  doc.stroke();
  // The flourish under it.
  doc
    .moveTo(x0 - w * 0.02, mid + h * (0.22 + rnd() * 0.06))
    .bezierCurveTo(w * 0.35, mid + h * 0.38, w * 0.7, mid + h * 0.12, w * 0.92, mid + h * (0.05 + rnd() * 0.1))
    .stroke();
  doc.restore();
}

/** A round seal: two rings, the agency's name in capitals around, a five-pointed star in the middle. */
export function drawSeal(doc: Doc, agencyName: string, d: number, province = 'TÂY NINH'): void {
  const r = d / 2;
  const cx = r;
  const cy = r;
  doc.save().strokeColor(SEAL_RED).fillColor(SEAL_RED).strokeOpacity(0.9).fillOpacity(0.9);
  doc
    .lineWidth(d * 0.025)
    .circle(cx, cy, r - d * 0.02)
    .stroke();
  doc
    .lineWidth(d * 0.01)
    .circle(cx, cy, r * 0.66)
    .stroke();
  // A star.
  const outer = r * 0.22;
  const inner = outer * 0.42;
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? outer : inner;
    const px = cx + rr * Math.cos(a);
    const py = cy - r * 0.08 + rr * Math.sin(a);
    if (i === 0) doc.moveTo(px, py);
    else doc.lineTo(px, py);
  }
  doc.closePath().fill();
  // The name around the ring, from the lower left over the top to the lower right; the province below.
  const size = d * 0.085;
  doc.font('bold').fontSize(size);
  const ringText = agencyName.toLocaleUpperCase('vi');
  const rText = r * 0.83 - size * 0.35;
  const widths = [...ringText].map((ch) => doc.widthOfString(ch));
  const total = widths.reduce((a, b) => a + b, 0);
  const span = Math.min(total / rText, Math.PI * 1.5);
  const scale = span / (total / rText);
  let angle = -Math.PI / 2 - span / 2;
  [...ringText].forEach((ch, i) => {
    const cw = (widths[i] ?? 0) * scale;
    const a = angle + cw / rText / 2;
    doc.save();
    doc.translate(cx + rText * Math.cos(a), cy + rText * Math.sin(a));
    doc.rotate(((a + Math.PI / 2) * 180) / Math.PI);
    doc.text(ch, -(widths[i] ?? 0) / 2, -size / 2, { lineBreak: false });
    doc.restore();
    angle += cw / rText;
  });
  doc.font('bold').fontSize(size * 0.9);
  const pw = doc.widthOfString(province);
  doc.text(province, cx - pw / 2, cy + r * 0.24, { lineBreak: false });
  doc.font('regular').fontSize(size * 0.75);
  doc.restore();
}

/** ISO 8601 in Vietnam time, to the second: 2026-12-07T09:30:00+07:00. */
export function vietnamIso(at: Date): string {
  return `${new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

/** The box on an attachment's first page: the agency, the number and notation, the signing time. */
export function drawAttachmentStamp(
  doc: Doc,
  input: { agencyName: string; notation: string; signedAt: Date },
  w: number,
  h: number,
): void {
  doc
    .save()
    .lineWidth(0.8)
    .strokeColor(SIGNATURE_BLUE)
    .rect(0.5, 0.5, w - 1, h - 1)
    .stroke();
  const size = Math.min(8.5, h / 4.6);
  const lines: [string, string][] = [
    ['Cơ quan: ', input.agencyName],
    ['Số, ký hiệu: ', input.notation],
    ['Thời gian ký: ', vietnamIso(input.signedAt)],
  ];
  let y = (h - lines.length * size * 1.25) / 2;
  for (const [label, value] of lines) {
    doc.fillColor('#1a1a1a').font('regular').fontSize(size).text(label, 5, y, { continued: true, lineBreak: false });
    doc.font('bold').text(value, { lineBreak: false });
    y += size * 1.25;
  }
  doc.restore();
}

/**
 * The page of a one-page PDF turned into objects of an update: a form XObject with the page's content and
 * resources. `objects` is read once; `write` copies them into an update with fresh numbers.
 */
export class PageAppearance implements AppearanceWriter {
  /** The objects the page's resources reach, read once: [old number, value, stream]. */
  private readonly objects: [number, PdfValue, string | undefined][] = [];
  private readonly content: string;
  private readonly contentDict: PdfDict;
  private readonly resources: PdfValue;

  constructor(
    /** The one-page PDF the appearance was drawn as. */
    readonly pdf: Buffer,
    readonly width: number,
    readonly height: number,
  ) {
    const file = new PdfFile(pdf);
    const page = file.pages()[0];
    if (!page) throw new PdfReadError('appearance has no page');
    const contents = page.dict.get('Contents');
    if (!isRef(contents)) throw new PdfReadError('appearance content is not one stream');
    const obj = file.object(contents.ref);
    if (obj.stream === undefined || !isDict(obj.value)) throw new PdfReadError('appearance content is not a stream');
    this.content = obj.stream;
    this.contentDict = obj.value;
    this.resources = page.dict.get('Resources') ?? new Map();
    const seen = new Set<number>();
    const walk = (v: PdfValue) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v instanceof Map) v.forEach(walk);
      else if ('ref' in v && !seen.has(v.ref)) {
        seen.add(v.ref);
        const o = file.object(v.ref);
        this.objects.push([v.ref, o.value, o.stream]);
        walk(o.value);
      }
    };
    walk(this.resources);
  }

  /** Copies the objects into the update with fresh numbers and adds the form XObject; returns its reference. */
  write(update: IncrementalUpdate): PdfRef {
    const map = new Map<number, PdfRef>();
    for (const [num] of this.objects) map.set(num, update.allocate());
    const copy = (v: PdfValue): PdfValue => {
      if (Array.isArray(v)) return v.map(copy);
      if (v instanceof Map) return new Map([...v].map(([k, item]) => [k, copy(item)]));
      if ('ref' in v) return map.get(v.ref) ?? v;
      return v;
    };
    for (const [num, value, stream] of this.objects) {
      const copied = copy(value);
      if (stream !== undefined && isDict(copied)) copied.set('Length', raw(String(stream.length)));
      update.set(map.get(num) as PdfRef, copied, stream);
    }
    const form: PdfDict = new Map<string, PdfValue>([
      ['Type', raw('/XObject')],
      ['Subtype', raw('/Form')],
      ['BBox', [raw('0'), raw('0'), raw(String(this.width)), raw(String(this.height))]],
      ['Resources', copy(this.resources)],
      ['Length', raw(String(this.content.length))],
    ]);
    const filter = this.contentDict.get('Filter');
    if (filter) form.set('Filter', filter);
    return update.add(form, this.content);
  }
}

const cache = new Map<string, Promise<PageAppearance>>();
const CACHE_LIMIT = 200;

async function cached(key: string, w: number, h: number, draw: (doc: Doc) => void): Promise<PageAppearance> {
  let hit = cache.get(key);
  if (!hit) {
    hit = render(w, h, draw).then((pdf) => new PageAppearance(pdf, w, h));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

const size = (rect: Rect) => ({ w: Math.abs(rect[2] - rect[0]), h: Math.abs(rect[3] - rect[1]) });

export function signerAppearance(name: string, rect: Rect): Promise<PageAppearance> {
  const { w, h } = size(rect);
  return cached(`signer|${name}|${w}|${h}`, w, h, (doc) => drawSignature(doc, name, w, h));
}

export function sealAppearance(agencyName: string, rect: Rect, province?: string): Promise<PageAppearance> {
  const { w, h } = size(rect);
  const d = Math.min(w, h);
  return cached(`seal|${agencyName}|${province}|${d}`, d, d, (doc) => drawSeal(doc, agencyName, d, province));
}

export async function attachmentAppearance(
  input: { agencyName: string; notation: string; signedAt: Date },
  rect: Rect,
): Promise<PageAppearance> {
  const { w, h } = size(rect);
  const pdf = await render(w, h, (doc) => drawAttachmentStamp(doc, input, w, h));
  return new PageAppearance(pdf, w, h);
}

/** The seal's place: a circle a little taller than the signature, its right part over the signature's left third. */
export function sealRectOver(signature: Rect): Rect {
  const [x1, y1, x2, y2] = [
    Math.min(signature[0], signature[2]),
    Math.min(signature[1], signature[3]),
    Math.max(signature[0], signature[2]),
    Math.max(signature[1], signature[3]),
  ];
  const d = Math.min((y2 - y1) * 1.35, 120);
  const cy = (y1 + y2) / 2;
  const right = x1 + (x2 - x1) / 3;
  return [right - d, cy - d / 2, right, cy + d / 2];
}

/** The attachment's box: top right of the page, inside a 20 pt margin. */
export function attachmentRect(mediaBox: Rect, width = 210, height = 46): Rect {
  const right = mediaBox[2] - 20;
  const top = mediaBox[3] - 20;
  return [right - width, top - height, right, top];
}
