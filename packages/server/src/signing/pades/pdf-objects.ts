/**
 * The little of PDF syntax that signing needs: a value parser and writer (dictionaries, arrays, names,
 * numbers, strings, references kept as written), and a reader of a file's cross-reference tables (classic
 * `xref` sections, followed through /Prev as incremental updates chain them) to find an object by number.
 * Bytes are handled as latin1 strings, so string offsets are byte offsets.
 * Not supported (a PdfReadError, answered as 422): cross-reference streams (PDF 1.5 compressed object streams).
 */

export class PdfReadError extends Error {}

export type PdfValue = PdfRaw | PdfRef | PdfValue[] | PdfDict;
/** A leaf written back as it was read: a name, a number, a string, true/false/null. */
export interface PdfRaw {
  raw: string;
}
export interface PdfRef {
  ref: number;
  gen: number;
}
export type PdfDict = Map<string, PdfValue>;

export const raw = (text: string): PdfRaw => ({ raw: text });
export const ref = (num: number, gen = 0): PdfRef => ({ ref: num, gen });
export const isRef = (v: PdfValue | undefined): v is PdfRef => !!v && !Array.isArray(v) && 'ref' in v;
export const isDict = (v: PdfValue | undefined): v is PdfDict => v instanceof Map;
export const rawOf = (v: PdfValue | undefined): string | undefined =>
  v && !Array.isArray(v) && !(v instanceof Map) && 'raw' in v ? v.raw : undefined;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '/', '%']);

export class PdfParser {
  pos: number;
  constructor(
    readonly text: string,
    start = 0,
  ) {
    this.pos = start;
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (WHITESPACE.has(c)) this.pos++;
      else if (t[this.pos] === '%') {
        while (this.pos < t.length && t[this.pos] !== '\n' && t[this.pos] !== '\r') this.pos++;
      } else break;
    }
  }

  private word(): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length && !WHITESPACE.has(t.charCodeAt(this.pos)) && !DELIMITERS.has(t[this.pos] ?? ''))
      this.pos++;
    if (this.pos === start) throw new PdfReadError(`unexpected character at ${start}`);
    return t.slice(start, this.pos);
  }

  value(depth = 0): PdfValue {
    if (depth > 64) throw new PdfReadError('values nested too deep');
    this.skipSpace();
    const t = this.text;
    const c = t[this.pos];
    if (c === undefined) throw new PdfReadError('unexpected end of data');
    if (c === '<' && t[this.pos + 1] === '<') {
      this.pos += 2;
      const dict: PdfDict = new Map();
      for (;;) {
        this.skipSpace();
        if (t.startsWith('>>', this.pos)) {
          this.pos += 2;
          return dict;
        }
        if (t[this.pos] !== '/') throw new PdfReadError(`a name expected at ${this.pos}`);
        this.pos++;
        const key = this.word();
        dict.set(key, this.value(depth + 1));
      }
    }
    if (c === '[') {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (t[this.pos] === ']') {
          this.pos++;
          return items;
        }
        if (this.pos >= t.length) throw new PdfReadError('unterminated array');
        items.push(this.value(depth + 1));
      }
    }
    if (c === '/') {
      this.pos++;
      const start = this.pos;
      while (this.pos < t.length && !WHITESPACE.has(t.charCodeAt(this.pos)) && !DELIMITERS.has(t[this.pos] ?? ''))
        this.pos++;
      return raw(`/${t.slice(start, this.pos)}`);
    }
    if (c === '(') {
      const start = this.pos;
      let level = 0;
      while (this.pos < t.length) {
        const ch = t[this.pos];
        if (ch === '\\') this.pos += 2;
        else {
          if (ch === '(') level++;
          else if (ch === ')') level--;
          this.pos++;
          if (level === 0) return raw(t.slice(start, this.pos));
        }
      }
      throw new PdfReadError('unterminated string');
    }
    if (c === '<') {
      const end = t.indexOf('>', this.pos);
      if (end < 0) throw new PdfReadError('unterminated hex string');
      const text = t.slice(this.pos, end + 1);
      this.pos = end + 1;
      return raw(text);
    }
    const word = this.word();
    if (/^\d+$/.test(word)) {
      // `12 0 R` is a reference: look ahead without consuming when it is not.
      const save = this.pos;
      this.skipSpace();
      const m = /^(\d+)\s+R(?![^\s/<>[\]()%])/.exec(t.slice(this.pos, this.pos + 24));
      if (m?.[1] !== undefined) {
        this.pos += m[0].length;
        return ref(Number(word), Number(m[1]));
      }
      this.pos = save;
    }
    return raw(word);
  }
}

export function parseValue(text: string): PdfValue {
  return new PdfParser(text).value();
}

export function writeValue(v: PdfValue): string {
  if (Array.isArray(v)) return `[${v.map(writeValue).join(' ')}]`;
  if (v instanceof Map) {
    let out = '<<';
    for (const [k, item] of v) out += ` /${k} ${writeValue(item)}`;
    return `${out} >>`;
  }
  if ('ref' in v) return `${v.ref} ${v.gen} R`;
  return v.raw;
}

/** A PDF text string: ASCII as a literal string, anything else as UTF-16BE hex with its byte order mark. */
export function pdfText(text: string): PdfRaw {
  if (/^[\x20-\x7e]*$/.test(text)) return raw(`(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`);
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return raw(`<FEFF${utf16.toString('hex').toUpperCase()}>`);
}

/** Reads a PDF text string (literal or hex, PDFDocEncoding or UTF-16BE) into JavaScript text. */
export function readPdfText(v: PdfValue | undefined): string | undefined {
  const text = rawOf(v);
  if (text === undefined) return undefined;
  let bytes: Buffer;
  if (text.startsWith('<')) bytes = Buffer.from(text.slice(1, -1).replace(/\s/g, ''), 'hex');
  else if (text.startsWith('(')) {
    const body = text.slice(1, -1);
    const out: number[] = [];
    for (let i = 0; i < body.length; i++) {
      const ch = body[i] as string;
      if (ch !== '\\') {
        out.push(ch.charCodeAt(0) & 0xff);
        continue;
      }
      const next = body[++i] ?? '';
      const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (next in escapes) out.push(escapes[next] as number);
      else if (/[0-7]/.test(next)) {
        let oct = next;
        while (oct.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) oct += body[++i];
        out.push(Number.parseInt(oct, 8) & 0xff);
      } else if (next === '\r' || next === '\n') {
        if (next === '\r' && body[i + 1] === '\n') i++;
      } else out.push(next.charCodeAt(0) & 0xff);
    }
    bytes = Buffer.from(out);
  } else return undefined;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** The stream's bytes (latin1) as stored, when the object is a stream. */
  stream?: string;
}

/** Reads `N G obj <value> [stream ... endstream] endobj` at an offset. */
export function readIndirectObject(text: string, offset: number, lengthOf?: (v: PdfValue) => number): IndirectObject {
  const header = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(text.slice(offset, offset + 40));
  if (!header) throw new PdfReadError(`no object at offset ${offset}`);
  const parser = new PdfParser(text, offset + header[0].length);
  const value = parser.value();
  const object: IndirectObject = { num: Number(header[1]), gen: Number(header[2]), value };
  parser.skipSpace();
  if (text.startsWith('stream', parser.pos) && isDict(value)) {
    let start = parser.pos + 6;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const lengthValue = value.get('Length');
    const length = lengthValue && lengthOf ? lengthOf(lengthValue) : Number(rawOf(lengthValue));
    if (!Number.isInteger(length) || length < 0 || start + length > text.length)
      throw new PdfReadError('bad stream length');
    object.stream = text.slice(start, start + length);
  }
  return object;
}

export interface XrefInfo {
  /** Object number → byte offset, the latest update winning. */
  offsets: Map<number, number>;
  /** The newest trailer dictionary. */
  trailer: PdfDict;
  /** Where the newest cross-reference section starts (the next update's /Prev). */
  startxref: number;
  /** One more than the highest object number in use. */
  size: number;
}

export function lastStartxref(text: string): number {
  const at = text.lastIndexOf('startxref');
  if (at < 0) throw new PdfReadError('no startxref');
  const m = /^startxref\s+(\d+)/.exec(text.slice(at, at + 40));
  if (!m) throw new PdfReadError('bad startxref');
  return Number(m[1]);
}

/** One cross-reference entry at `at`: the offset of an in-use (`n`) object, -1 for a free (`f`) one. */
function xrefEntry(text: string, at: number): number {
  let offset = 0;
  for (let k = 0; k < 17; k++) {
    const c = text.charCodeAt(at + k);
    if (k === 10 || k === 16) {
      if (c !== 0x20) throw new PdfReadError('bad xref entry');
    } else if (c >= 0x30 && c <= 0x39) {
      if (k < 10) offset = offset * 10 + (c - 0x30);
    } else throw new PdfReadError('bad xref entry');
  }
  const kind = text.charCodeAt(at + 17);
  if (kind === 0x6e) return offset; // n
  if (kind === 0x66) return -1; // f
  throw new PdfReadError('bad xref entry');
}

export function readXref(text: string): XrefInfo {
  const startxref = lastStartxref(text);
  const offsets = new Map<number, number>();
  let trailer: PdfDict | undefined;
  let at: number | undefined = startxref;
  const seen = new Set<number>();
  while (at !== undefined) {
    if (seen.has(at) || at < 0 || at >= text.length) throw new PdfReadError('bad xref chain');
    seen.add(at);
    const parser = new PdfParser(text, at);
    parser.skipSpace();
    if (!text.startsWith('xref', parser.pos)) {
      throw new PdfReadError('cross-reference streams are not supported');
    }
    parser.pos += 4;
    for (;;) {
      parser.skipSpace();
      if (text.startsWith('trailer', parser.pos)) break;
      const sub = /^(\d+)\s+(\d+)/.exec(text.slice(parser.pos, parser.pos + 40));
      if (!sub) throw new PdfReadError('bad xref subsection');
      parser.pos += sub[0].length;
      const first = Number(sub[1]);
      const count = Number(sub[2]);
      if (count > 10_000_000) throw new PdfReadError('xref too large');
      for (let i = 0; i < count; i++) {
        parser.skipSpace();
        // `nnnnnnnnnn ggggg n`: read in place (a regex over a slice per entry cost more than the rest of a read).
        const offset = xrefEntry(text, parser.pos);
        parser.pos += 18;
        const num = first + i;
        if (offset >= 0 && !offsets.has(num)) offsets.set(num, offset);
      }
    }
    parser.pos += 7;
    const dict = parser.value();
    if (!isDict(dict)) throw new PdfReadError('bad trailer');
    trailer ??= dict;
    const prev = rawOf(dict.get('Prev'));
    at = prev === undefined ? undefined : Number(prev);
  }
  if (!trailer) throw new PdfReadError('no trailer');
  const size = Number(rawOf(trailer.get('Size')));
  if (!Number.isInteger(size)) throw new PdfReadError('bad /Size');
  return { offsets, trailer, startxref, size };
}

/** A PDF opened for reading objects by number. */
export class PdfFile {
  readonly text: string;
  readonly xref: XrefInfo;
  constructor(readonly bytes: Buffer) {
    this.text = bytes.toString('latin1');
    if (!this.text.startsWith('%PDF-')) throw new PdfReadError('not a PDF');
    this.xref = readXref(this.text);
  }

  object(num: number): IndirectObject {
    const offset = this.xref.offsets.get(num);
    if (offset === undefined) throw new PdfReadError(`object ${num} not found`);
    const obj = readIndirectObject(this.text, offset, (v) => this.number(v));
    if (obj.num !== num) throw new PdfReadError(`object ${num} not at its offset`);
    return obj;
  }

  resolve(v: PdfValue | undefined): PdfValue | undefined {
    let value = v;
    for (let i = 0; i < 10 && isRef(value); i++) value = this.object(value.ref).value;
    return value;
  }

  dict(v: PdfValue | undefined): PdfDict {
    const d = this.resolve(v);
    if (!isDict(d)) throw new PdfReadError('a dictionary expected');
    return d;
  }

  number(v: PdfValue | undefined): number {
    const n = Number(rawOf(this.resolve(v)));
    if (!Number.isFinite(n)) throw new PdfReadError('a number expected');
    return n;
  }

  get rootRef(): PdfRef {
    const root = this.xref.trailer.get('Root');
    if (!isRef(root)) throw new PdfReadError('no /Root');
    return root;
  }

  /** The pages in order, each with its object reference. */
  pages(): { ref: PdfRef; dict: PdfDict }[] {
    const out: { ref: PdfRef; dict: PdfDict }[] = [];
    const walk = (node: PdfValue | undefined, depth: number) => {
      if (!isRef(node) || depth > 32 || out.length > 100_000) throw new PdfReadError('bad page tree');
      const dict = this.dict(node);
      const type = rawOf(dict.get('Type'));
      if (type === '/Pages') {
        const kids = this.resolve(dict.get('Kids'));
        if (!Array.isArray(kids)) throw new PdfReadError('bad /Kids');
        for (const kid of kids) walk(kid, depth + 1);
      } else out.push({ ref: node, dict });
    };
    walk(this.dict(this.rootRef).get('Pages'), 0);
    return out;
  }
}
