/** 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (A5 portrait). */
import { clean, formatVnTime } from './format';
import { openDossierNotice, unitName } from './parts';
import type { SupplementRequestForm } from './types';

export const SUPPLEMENT_REQUEST_TITLE = 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ';

export function renderSupplementRequest(form: SupplementRequestForm): Promise<Buffer> {
  const w = openDossierNotice(form, SUPPLEMENT_REQUEST_TITLE, 'Hồ sơ của');
  w.paragraph(`Sau khi xem xét, ${unitName(form)} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:`);
  w.moveDown(3);
  w.table(
    [
      { header: 'TT', width: 7, align: 'center' },
      { header: 'Giấy tờ, nội dung cần bổ sung, hoàn thiện', width: 50 },
      { header: 'Lý do', width: 43 },
    ],
    form.items.map((item, i) => [String(i + 1), clean(item.name, 800), clean(item.reason, 800)]),
  );
  w.moveDown(4);
  const reason = clean(form.reason, 1500);
  if (reason) w.field('Lý do', reason);
  if (form.supplementBy)
    w.field('Thời hạn bổ sung hồ sơ', `trước ${formatVnTime(form.supplementBy)}`, { valueStyle: 'bold' });
  w.paragraph('Thời gian chờ bổ sung hồ sơ không tính vào thời hạn giải quyết hồ sơ.', 'italic');
  if (form.contact) {
    const phone = clean(form.contact.phone, 60);
    w.paragraph(
      `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với ${clean(form.contact.name, 200)}${
        phone ? `, số điện thoại ${phone}` : ''
      } để được hướng dẫn./.`,
    );
  }
  w.signatures([null, { heading: 'Người hướng dẫn', position: form.officer.position, name: form.officer.name }]);
  w.pageNumbers();
  return w.end();
}
