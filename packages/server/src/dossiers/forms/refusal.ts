/** 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ (A5 portrait). */
import { clean } from './format';
import { A5_PORTRAIT, FormWriter, oneStopAgencyLines } from './layout';
import { unitName, writeApplicant, writeDossierCode, writeReceivedAt, writeRequest } from './parts';
import type { RefusalForm } from './types';

export const REFUSAL_TITLE = 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ';

export function renderRefusal(form: RefusalForm): Promise<Buffer> {
  const w = new FormWriter(A5_PORTRAIT, `${REFUSAL_TITLE} ${clean(form.dossierCode, 60)}`);
  w.header(oneStopAgencyLines(form.agency), form.agency.place, form.issuedAt, form.number ?? null);
  w.title(REFUSAL_TITLE);
  w.moveDown(2);
  writeDossierCode(w, form.dossierCode);
  writeApplicant(w, form.applicant, `${unitName(form)} tiếp nhận hồ sơ của`);
  writeRequest(w, form);
  writeReceivedAt(w, form.receivedAt);
  w.moveDown(3);
  w.paragraph(
    `Qua nghiên cứu, đối chiếu với các quy định hiện hành, ${unitName(form)} từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`,
    'regular',
    { align: 'justify' },
  );
  w.moveDown(2);
  w.paragraph(clean(form.reason, 3000) || '.'.repeat(60), 'bold', { indent: 14, align: 'justify' });
  w.moveDown(3);
  w.paragraph('Xin thông báo cho Ông/Bà được biết và thực hiện./.');
  const heading = clean(form.signerHeading, 120) || 'Người tiếp nhận hồ sơ';
  w.signatures([null, { heading, position: form.officer.position, name: form.officer.name }]);
  w.pageNumbers();
  return w.end();
}
