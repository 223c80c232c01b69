/**
 * Writing and reading edXML packages and status messages. Reading never throws on bad input: it returns the
 * typed value or the list of field problems (path, code, vi/en message). Sizes are checked before any work that
 * grows with them: the whole text first, each attachment's decoded size from its base64 length before decoding.
 */
import type { FieldIssue } from '../../shared/errors';
import { CongsoError } from '../../shared/errors';
import { decodeBase64, decodedLengthOfBase64, encodeBase64 } from './base64';
import { edxmlIssue } from './issues';
import type {
  Attachment,
  Business,
  EdxmlPackage,
  MessageHeader,
  Organ,
  ResponseFor,
  StaffInfo,
  StatusMessage,
  TraceHeader,
} from './types';
import { EDXML_NAMESPACE, XLINK_NAMESPACE, XMLDSIG_NAMESPACE } from './types';
import { EDXML_MAX_ATTACHMENT_BYTES, EDXML_MAX_PACKAGE_CHARS, validatePackage, validateStatus } from './validate';
import { readXml, writeXml, type XmlElement, type XmlNode } from './xml-tree';

export type EdxmlResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export interface EdxmlReadOptions {
  maxAttachmentBytes?: number;
  maxChars?: number;
}

// ---------------------------------------------------------------- writing

const P = 'edXML:';

function leaf(name: string, value: string | number | undefined): XmlNode[] {
  if (value === undefined || value === '') return [];
  return [{ name: P + name, text: String(value) }];
}

function group(name: string, children: XmlNode[], attrs?: Record<string, string>): XmlNode {
  return attrs ? { name: P + name, children, attrs } : { name: P + name, children };
}

function organNode(name: string, o: Organ): XmlNode {
  return group(name, [
    ...leaf('OrganId', o.organId),
    ...leaf('OrganizationInCharge', o.organizationInCharge),
    ...leaf('OrganName', o.organName),
    ...leaf('OrganAdd', o.organAdd),
    ...leaf('Email', o.email),
    ...leaf('Telephone', o.telephone),
    ...leaf('Fax', o.fax),
    ...leaf('Website', o.website),
  ]);
}

function responseForNode(r: ResponseFor): XmlNode {
  return group('ResponseFor', [
    ...leaf('OrganId', r.organId),
    ...leaf('Code', r.code),
    ...leaf('PromulgationDate', r.promulgationDate),
    ...leaf('DocumentId', r.documentId),
  ]);
}

function staffNode(s: StaffInfo | undefined): XmlNode[] {
  if (!s) return [];
  return [
    group('StaffInfo', [
      ...leaf('Department', s.department),
      ...leaf('Staff', s.staff),
      ...leaf('Mobile', s.mobile),
      ...leaf('Email', s.email),
    ]),
  ];
}

function headerNode(h: MessageHeader): XmlNode {
  const o = h.otherInfo;
  return group('MessageHeader', [
    organNode('From', h.from),
    ...h.to.map((t) => organNode('To', t)),
    group('Code', [...leaf('CodeNumber', h.code.codeNumber), ...leaf('CodeNotation', h.code.codeNotation)]),
    group('PromulgationInfo', [
      ...leaf('Place', h.promulgationInfo.place),
      ...leaf('PromulgationDate', h.promulgationInfo.promulgationDate),
    ]),
    group('DocumentType', [...leaf('Type', h.documentType.type), ...leaf('TypeName', h.documentType.typeName)]),
    ...leaf('Subject', h.subject),
    ...leaf('Content', h.content),
    group('SignerInfo', [
      ...leaf('Competence', h.signerInfo.competence),
      ...leaf('Position', h.signerInfo.position),
      ...leaf('FullName', h.signerInfo.fullName),
    ]),
    ...leaf('DueDate', h.dueDate),
    group(
      'ToPlaces',
      h.toPlaces.flatMap((place) => leaf('Place', place)),
    ),
    group('OtherInfo', [
      ...leaf('Priority', o.priority),
      ...leaf('SphereOfPromulgation', o.sphereOfPromulgation),
      ...leaf('TyperNotation', o.typerNotation),
      ...leaf('PromulgationAmount', o.promulgationAmount),
      ...leaf('PageAmount', o.pageAmount),
      group(
        'Appendixes',
        o.appendixes.flatMap((a) => leaf('Appendix', a)),
      ),
    ]),
    ...h.responseFor.map(responseForNode),
    ...leaf('SteeringType', h.steeringType),
    ...leaf('DocumentId', h.documentId),
  ]);
}

function refuse(issues: FieldIssue[]): never {
  throw new CongsoError('VALIDATION_FAILED', { details: issues });
}

const rootAttrs = { 'xmlns:edXML': EDXML_NAMESPACE, 'xmlns:xlink': XLINK_NAMESPACE };

/** The package as edXML text. Throws VALIDATION_FAILED (with the field problems) for a value the standard refuses. */
export function buildEdxmlPackage(value: EdxmlPackage, options: { maxAttachmentBytes?: number } = {}): string {
  const issues = validatePackage(value, options);
  if (issues.length > 0) refuse(issues);
  const b = value.business;
  return writeXml({
    name: `${P}edXMLEnvelope`,
    attrs: rootAttrs,
    children: [
      group('edXMLHeader', [
        headerNode(value.header),
        group('TraceHeaderList', [
          ...value.traceHeaders.map((t) =>
            group('TraceHeader', [...leaf('OrganId', t.organId), ...leaf('Timestamp', t.timestamp)]),
          ),
          group('Bussiness', [
            ...leaf('BussinessDocType', b.businessDocType),
            ...leaf('BussinessDocReason', b.businessDocReason),
            ...leaf('Paper', b.paper),
            ...staffNode(b.staffInfo),
          ]),
        ]),
      ]),
      group('edXMLBody', [
        group(
          'edXMLManifest',
          value.attachments.map((a) =>
            group(
              'Reference',
              [
                ...leaf('AttachmentName', a.attachmentName),
                ...leaf('Description', a.description),
                ...leaf('ContentType', a.contentType),
              ],
              { 'xlink:href': `cid:${a.contentId}` },
            ),
          ),
          { version: '1.0' },
        ),
      ]),
      group(
        'AttachmentEncoded',
        value.attachments.map((a) =>
          group('Attachment', [
            ...leaf('ContentId', a.contentId),
            ...leaf('ContentType', a.contentType),
            ...leaf('Description', a.description),
            ...leaf('AttachmentName', a.attachmentName),
            { name: `${P}ContentTransferEncoded`, text: encodeBase64(a.content) },
          ]),
        ),
      ),
    ],
  });
}

/** A status message (gói tin trạng thái) as edXML text. */
export function buildEdxmlStatus(value: StatusMessage): string {
  const issues = validateStatus(value);
  if (issues.length > 0) refuse(issues);
  return writeXml({
    name: `${P}edXMLEnvelope`,
    attrs: rootAttrs,
    children: [
      group('edXMLHeader', [
        group('Status', [
          responseForNode(value.responseFor),
          organNode('From', value.from),
          ...leaf('StatusCode', value.statusCode),
          ...leaf('Description', value.description),
          ...leaf('Timestamp', value.timestamp),
          ...staffNode(value.staffInfo),
        ]),
      ]),
    ],
  });
}

// ---------------------------------------------------------------- reading

const isEdxml = (e: XmlElement, local: string) => e.ns === EDXML_NAMESPACE && e.local === local;
const child = (e: XmlElement | undefined, local: string) => e?.children.find((c) => isEdxml(c, local));
const children = (e: XmlElement | undefined, local: string) => e?.children.filter((c) => isEdxml(c, local)) ?? [];
/** The element's text, undefined when absent or empty (an empty optional element is the same as none). */
const textOf = (e: XmlElement | undefined, local: string): string | undefined => {
  const value = child(e, local)?.text;
  return value === undefined || value === '' ? undefined : value;
};
const req = (e: XmlElement | undefined, local: string) => textOf(e, local) ?? '';
const num = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : /^[0-9]{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
/** A required number: undefined when absent (required), NaN when not a number (refused as out of range). */
const reqNum = (e: XmlElement | undefined, local: string): number => num(textOf(e, local)) as number;

function optional<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

function readOrgan(e: XmlElement | undefined): Organ {
  return optional({
    organId: req(e, 'OrganId'),
    organizationInCharge: textOf(e, 'OrganizationInCharge'),
    organName: req(e, 'OrganName'),
    organAdd: textOf(e, 'OrganAdd'),
    email: textOf(e, 'Email'),
    telephone: textOf(e, 'Telephone'),
    fax: textOf(e, 'Fax'),
    website: textOf(e, 'Website'),
  });
}

function readResponseFor(e: XmlElement | undefined): ResponseFor {
  return {
    organId: req(e, 'OrganId'),
    code: req(e, 'Code'),
    promulgationDate: req(e, 'PromulgationDate'),
    documentId: req(e, 'DocumentId'),
  };
}

function readStaff(e: XmlElement | undefined): StaffInfo | undefined {
  if (!e) return undefined;
  return optional({
    department: textOf(e, 'Department'),
    staff: textOf(e, 'Staff'),
    mobile: textOf(e, 'Mobile'),
    email: textOf(e, 'Email'),
  });
}

function readHeader(h: XmlElement): MessageHeader {
  const code = child(h, 'Code');
  const info = child(h, 'PromulgationInfo');
  const type = child(h, 'DocumentType');
  const signer = child(h, 'SignerInfo');
  const other = child(h, 'OtherInfo');
  return optional({
    from: readOrgan(child(h, 'From')),
    to: children(h, 'To').map(readOrgan),
    code: { codeNumber: req(code, 'CodeNumber'), codeNotation: req(code, 'CodeNotation') },
    promulgationInfo: { place: req(info, 'Place'), promulgationDate: req(info, 'PromulgationDate') },
    documentType: { type: reqNum(type, 'Type'), typeName: req(type, 'TypeName') },
    subject: req(h, 'Subject'),
    content: textOf(h, 'Content'),
    signerInfo: optional({
      competence: textOf(signer, 'Competence'),
      position: req(signer, 'Position'),
      fullName: req(signer, 'FullName'),
    }),
    dueDate: textOf(h, 'DueDate'),
    toPlaces: children(child(h, 'ToPlaces'), 'Place').map((p) => p.text),
    otherInfo: optional({
      priority: reqNum(other, 'Priority') as MessageHeader['otherInfo']['priority'],
      sphereOfPromulgation: textOf(other, 'SphereOfPromulgation'),
      typerNotation: textOf(other, 'TyperNotation'),
      promulgationAmount: num(textOf(other, 'PromulgationAmount')),
      pageAmount: num(textOf(other, 'PageAmount')),
      appendixes: children(child(other, 'Appendixes'), 'Appendix').map((a) => a.text),
    }),
    responseFor: children(h, 'ResponseFor').map(readResponseFor),
    steeringType: (num(textOf(h, 'SteeringType')) ?? 0) as MessageHeader['steeringType'],
    documentId: req(h, 'DocumentId'),
  });
}

type Envelope = { ok: true; envelope: XmlElement; header: XmlElement } | { ok: false; issues: FieldIssue[] };

function readEnvelope(xml: string, maxChars: number): Envelope {
  if (xml.length > maxChars) return { ok: false, issues: [edxmlIssue('', { code: 'too_large', max: maxChars })] };
  const read = readXml(xml);
  if (!read.ok) {
    const issue =
      read.problem === 'dtd'
        ? edxmlIssue('', { code: 'dtd_forbidden' })
        : edxmlIssue('', { code: 'malformed_xml', detail: read.detail });
    return { ok: false, issues: [issue] };
  }
  const root = read.root;
  if (root.local !== 'edXMLEnvelope') return { ok: false, issues: [edxmlIssue('edXMLEnvelope', { code: 'required' })] };
  if (root.ns !== EDXML_NAMESPACE) return { ok: false, issues: [edxmlIssue('edXMLEnvelope', { code: 'namespace' })] };
  const header = child(root, 'edXMLHeader');
  if (!header) return { ok: false, issues: [edxmlIssue('edXMLHeader', { code: 'required' })] };
  return { ok: true, envelope: root, header };
}

/** Which kind of edXML message a text holds, for an endpoint that takes both. */
export function edxmlKindOf(xml: string): 'package' | 'status' | null {
  const head = xml.slice(0, 4096);
  if (/<([A-Za-z_][\w.-]*:)?Status[\s>]/.test(head)) return 'status';
  if (/<([A-Za-z_][\w.-]*:)?MessageHeader[\s>]/.test(head)) return 'package';
  return null;
}

export function parseEdxmlPackage(xml: string, options: EdxmlReadOptions = {}): EdxmlResult<EdxmlPackage> {
  const maxBytes = options.maxAttachmentBytes ?? EDXML_MAX_ATTACHMENT_BYTES;
  const read = readEnvelope(xml, options.maxChars ?? EDXML_MAX_PACKAGE_CHARS);
  if (!read.ok) return read;
  const messageHeader = child(read.header, 'MessageHeader');
  if (!messageHeader) return { ok: false, issues: [edxmlIssue('MessageHeader', { code: 'required' })] };
  for (const e of read.header.children) {
    if (!(e.ns === EDXML_NAMESPACE || (e.ns === XMLDSIG_NAMESPACE && e.local === 'Signature'))) {
      return { ok: false, issues: [edxmlIssue(`edXMLHeader.${e.local}`, { code: 'namespace' })] };
    }
  }
  const header = readHeader(messageHeader);
  const traceList = child(read.header, 'TraceHeaderList');
  const traceHeaders: TraceHeader[] = children(traceList, 'TraceHeader').map((t) => ({
    organId: req(t, 'OrganId'),
    timestamp: req(t, 'Timestamp'),
  }));
  const b = child(traceList, 'Bussiness');
  const business: Business = optional({
    businessDocType: (num(textOf(b, 'BussinessDocType')) ?? 0) as Business['businessDocType'],
    businessDocReason: textOf(b, 'BussinessDocReason'),
    paper: (num(textOf(b, 'Paper')) ?? 0) as Business['paper'],
    staffInfo: readStaff(child(b, 'StaffInfo')),
  });

  const issues: FieldIssue[] = [];
  const references = children(child(child(read.envelope, 'edXMLBody'), 'edXMLManifest'), 'Reference');
  const encoded = children(child(read.envelope, 'AttachmentEncoded'), 'Attachment');
  const attachments: Attachment[] = encoded.map((a, i) => {
    const path = `AttachmentEncoded.Attachment[${i}].ContentTransferEncoded`;
    const base64 = child(a, 'ContentTransferEncoded')?.text ?? '';
    const size = decodedLengthOfBase64(base64);
    let content: Uint8Array = new Uint8Array(0);
    if (base64 === '') issues.push(edxmlIssue(path, { code: 'required' }));
    else if (size === null) issues.push(edxmlIssue(path, { code: 'base64' }));
    else if (size > maxBytes) issues.push(edxmlIssue(path, { code: 'too_large', max: maxBytes }));
    else {
      const decoded = decodeBase64(base64);
      if (decoded === null) issues.push(edxmlIssue(path, { code: 'base64' }));
      else content = decoded;
    }
    return optional({
      contentId: req(a, 'ContentId'),
      contentType: req(a, 'ContentType'),
      description: textOf(a, 'Description'),
      attachmentName: req(a, 'AttachmentName'),
      content,
    });
  });
  // The manifest lists each attachment once, by cid, with the same name and type.
  const byId = new Map(attachments.map((a) => [a.contentId, a]));
  const referenced = new Set<string>();
  references.forEach((r, i) => {
    const path = `edXMLBody.edXMLManifest.Reference[${i}]`;
    const href = r.attrs[`{${XLINK_NAMESPACE}}href`] ?? '';
    const id = href.startsWith('cid:') ? href.slice(4) : '';
    const target = byId.get(id);
    if (!target) {
      issues.push(
        edxmlIssue(`${path}.href`, { code: 'mismatch', expected: 'cid: of an attachment in AttachmentEncoded' }),
      );
      return;
    }
    if (referenced.has(id)) issues.push(edxmlIssue(`${path}.href`, { code: 'duplicate' }));
    referenced.add(id);
    if (req(r, 'AttachmentName') !== target.attachmentName) {
      issues.push(edxmlIssue(`${path}.AttachmentName`, { code: 'mismatch', expected: target.attachmentName }));
    }
  });
  attachments.forEach((a, i) => {
    if (!referenced.has(a.contentId)) {
      issues.push(
        edxmlIssue(`AttachmentEncoded.Attachment[${i}].ContentId`, {
          code: 'mismatch',
          expected: 'a Reference in edXMLManifest',
        }),
      );
    }
  });
  const value: EdxmlPackage = { header, traceHeaders, business, attachments };
  issues.unshift(
    ...validatePackage(value, { maxAttachmentBytes: maxBytes }).filter(
      (v) => !v.path.endsWith('ContentTransferEncoded'),
    ),
  );
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

export function parseEdxmlStatus(xml: string, options: { maxChars?: number } = {}): EdxmlResult<StatusMessage> {
  const read = readEnvelope(xml, options.maxChars ?? 1024 * 1024);
  if (!read.ok) return read;
  const s = child(read.header, 'Status');
  if (!s) return { ok: false, issues: [edxmlIssue('Status', { code: 'required' })] };
  const value = optional({
    responseFor: readResponseFor(child(s, 'ResponseFor')),
    from: readOrgan(child(s, 'From')),
    statusCode: req(s, 'StatusCode') as StatusMessage['statusCode'],
    description: textOf(s, 'Description'),
    timestamp: req(s, 'Timestamp'),
    staffInfo: readStaff(child(s, 'StaffInfo')),
  });
  const issues = validateStatus(value);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}
