/** 05 Thông báo dừng giải quyết hồ sơ (A5 portrait): a stop by the agency, or the applicant's withdrawal. */
import { clean } from './format';
import { openDossierNotice, unitName } from './parts';
import type { StopNoticeForm } from './types';

export const STOP_NOTICE_TITLE = 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ';

export function renderStopNotice(form: StopNoticeForm): Promise<Buffer> {
  const w = openDossierNotice(form, STOP_NOTICE_TITLE, `${unitName(form)} tiếp nhận hồ sơ của`);
  const reason = clean(form.reason ?? '', 3000);
  if (form.kind === 'withdraw') {
    w.paragraph(`Theo đề nghị rút hồ sơ của Ông/Bà, ${unitName(form)} dừng giải quyết hồ sơ nêu trên.`, 'regular', {
      align: 'justify',
    });
    if (reason) {
      w.moveDown(2);
      w.paragraph(`Lý do Ông/Bà nêu: ${reason}`, 'regular', { indent: 14, align: 'justify' });
    }
  } else {
    w.paragraph(`${unitName(form)} dừng giải quyết hồ sơ nêu trên với lý do cụ thể như sau:`, 'regular', {
      align: 'justify',
    });
    w.moveDown(2);
    w.paragraph(reason || '.'.repeat(60), 'bold', { indent: 14, align: 'justify' });
  }
  w.moveDown(3);
  w.paragraph('Ông/Bà liên hệ Bộ phận Một cửa để nhận lại giấy tờ đã nộp (nếu có).', 'regular', { align: 'justify' });
  w.paragraph('Xin thông báo cho Ông/Bà được biết./.');
  w.signatures([
    null,
    {
      heading: clean(form.signer.heading, 120) || 'Người tiếp nhận hồ sơ',
      ...(form.signer.position ? { position: form.signer.position } : {}),
      name: form.signer.name,
    },
  ]);
  w.pageNumbers();
  return w.end();
}
