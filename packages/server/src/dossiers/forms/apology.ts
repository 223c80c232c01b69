/** 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả (A5 portrait), signed by the head of the agency. */
import { clean, formatVnDate, formatVnTime } from './format';
import { A5_PORTRAIT, agencyLines, FormWriter } from './layout';
import type { ApologyForm } from './types';

export const APOLOGY_TITLE = 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ';

export function renderApology(form: ApologyForm): Promise<Buffer> {
  const w = new FormWriter(A5_PORTRAIT, `${APOLOGY_TITLE} ${clean(form.dossierCode, 60)}`);
  w.header(agencyLines(form.agency), form.agency.place, form.issuedAt, form.number ?? null);
  w.title(APOLOGY_TITLE);
  w.moveDown(2);
  const agency = clean(form.agency.name, 300);
  const name = clean(form.applicant.name, 300);
  w.centered(`Kính gửi: Ông/Bà ${name}`, 'bold');
  w.moveDown(6);
  const para = (segments: readonly (readonly [string, 'regular' | 'bold'])[]) =>
    w.rich(segments, { indent: 18, align: segments.length > 1 ? 'left' : 'justify', gap: 2 });
  para([
    [
      `Ngày ${formatVnDate(form.receivedAt)}, ${agency} tiếp nhận giải quyết hồ sơ của Ông/Bà, mã hồ sơ ${clean(
        form.dossierCode,
        60,
      )}, đề nghị giải quyết thủ tục: ${clean(form.procedure.name, 600)}.`,
      'regular',
    ],
  ]);
  para([
    ['Thời gian hẹn trả kết quả giải quyết hồ sơ: ', 'regular'],
    [`${formatVnTime(form.previousDueAt)}.`, 'regular'],
  ]);
  para([
    [
      `Tuy nhiên đến nay, ${agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.`,
      'regular',
    ],
  ]);
  para([
    ['Lý do: ', 'regular'],
    [clean(form.reason, 3000) || '.'.repeat(60), 'regular'],
  ]);
  para([
    [
      `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${agency} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào lúc `,
      'regular',
    ],
    [`${formatVnTime(form.newDueAt)}.`, 'bold'],
  ]);
  para([['Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.', 'regular']]);
  const top = w.signatures([
    null,
    {
      authority: form.head.authority,
      heading: form.head.position,
      hint: '(Ký, ghi rõ họ tên và đóng dấu)',
      name: form.head.name,
    },
  ]);
  // "Nơi nhận" on the left of the signature, as administrative letters end.
  const bottom = w.y;
  w.font('boldItalic', 9);
  w.doc.text('Nơi nhận:', w.left, top, { width: w.width / 2 - 8 });
  w.font('regular', 8.5);
  w.doc.text(`- Như trên;\n- ${clean(form.agency.oneStopUnit, 200)};\n- Lưu: VT.`, { width: w.width / 2 - 8 });
  w.y = Math.max(bottom, w.y);
  w.pageNumbers();
  return w.end();
}
