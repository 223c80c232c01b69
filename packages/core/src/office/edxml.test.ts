import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildEdxmlPackage, parseEdxmlPackage } from '../exchange/edxml/codec';
import { documentTypeOfEdxml, edxmlDocumentIdOf, incomingOfEdxmlPackage, outgoingEdxmlPackage } from './edxml';
import { documentMetadataSchema, outgoingDraftSchema } from './metadata';
import type { OutgoingState } from './outgoing';

const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');

function issued(recipients: unknown[]): OutgoingState {
  return {
    id: 'x',
    agencyId: 'a',
    issuerAbbreviation: 'STP',
    draft: outgoingDraftSchema.parse({
      typeCode: 'ke_hoach',
      subject: 'Kế hoạch phổ biến, giáo dục pháp luật năm 2027',
      signer: { position: 'Giám đốc', fullName: 'Huỳnh Thanh Sơn' },
      recipients,
      priority: 1,
      pages: 3,
      dueDate: '2026-12-31',
    }),
    drafterId: 'd',
    createdAt: new Date('2026-12-01T01:00:00Z'),
    fileId: 'f',
    status: 'issued',
    version: 7,
    reviews: [],
    signedAt: new Date('2026-12-01T02:00:00Z'),
    signerId: 's',
    issue: {
      number: 5,
      notation: '05/KH-STP',
      issuedDate: '2026-12-01',
      issuedAt: new Date('2026-12-01T03:00:00Z'),
      registerYear: 2026,
      issuedById: 'c',
    },
    sentAt: null,
  };
}

describe('office ↔ edXML', () => {
  it('an issued document becomes a package for its external recipients with a code, and back to metadata', () => {
    const state = issued([
      { kind: 'external', name: 'UBND phường Tân Ninh', organId: '000.01.20.H53' },
      { kind: 'external', name: 'Báo Tây Ninh' },
      { kind: 'note', name: 'Lưu: VT, HCTP' },
    ]);
    const pkg = outgoingEdxmlPackage({
      state,
      from: { organId: '000.00.12.H53', organName: 'Sở Tư pháp' },
      place: 'Tây Ninh',
      pdf,
      timestamp: '2026/12/01 10:00:00',
    });
    assert.ok(pkg);
    assert.deepEqual(pkg.header.to, [{ organId: '000.01.20.H53', organName: 'UBND phường Tân Ninh' }]);
    assert.deepEqual(pkg.header.toPlaces, ['UBND phường Tân Ninh', 'Báo Tây Ninh', 'Lưu: VT, HCTP']);
    assert.equal(pkg.header.documentId, '000.00.12.H53,2026/12/01,05/KH-STP');
    assert.equal(
      pkg.header.documentId,
      edxmlDocumentIdOf('000.00.12.H53', state.issue as NonNullable<typeof state.issue>),
    );
    const parsed = parseEdxmlPackage(buildEdxmlPackage(pkg));
    assert.ok(parsed.ok);
    const incoming = incomingOfEdxmlPackage(parsed.value);
    assert.deepEqual(documentMetadataSchema.parse(incoming.metadata), {
      organId: '000.00.12.H53',
      organName: 'Sở Tư pháp',
      typeCode: 'ke_hoach',
      number: '05',
      notation: 'KH-STP',
      issuedDate: '2026-12-01',
      subject: 'Kế hoạch phổ biến, giáo dục pháp luật năm 2027',
      signer: { position: 'Giám đốc', fullName: 'Huỳnh Thanh Sơn' },
      recipients: ['UBND phường Tân Ninh'],
      priority: 1,
      pages: 3,
      copies: 1,
      dueDate: '2026-12-31',
    });
    assert.deepEqual(incoming.pdf, { name: '05-KH-STP.pdf', bytes: pdf });
  });

  it('no package without an issue or without a recipient to send to; unknown type names are công văn', () => {
    const none = issued([{ kind: 'external', name: 'Báo Tây Ninh' }]);
    const args = { from: { organId: '000.00.12.H53', organName: 'Sở Tư pháp' }, place: 'Tây Ninh', pdf, timestamp: '' };
    assert.equal(outgoingEdxmlPackage({ ...args, state: none }), null);
    assert.equal(outgoingEdxmlPackage({ ...args, state: { ...none, issue: null } }), null);
    assert.equal(documentTypeOfEdxml('QUYẾT ĐỊNH'), 'quyet_dinh');
    assert.equal(documentTypeOfEdxml('Văn bản lạ'), 'cong_van');
  });
});
