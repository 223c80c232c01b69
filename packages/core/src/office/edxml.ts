/**
 * The documents office and edXML (QCVN 102:2016): an issued outgoing document as the package sent to agencies of
 * other installations, and a received package as the metadata and PDF of an incoming document. Pure functions.
 */

import type { EdxmlPackage, Organ, Priority } from '../exchange/edxml/types';
import { documentIdOf } from '../exchange/edxml/validate';
import { documentTypeOf, documentTypes } from './document-types';
import type { DocumentMetadataInput } from './metadata';
import type { OutgoingState } from './outgoing';

/** edXML's DocumentType/Type: 1 an administrative document (every type the office drafts). */
const ADMINISTRATIVE = 1;

/** `2026-12-04` → `2026/12/04` and back. */
export const edxmlDateOf = (date: string) => date.replaceAll('-', '/');
export const dateOfEdxml = (date: string) => date.replaceAll('/', '-');

/** The edXML DocumentId of an issued document: `{OrganId},{yyyy/MM/dd},{number}/{notation}`. */
export function edxmlDocumentIdOf(organId: string, issue: { notation: string; issuedDate: string }): string {
  const [codeNumber, ...rest] = issue.notation.split('/');
  return documentIdOf(organId, edxmlDateOf(issue.issuedDate), {
    codeNumber: codeNumber as string,
    codeNotation: rest.join('/'),
  });
}

/**
 * The package of an issued document for its external recipients that have an agency code (the others are
 * sent by other means): header from the draft and the issue, the signed PDF as the one attachment.
 */
export function outgoingEdxmlPackage(input: {
  state: OutgoingState;
  from: Organ;
  /** The place printed on the document ("Tây Ninh"). */
  place: string;
  pdf: Uint8Array;
  /** yyyy/MM/dd HH:mm:ss, Vietnam time. */
  timestamp: string;
}): EdxmlPackage | null {
  const { state, from } = input;
  const issue = state.issue;
  if (!issue) return null;
  const to = state.draft.recipients.flatMap((r) =>
    r.kind === 'external' && r.organId ? [{ organId: r.organId, organName: r.name }] : [],
  );
  if (to.length === 0) return null;
  const [codeNumber, ...rest] = issue.notation.split('/');
  const code = { codeNumber: codeNumber as string, codeNotation: rest.join('/') };
  const promulgationDate = edxmlDateOf(issue.issuedDate);
  const typeName = documentTypeOf(state.draft.typeCode)?.name.vi ?? state.draft.typeCode;
  return {
    header: {
      from,
      to,
      code,
      promulgationInfo: { place: input.place, promulgationDate },
      documentType: { type: ADMINISTRATIVE, typeName },
      subject: state.draft.subject,
      signerInfo: {
        position: state.draft.signer?.position ?? '',
        fullName: state.draft.signer?.fullName ?? '',
      },
      ...(state.draft.dueDate ? { dueDate: edxmlDateOf(state.draft.dueDate) } : {}),
      toPlaces: state.draft.recipients.flatMap((r) => (r.kind === 'internal' ? [] : [r.name])),
      otherInfo: {
        priority: state.draft.priority as Priority,
        promulgationAmount: state.draft.copies,
        pageAmount: state.draft.pages,
        appendixes: [],
      },
      responseFor: [],
      steeringType: 0,
      documentId: documentIdOf(from.organId, promulgationDate, code),
    },
    traceHeaders: [{ organId: from.organId, timestamp: input.timestamp }],
    business: { businessDocType: 0, paper: 0 },
    attachments: [
      {
        contentId: 'van-ban.pdf',
        contentType: 'application/pdf',
        description: 'Văn bản',
        attachmentName: `${issue.notation.replaceAll('/', '-')}.pdf`,
        content: input.pdf,
      },
    ],
  };
}

const fold = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replaceAll('đ', 'd').replaceAll('Đ', 'D').toLowerCase().trim();

/** The office's document type of a package's TypeName (by its Vietnamese name), a công văn when unknown. */
export function documentTypeOfEdxml(typeName: string) {
  const wanted = fold(typeName);
  return documentTypes.find((t) => fold(t.name.vi) === wanted)?.code ?? 'cong_van';
}

/**
 * What the incoming register records of a received package (checked afterwards with the API's schema) and its
 * PDF: the first attachment that says it is one. `organId`: the recipient of this installation it is for.
 */
export function incomingOfEdxmlPackage(pkg: EdxmlPackage): {
  metadata: DocumentMetadataInput;
  pdf: { name: string; bytes: Uint8Array } | null;
} {
  const h = pkg.header;
  const pdf = pkg.attachments.find(
    (a) => a.contentType.toLowerCase() === 'application/pdf' || a.attachmentName.toLowerCase().endsWith('.pdf'),
  );
  const signer = h.signerInfo.fullName && h.signerInfo.position ? h.signerInfo : null;
  return {
    metadata: {
      organId: h.from.organId,
      organName: h.from.organName,
      typeCode: documentTypeOfEdxml(h.documentType.typeName),
      number: h.code.codeNumber,
      notation: h.code.codeNotation,
      issuedDate: dateOfEdxml(h.promulgationInfo.promulgationDate),
      subject: h.subject,
      ...(signer ? { signer: { position: signer.position, fullName: signer.fullName } } : {}),
      recipients: h.to.map((t) => t.organName).slice(0, 200),
      priority: h.otherInfo.priority,
      pages: h.otherInfo.pageAmount && h.otherInfo.pageAmount > 0 ? h.otherInfo.pageAmount : 1,
      copies: h.otherInfo.promulgationAmount && h.otherInfo.promulgationAmount > 0 ? h.otherInfo.promulgationAmount : 1,
      ...(h.dueDate ? { dueDate: dateOfEdxml(h.dueDate) } : {}),
    },
    pdf: pdf ? { name: pdf.attachmentName, bytes: pdf.content } : null,
  };
}
