/**
 * A small namespace-aware XML tree over fast-xml-parser (pure JS, no node:*). Parsing refuses any DTD
 * (`<!DOCTYPE`, `<!ENTITY`): edXML has none, so entity expansion (the "billion laughs") is never attempted.
 * Only the five predefined entities and character references are decoded, by this module.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  /** Namespace URI ('' when none). */
  ns: string;
  local: string;
  /** Attributes, values decoded: by local name when not namespaced, else by `{namespace URI}local`. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside the element. */
  text: string;
}

export type XmlReadProblem = 'dtd' | 'malformed' | 'prefix';

export type XmlReadResult = { ok: true; root: XmlElement } | { ok: false; problem: XmlReadProblem; detail: string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

const entityPattern = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);|&/g;
const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class DecodeError extends Error {}

/** Decodes the predefined entities and character references; any other reference is malformed. */
function decode(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(entityPattern, (whole, name: string | undefined) => {
    if (name === undefined) throw new DecodeError('bare &');
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (!Number.isFinite(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new DecodeError(`bad character reference ${whole}`);
      }
      return String.fromCodePoint(code);
    }
    const value = predefined[name];
    if (value === undefined) throw new DecodeError(`unknown entity ${whole}`);
    return value;
  });
}

type Ordered = Record<string, unknown>;

export function readXml(xml: string): XmlReadResult {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { ok: false, problem: 'dtd', detail: 'DTD' };
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) return { ok: false, problem: 'malformed', detail: `${valid.err.msg} (line ${valid.err.line})` };
  let nodes: Ordered[];
  try {
    nodes = parser.parse(xml) as Ordered[];
  } catch (error) {
    return { ok: false, problem: 'malformed', detail: String((error as Error).message) };
  }
  const roots = nodes.filter((node) => !('#text' in node) && !('#cdata' in node) && !('?xml' in node));
  if (roots.length !== 1) return { ok: false, problem: 'malformed', detail: 'one root element expected' };
  try {
    return {
      ok: true,
      root: toElement(roots[0] as Ordered, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])),
    };
  } catch (error) {
    if (error instanceof DecodeError) return { ok: false, problem: 'malformed', detail: error.message };
    if (error instanceof PrefixError) return { ok: false, problem: 'prefix', detail: error.message };
    throw error;
  }
}

class PrefixError extends Error {}

function toElement(node: Ordered, scope: Map<string, string>): XmlElement {
  const qname = Object.keys(node).find((key) => key !== ':@') as string;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const attrs: Record<string, string> = {};
  const prefixed: [string, string, string][] = [];
  let inner = scope;
  for (const [name, raw] of Object.entries(rawAttrs)) {
    const value = decode(raw);
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (inner === scope) inner = new Map(scope);
      inner.set(name === 'xmlns' ? '' : name.slice(6), value);
    } else if (name.includes(':')) {
      const at = name.indexOf(':');
      prefixed.push([name.slice(0, at), name.slice(at + 1), value]);
    } else {
      attrs[name] = value;
    }
  }
  for (const [prefix, local, value] of prefixed) {
    const ns = inner.get(prefix);
    if (ns === undefined) throw new PrefixError(`undeclared prefix ${prefix}`);
    attrs[`{${ns}}${local}`] = value;
  }
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const local = colon < 0 ? qname : qname.slice(colon + 1);
  const ns = inner.get(prefix);
  if (ns === undefined && prefix !== '') throw new PrefixError(`undeclared prefix ${prefix}`);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[qname] ?? []) as Ordered[]) {
    if ('#text' in child) text += decode(String(child['#text']));
    else if ('#cdata' in child) {
      for (const part of child['#cdata'] as Ordered[]) text += String(part['#text'] ?? '');
    } else children.push(toElement(child, inner));
  }
  return { ns: ns ?? '', local, attrs, children, text };
}

/** An element to write: a namespace prefix already in the name. */
export interface XmlNode {
  name: string;
  attrs?: Record<string, string>;
  children?: XmlNode[];
  text?: string;
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  suppressEmptyNode: true,
  processEntities: true,
});

function toOrdered(node: XmlNode): Ordered {
  const content: Ordered[] = [];
  if (node.text !== undefined && node.text !== '') content.push({ '#text': node.text });
  for (const child of node.children ?? []) content.push(toOrdered(child));
  const ordered: Ordered = { [node.name]: content };
  if (node.attrs && Object.keys(node.attrs).length > 0) ordered[':@'] = node.attrs;
  return ordered;
}

export function writeXml(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([toOrdered(root)]) as string}`;
}
