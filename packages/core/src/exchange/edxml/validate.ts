/**
 * The field rules of QCVN 102:2016 as Congso applies them, one pass over a typed value (from the parser, or
 * given to the builder). Limits marked [standard] come from the standard as DOMAIN.md quotes it; the others are
 * Congso's choices, documented in README.md.
 */

import { isValidAgencyCode } from '../../identity/agency-code';
import type { FieldIssue } from '../../shared/errors';
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
import { statusCodes } from './types';

export const edxmlLimits = {
  organName: 200,
  organizationInCharge: 200,
  organAdd: 250,
  email: 100,
  telephone: 20,
  website: 100,
  codeNumber: 11,
  codeNotation: 30,
  place: 150, // [standard]
  typeName: 100,
  subject: 500, // [standard]
  content: 100_000,
  competence: 100,
  position: 100,
  fullName: 50,
  toPlace: 1000,
  toPlaces: 100,
  to: 100,
  sphereOfPromulgation: 100,
  typerNotation: 10,
  amount: 9999,
  appendix: 250, // [standard]
  appendixes: 50,
  responseFor: 20,
  traceHeaders: 100,
  businessDocReason: 500,
  staffField: 100,
  contentId: 100,
  contentType: 100,
  description: 500,
  attachmentName: 200, // [standard]
  attachments: 50,
} as const;

/** Decoded size limits; the HTTP layer refuses a larger body before reading it. */
export const EDXML_MAX_ATTACHMENT_BYTES = 30 * 1024 * 1024;
export const EDXML_MAX_PACKAGE_CHARS = 48 * 1024 * 1024;

const datePattern = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const timestampPattern = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isEdxmlDate(value: string): boolean {
  const m = datePattern.exec(value);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isEdxmlTimestamp(value: string): boolean {
  const m = timestampPattern.exec(value);
  return (
    m !== null &&
    isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) &&
    Number(m[4]) < 24 &&
    Number(m[5]) < 60 &&
    Number(m[6]) < 60
  );
}

/** `{OrganId},{yyyy/MM/dd},{number}/{notation}` */
export function documentIdOf(
  organId: string,
  promulgationDate: string,
  code: { codeNumber: string; codeNotation: string },
): string {
  return `${organId},${promulgationDate},${code.codeNumber}/${code.codeNotation}`;
}

const documentIdPattern = /^([^,]+),(\d{4}\/\d{2}\/\d{2}),([^,/]+)\/([^,]+)$/;

export function parseDocumentId(
  value: string,
): { organId: string; promulgationDate: string; codeNumber: string; codeNotation: string } | null {
  const m = documentIdPattern.exec(value);
  if (!m || !isValidAgencyCode(m[1] as string) || !isEdxmlDate(m[2] as string)) return null;
  return {
    organId: m[1] as string,
    promulgationDate: m[2] as string,
    codeNumber: m[3] as string,
    codeNotation: m[4] as string,
  };
}

const length = (value: string) => {
  let n = 0;
  for (const _ of value) n++;
  return n;
};

class Checker {
  readonly issues: FieldIssue[] = [];

  text(path: string, value: string | undefined, max: number, required: boolean): void {
    if (value === undefined || value === '') {
      if (required) this.issues.push(edxmlIssue(path, { code: 'required' }));
      return;
    }
    if (controlCharacters.test(value)) {
      this.issues.push(edxmlIssue(path, { code: 'invalid_format', expected: 'text without control characters' }));
    } else if (length(value) > max) this.issues.push(edxmlIssue(path, { code: 'too_long', max }));
  }

  pattern(
    path: string,
    value: string | undefined,
    ok: (v: string) => boolean,
    expected: string,
    required = true,
  ): void {
    if (value === undefined || value === '') {
      if (required) this.issues.push(edxmlIssue(path, { code: 'required' }));
      return;
    }
    if (!ok(value)) this.issues.push(edxmlIssue(path, { code: 'invalid_format', expected }));
  }

  oneOf(path: string, value: number | string | undefined, allowed: readonly (number | string)[]): void {
    if (value === undefined || value === '') {
      this.issues.push(edxmlIssue(path, { code: 'required' }));
    } else if (!allowed.includes(value)) {
      this.issues.push(edxmlIssue(path, { code: 'enum', allowed: allowed.join(', ') }));
    }
  }

  integer(path: string, value: number | undefined, min: number, max: number, required: boolean): void {
    if (value === undefined) {
      if (required) this.issues.push(edxmlIssue(path, { code: 'required' }));
      return;
    }
    if (!Number.isInteger(value) || value < min || value > max) {
      this.issues.push(edxmlIssue(path, { code: 'invalid_format', expected: `an integer from ${min} to ${max}` }));
    }
  }

  count(path: string, items: readonly unknown[], max: number, min = 0): void {
    if (items.length < min) this.issues.push(edxmlIssue(path, { code: 'required' }));
    if (items.length > max) this.issues.push(edxmlIssue(path, { code: 'too_long', max }));
  }

  organId(path: string, value: string | undefined): void {
    this.pattern(
      path,
      value,
      (v) => isValidAgencyCode(v) && v === v.toUpperCase(),
      'an agency code such as 000.00.00.H53',
    );
  }

  date(path: string, value: string | undefined, required = true): void {
    this.pattern(path, value, isEdxmlDate, 'yyyy/MM/dd', required);
  }

  timestamp(path: string, value: string | undefined): void {
    this.pattern(path, value, isEdxmlTimestamp, 'yyyy/MM/dd HH:mm:ss');
  }

  organ(path: string, organ: Organ): void {
    const l = edxmlLimits;
    this.organId(`${path}.OrganId`, organ.organId);
    this.text(`${path}.OrganizationInCharge`, organ.organizationInCharge, l.organizationInCharge, false);
    this.text(`${path}.OrganName`, organ.organName, l.organName, true);
    this.text(`${path}.OrganAdd`, organ.organAdd, l.organAdd, false);
    this.pattern(
      `${path}.Email`,
      organ.email,
      (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) && v.length <= l.email,
      'an e-mail address',
      false,
    );
    this.pattern(
      `${path}.Telephone`,
      organ.telephone,
      (v) => /^[0-9+() .-]{3,20}$/.test(v),
      'a telephone number',
      false,
    );
    this.pattern(`${path}.Fax`, organ.fax, (v) => /^[0-9+() .-]{3,20}$/.test(v), 'a fax number', false);
    this.text(`${path}.Website`, organ.website, l.website, false);
  }

  staff(path: string, staff: StaffInfo | undefined): void {
    if (!staff) return;
    for (const [key, name] of [
      ['department', 'Department'],
      ['staff', 'Staff'],
      ['mobile', 'Mobile'],
      ['email', 'Email'],
    ] as const) {
      this.text(`${path}.${name}`, staff[key], edxmlLimits.staffField, false);
    }
  }

  responseFor(path: string, value: ResponseFor): void {
    this.organId(`${path}.OrganId`, value.organId);
    this.text(`${path}.Code`, value.code, edxmlLimits.codeNumber + edxmlLimits.codeNotation + 1, true);
    this.date(`${path}.PromulgationDate`, value.promulgationDate);
    this.pattern(
      `${path}.DocumentId`,
      value.documentId,
      (v) => parseDocumentId(v) !== null,
      '{OrganId},{yyyy/MM/dd},{number}/{notation}',
    );
  }
}

function checkHeader(c: Checker, h: MessageHeader): void {
  const l = edxmlLimits;
  const p = 'MessageHeader';
  c.organ(`${p}.From`, h.from);
  c.count(`${p}.To`, h.to, l.to, 1);
  h.to.forEach((organ, i) => {
    c.organ(`${p}.To[${i}]`, organ);
  });
  c.pattern(
    `${p}.Code.CodeNumber`,
    h.code.codeNumber,
    (v) => /^[0-9A-Za-z.-]+$/.test(v) && v.length <= l.codeNumber,
    `letters and digits, at most ${l.codeNumber}`,
  );
  c.pattern(
    `${p}.Code.CodeNotation`,
    h.code.codeNotation,
    (v) => !/[,\s]/.test(v) && length(v) <= l.codeNotation && !controlCharacters.test(v),
    `no comma or space, at most ${l.codeNotation}`,
  );
  c.text(`${p}.PromulgationInfo.Place`, h.promulgationInfo.place, l.place, true);
  c.date(`${p}.PromulgationInfo.PromulgationDate`, h.promulgationInfo.promulgationDate);
  c.integer(`${p}.DocumentType.Type`, h.documentType.type, 0, 99, true);
  c.text(`${p}.DocumentType.TypeName`, h.documentType.typeName, l.typeName, true);
  c.text(`${p}.Subject`, h.subject, l.subject, true);
  c.text(`${p}.Content`, h.content, l.content, false);
  c.text(`${p}.SignerInfo.Competence`, h.signerInfo.competence, l.competence, false);
  c.text(`${p}.SignerInfo.Position`, h.signerInfo.position, l.position, true);
  c.text(`${p}.SignerInfo.FullName`, h.signerInfo.fullName, l.fullName, true);
  c.date(`${p}.DueDate`, h.dueDate, false);
  c.count(`${p}.ToPlaces`, h.toPlaces, l.toPlaces);
  h.toPlaces.forEach((place, i) => {
    c.text(`${p}.ToPlaces.Place[${i}]`, place, l.toPlace, true);
  });
  const o = h.otherInfo;
  c.oneOf(`${p}.OtherInfo.Priority`, o.priority, [0, 1, 2, 3, 4]);
  c.text(`${p}.OtherInfo.SphereOfPromulgation`, o.sphereOfPromulgation, l.sphereOfPromulgation, false);
  c.text(`${p}.OtherInfo.TyperNotation`, o.typerNotation, l.typerNotation, false);
  c.integer(`${p}.OtherInfo.PromulgationAmount`, o.promulgationAmount, 0, l.amount, false);
  c.integer(`${p}.OtherInfo.PageAmount`, o.pageAmount, 0, l.amount, false);
  c.count(`${p}.OtherInfo.Appendixes`, o.appendixes, l.appendixes);
  o.appendixes.forEach((a, i) => {
    c.text(`${p}.OtherInfo.Appendixes.Appendix[${i}]`, a, l.appendix, true);
  });
  c.count(`${p}.ResponseFor`, h.responseFor, l.responseFor);
  h.responseFor.forEach((r, i) => {
    c.responseFor(`${p}.ResponseFor[${i}]`, r);
  });
  c.oneOf(`${p}.SteeringType`, h.steeringType, [0, 1, 2]);
  const expected = documentIdOf(h.from.organId, h.promulgationInfo.promulgationDate, h.code);
  if (h.documentId === '') c.issues.push(edxmlIssue(`${p}.DocumentId`, { code: 'required' }));
  else if (h.documentId !== expected) c.issues.push(edxmlIssue(`${p}.DocumentId`, { code: 'mismatch', expected }));
}

function checkTrace(c: Checker, traces: TraceHeader[], business: Business): void {
  c.count('TraceHeaderList.TraceHeader', traces, edxmlLimits.traceHeaders);
  traces.forEach((t, i) => {
    c.organId(`TraceHeaderList.TraceHeader[${i}].OrganId`, t.organId);
    c.timestamp(`TraceHeaderList.TraceHeader[${i}].Timestamp`, t.timestamp);
  });
  const b = 'TraceHeaderList.Bussiness';
  c.oneOf(`${b}.BussinessDocType`, business.businessDocType, [0, 1, 2, 3]);
  c.text(`${b}.BussinessDocReason`, business.businessDocReason, edxmlLimits.businessDocReason, false);
  c.oneOf(`${b}.Paper`, business.paper, [0, 1]);
  c.staff(`${b}.StaffInfo`, business.staffInfo);
}

function checkAttachments(c: Checker, attachments: Attachment[], maxBytes: number): void {
  const l = edxmlLimits;
  c.count('AttachmentEncoded.Attachment', attachments, l.attachments);
  const seen = new Set<string>();
  attachments.forEach((a, i) => {
    const p = `AttachmentEncoded.Attachment[${i}]`;
    c.pattern(
      `${p}.ContentId`,
      a.contentId,
      (v) => /^[A-Za-z0-9._@-]+$/.test(v) && v.length <= l.contentId,
      `letters, digits, . _ @ -, at most ${l.contentId}`,
    );
    if (a.contentId !== '' && seen.has(a.contentId)) c.issues.push(edxmlIssue(`${p}.ContentId`, { code: 'duplicate' }));
    seen.add(a.contentId);
    c.pattern(
      `${p}.ContentType`,
      a.contentType,
      (v) => /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(v) && v.length <= l.contentType,
      'a media type such as application/pdf',
    );
    c.text(`${p}.Description`, a.description, l.description, false);
    c.text(`${p}.AttachmentName`, a.attachmentName, l.attachmentName, true);
    if (a.content.byteLength > maxBytes)
      c.issues.push(edxmlIssue(`${p}.ContentTransferEncoded`, { code: 'too_large', max: maxBytes }));
  });
}

export function validatePackage(value: EdxmlPackage, options: { maxAttachmentBytes?: number } = {}): FieldIssue[] {
  const c = new Checker();
  checkHeader(c, value.header);
  checkTrace(c, value.traceHeaders, value.business);
  checkAttachments(c, value.attachments, options.maxAttachmentBytes ?? EDXML_MAX_ATTACHMENT_BYTES);
  return c.issues;
}

export function validateStatus(value: StatusMessage): FieldIssue[] {
  const c = new Checker();
  c.responseFor('Status.ResponseFor', value.responseFor);
  c.organ('Status.From', value.from);
  c.oneOf('Status.StatusCode', value.statusCode, statusCodes);
  c.text('Status.Description', value.description, edxmlLimits.description, false);
  c.timestamp('Status.Timestamp', value.timestamp);
  c.staff('Status.StaffInfo', value.staffInfo);
  return c.issues;
}
