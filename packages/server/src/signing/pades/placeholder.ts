/**
 * The incremental update that prepares a signature (ISO 32000-1 §7.5.6, §12.8): appended after the last
 * %%EOF, it adds the signature dictionary (ByteRange and Contents placeholders that sign.ts fills in place),
 * the signature field's widget on the chosen page with its appearance (a form XObject), the page with the
 * widget in its /Annots, the AcroForm (SigFlags 3) and the catalogue pointing to it. Nothing earlier in the
 * file is touched, so earlier signatures still cover their revision.
 *
 * Why not @signpdf/placeholder-plain: its plainAddPlaceholder always puts the widget on the first page and
 * gives it no appearance, and Nghị định 30/2020 wants the signer's image where the signature block is (usually
 * the last page) and a seal drawn over it.
 */
import {
  isDict,
  isRef,
  type PdfDict,
  PdfFile,
  PdfReadError,
  type PdfRef,
  type PdfValue,
  pdfText,
  raw,
  rawOf,
  ref,
  writeValue,
} from './pdf-objects';

/** Objects an update adds or replaces, written with a fresh xref section and trailer. */
export class IncrementalUpdate {
  private next: number;
  private readonly objects = new Map<number, string>();

  constructor(readonly file: PdfFile) {
    this.next = file.xref.size;
  }

  allocate(): PdfRef {
    return ref(this.next++);
  }

  set(target: PdfRef, value: PdfValue, stream?: string): void {
    let body = writeValue(value);
    if (stream !== undefined) body += `\nstream\n${stream}\nendstream`;
    this.objects.set(target.ref, `${target.ref} ${target.gen} obj\n${body}\nendobj\n`);
  }

  add(value: PdfValue, stream?: string): PdfRef {
    const r = this.allocate();
    this.set(r, value, stream);
    return r;
  }

  /**
   * The original bytes, the objects, the xref section and the trailer (with /Prev): the new file. The original
   * is copied once, as bytes (its trailing end-of-line markers trimmed to one); the update is written as text.
   * `offsets` gives where each object written here starts in the new file.
   */
  finish(): { pdf: Buffer; offsets: Map<number, number> } {
    const bytes = this.file.bytes;
    let end = bytes.length;
    while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
    const base = end + 1;
    let out = '\n';
    const offsets = new Map<number, number>();
    const nums = [...this.objects.keys()].sort((a, b) => a - b);
    for (const num of nums) {
      offsets.set(num, base + out.length - 1);
      out += this.objects.get(num);
    }
    const xrefAt = base + out.length - 1;
    out += 'xref\n0 1\n0000000000 65535 f \n';
    for (let i = 0; i < nums.length; ) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === (nums[j] as number) + 1) j++;
      out += `${nums[i]} ${j - i + 1}\n`;
      for (let k = i; k <= j; k++) out += `${String(offsets.get(nums[k] as number)).padStart(10, '0')} 00000 n \n`;
      i = j + 1;
    }
    const old = this.file.xref.trailer;
    const trailer: PdfDict = new Map([
      ['Size', raw(String(this.next))],
      ['Root', old.get('Root') as PdfValue],
    ]);
    for (const key of ['Info', 'ID'] as const) {
      const v = old.get(key);
      if (v) trailer.set(key, v);
    }
    trailer.set('Prev', raw(String(this.file.xref.startxref)));
    out += `trailer\n${writeValue(trailer)}\nstartxref\n${xrefAt}\n%%EOF\n`;
    const pdf = Buffer.allocUnsafe(end + out.length);
    bytes.copy(pdf, 0, 0, end);
    pdf.write(out, end, 'latin1');
    return { pdf, offsets };
  }
}

export type Rect = [number, number, number, number];

/** A form XObject for the widget, written into the update by `write` (see appearance.ts). */
export interface AppearanceWriter {
  write(update: IncrementalUpdate): PdfRef;
}

/**
 * Something drawn on a page in the same update as the signature (the number and date): a form XObject
 * painted at (x, y) over the page's content, which the signature then covers.
 */
export interface PageOverlay {
  /** 0-based page index; negative counts from the end. */
  page: number;
  x: number;
  y: number;
  appearance: AppearanceWriter;
}

export interface PlaceholderInput {
  /** 0-based page index; negative counts from the end (-1: the last page). */
  page: number;
  rect: Rect;
  appearance?: AppearanceWriter;
  reason: string;
  name?: string;
  location?: string;
  signingTime: Date;
  /** Bytes reserved for the CMS (hex doubles it in the file). */
  contentsLength: number;
  overlays?: PageOverlay[];
}

export const BYTE_RANGE_PLACEHOLDER = '**********';

/** D:YYYYMMDDHHmmSS+07'00' in Vietnam time. */
export function pdfDate(at: Date): string {
  const vn = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `D:${vn.slice(0, 4)}${vn.slice(5, 7)}${vn.slice(8, 10)}${vn.slice(11, 13)}${vn.slice(14, 16)}${vn.slice(17, 19)}+07'00'`;
}

const zeroStrings = new Map<number, string>();
/** The /Contents placeholder's hex zeros (the same length every time: made once). */
function zerosOf(n: number): string {
  let zeros = zeroStrings.get(n);
  if (zeros === undefined) {
    zeros = '0'.repeat(n);
    if (zeroStrings.size < 8) zeroStrings.set(n, zeros);
  }
  return zeros;
}

export interface PlaceholderResult {
  pdf: Buffer;
  fieldName: string;
  /** Where the signature dictionary's ByteRange array sits, `[` to `]` inclusive (byte offsets). */
  byteRange: { start: number; end: number };
  /** Where its /Contents hex string sits, `<` to `>` inclusive: the gap the ByteRange leaves. */
  contents: { start: number; end: number };
}

export function addSignaturePlaceholder(pdf: Buffer, input: PlaceholderInput): PlaceholderResult {
  const file = new PdfFile(pdf);
  const update = new IncrementalUpdate(file);
  const pages = file.pages();
  const index = input.page < 0 ? pages.length + input.page : input.page;
  const page = pages[index];
  if (!page) throw new PdfReadError(`no page ${input.page}`);
  // The pages this update rewrites, by object number: the widget's, and those that get an overlay.
  const rewritten = new Map<number, { ref: PdfRef; dict: PdfDict }>();
  const pageDictOf = (target: { ref: PdfRef; dict: PdfDict }) => {
    let entry = rewritten.get(target.ref.ref);
    if (!entry) {
      entry = { ref: target.ref, dict: new Map(target.dict) };
      rewritten.set(target.ref.ref, entry);
    }
    return entry.dict;
  };
  for (const [k, overlay] of (input.overlays ?? []).entries()) {
    const target = pages[overlay.page < 0 ? pages.length + overlay.page : overlay.page];
    if (!target) throw new PdfReadError(`no page ${overlay.page}`);
    drawOverlay(file, update, pageDictOf(target), overlay, `CgOverlay${k + 1}`);
  }

  const rootRef = file.rootRef;
  const root = new Map(file.dict(rootRef));
  let acroFormRef: PdfRef | undefined;
  let acroForm: PdfDict;
  const existing = root.get('AcroForm');
  if (isRef(existing)) {
    acroFormRef = existing;
    acroForm = new Map(file.dict(existing));
  } else acroForm = isDict(existing) ? new Map(existing) : new Map();
  const fieldsValue = file.resolve(acroForm.get('Fields'));
  const fields: PdfValue[] = Array.isArray(fieldsValue) ? [...fieldsValue] : [];
  const sigFields = fields.filter((f) => {
    try {
      return rawOf(file.dict(f).get('FT')) === '/Sig';
    } catch {
      return false;
    }
  }).length;
  const fieldName = `Signature${sigFields + 1}`;

  const zeros = zerosOf(input.contentsLength * 2);
  const sig: PdfDict = new Map<string, PdfValue>([
    ['Type', raw('/Sig')],
    ['Filter', raw('/Adobe.PPKLite')],
    ['SubFilter', raw('/ETSI.CAdES.detached')],
    [
      'ByteRange',
      [
        raw('0'),
        raw(`/${BYTE_RANGE_PLACEHOLDER}`),
        raw(`/${BYTE_RANGE_PLACEHOLDER}`),
        raw(`/${BYTE_RANGE_PLACEHOLDER}`),
      ],
    ],
    ['Contents', raw(`<${zeros}>`)],
    ['Reason', pdfText(input.reason)],
    ['M', pdfText(pdfDate(input.signingTime))],
  ]);
  if (input.name) sig.set('Name', pdfText(input.name));
  if (input.location) sig.set('Location', pdfText(input.location));
  sig.set('Prop_Build', new Map([['App', new Map([['Name', raw('/Congso')]])]]));
  const sigRef = update.add(sig);

  const widget: PdfDict = new Map<string, PdfValue>([
    ['Type', raw('/Annot')],
    ['Subtype', raw('/Widget')],
    ['FT', raw('/Sig')],
    ['T', pdfText(fieldName)],
    ['V', sigRef],
    ['Rect', input.rect.map((n) => raw(n.toFixed(2)))],
    // Print (4) + Locked (128).
    ['F', raw('132')],
    ['P', page.ref],
  ]);
  if (input.appearance) {
    const ap = input.appearance.write(update);
    widget.set('AP', new Map([['N', ap]]));
  }
  const widgetRef = update.add(widget);

  const pageDict = pageDictOf(page);
  const annots = pageDict.get('Annots');
  if (isRef(annots)) {
    const list = file.resolve(annots);
    update.set(annots, [...(Array.isArray(list) ? list : []), widgetRef]);
  } else pageDict.set('Annots', [...(Array.isArray(annots) ? annots : []), widgetRef]);
  for (const { ref: pageRef, dict } of rewritten.values()) update.set(pageRef, dict);

  acroForm.set('Fields', [...fields, widgetRef]);
  acroForm.set('SigFlags', raw('3'));
  if (acroFormRef) update.set(acroFormRef, acroForm);
  else {
    acroFormRef = update.add(acroForm);
    root.set('AcroForm', acroFormRef);
    update.set(rootRef, root);
  }
  const { pdf: out, offsets } = update.finish();
  // The placeholders' places, found in the signature dictionary just written (not by searching the file).
  const sigAt = offsets.get(sigRef.ref) as number;
  const rangeStart = out.indexOf('/ByteRange [', sigAt, 'latin1') + '/ByteRange '.length;
  const contentsStart = out.indexOf('/Contents <', sigAt, 'latin1') + '/Contents '.length;
  return {
    pdf: out,
    fieldName,
    byteRange: { start: rangeStart, end: out.indexOf(']', rangeStart) },
    contents: { start: contentsStart, end: contentsStart + zeros.length + 1 },
  };
}

/** A page's resources, its own or inherited from its page-tree parents (ISO 32000-1 §7.7.3.4), as a copy. */
function resourcesOf(file: PdfFile, dict: PdfDict): PdfDict {
  let node: PdfDict | undefined = dict;
  for (let depth = 0; node && depth < 32; depth++) {
    const resources = file.resolve(node.get('Resources'));
    if (isDict(resources)) return new Map(resources);
    const parent = node.get('Parent');
    node = parent ? file.dict(parent) : undefined;
  }
  return new Map();
}

/**
 * Paints the overlay's form XObject over the page: the page's content streams wrapped in q … Q (so a state they
 * leave does not move the overlay), then `x y cm /Name Do`; the XObject added to a copy of the page's resources.
 */
function drawOverlay(
  file: PdfFile,
  update: IncrementalUpdate,
  dict: PdfDict,
  overlay: PageOverlay,
  name: string,
): void {
  const form = overlay.appearance.write(update);
  const resources = resourcesOf(file, dict);
  const xobjects = file.resolve(resources.get('XObject'));
  resources.set('XObject', new Map([...(isDict(xobjects) ? xobjects : []), [name, form]]));
  dict.set('Resources', resources);
  const stream = (text: string) => update.add(new Map([['Length', raw(String(text.length))]]), text);
  const contents = dict.get('Contents');
  const resolved = isRef(contents) ? file.resolve(contents) : contents;
  const existing: PdfValue[] = Array.isArray(resolved) ? resolved : contents ? [contents] : [];
  const draw = `Q\nq 1 0 0 1 ${overlay.x.toFixed(2)} ${overlay.y.toFixed(2)} cm /${name} Do Q`;
  dict.set('Contents', [stream('q'), ...existing, stream(draw)]);
}
