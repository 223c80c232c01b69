/** 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ (A5 portrait). */
import { clean } from './format';
import { openDossierNotice, unitName } from './parts';
import type { RefusalForm } from './types';

export const REFUSAL_TITLE = 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ';

export function renderRefusal(form: RefusalForm): Promise<Buffer> {
  const w = openDossierNotice(form, REFUSAL_TITLE, `${unitName(form)} tiếp nhận hồ sơ của`);
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
