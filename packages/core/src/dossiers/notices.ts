/**
 * What the applicant is told of a change to their dossier (in the app and by e-mail), in Vietnamese
 * and English. Pure: built from the event and the state after it.
 */
import { vnDateKey } from '../calendar/vn-time';
import type { LocalizedText } from '../shared/errors';
import type { DossierEvent, DossierState } from './dossier-state';
import { dossierStatusInfo } from './statuses';

export interface DossierNotice {
  title: LocalizedText;
  body: LocalizedText;
}

/** "14:30 ngày 25/11/2026" / "14:30, 25/11/2026", Vietnam time. */
function when(instant: Date): LocalizedText {
  const local = new Date(instant.getTime() + 7 * 3_600_000);
  const hm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
  const [y, m, d] = vnDateKey(instant).split('-');
  return { vi: `${hm} ngày ${d}/${m}/${y}`, en: `${hm}, ${d}/${m}/${y}` };
}

const money = (amount: number) => new Intl.NumberFormat('vi-VN').format(amount);

/** Actions the applicant hears of even when the status stays the same. */
const alwaysNoticed = new Set(['submit_online', 'receive', 'apologize', 'issue_result', 'submit_supplement']);

/**
 * The notice for an event, or null when the applicant is not told (internal steps that leave the status
 * unchanged — assignment, proposals — and the applicant's own rating).
 */
export function dossierNotice(event: DossierEvent, state: DossierState): DossierNotice | null {
  if (event.action === 'rate') return null;
  if (event.fromStatus === event.toStatus && !alwaysNoticed.has(event.action)) return null;
  const status = dossierStatusInfo[state.status].labels;
  const title = { vi: `Hồ sơ ${state.code}: ${status.vi}`, en: `Dossier ${state.code}: ${status.en}` };
  const due = state.dueAt ? when(state.dueAt) : null;
  const body = ((): LocalizedText => {
    switch (event.action) {
      case 'submit_online':
        return {
          vi: 'Hồ sơ đã được nộp trực tuyến và đang chờ cán bộ một cửa tiếp nhận.',
          en: 'Your dossier was filed online and awaits receipt by the one-stop desk.',
        };
      case 'receive':
        return {
          vi: `Hồ sơ đã được tiếp nhận.${due ? ` Ngày hẹn trả kết quả: ${due.vi}.` : ''}`,
          en: `Your dossier was received.${due ? ` Results due: ${due.en}.` : ''}`,
        };
      case 'refuse_receipt':
      case 'refuse':
      case 'stop':
        return {
          vi: `Lý do: ${event.data.reason}`,
          en: `Reason: ${event.data.reason}`,
        };
      case 'request_supplement':
        return {
          vi: `Cần bổ sung: ${event.data.items.join('; ')}. Lý do: ${event.data.reason}. Thời gian giải quyết tạm dừng cho đến khi ông/bà nộp bổ sung.`,
          en: `Please add: ${event.data.items.join('; ')}. Reason: ${event.data.reason}. The deadline is paused until you submit them.`,
        };
      case 'submit_supplement':
        return {
          vi: `Đã nhận hồ sơ bổ sung; hồ sơ tiếp tục được xử lý.${due ? ` Ngày hẹn trả kết quả: ${due.vi}.` : ''}`,
          en: `The supplement was received; processing resumes.${due ? ` Results due: ${due.en}.` : ''}`,
        };
      case 'request_payment':
        return {
          vi: `Số tiền phải nộp: ${money(event.data.amount)} đồng.`,
          en: `Amount to pay: VND ${money(event.data.amount)}.`,
        };
      case 'apologize':
        return {
          vi: `Cơ quan xin lỗi vì chậm trả kết quả. Ngày hẹn mới: ${when(event.data.newDueAt).vi}. Lý do: ${event.data.reason}`,
          en: `The agency apologises for the delay. New date: ${when(event.data.newDueAt).en}. Reason: ${event.data.reason}`,
        };
      case 'issue_result':
        return {
          vi: 'Kết quả giải quyết đã có; mời ông/bà nhận kết quả.',
          en: 'The result is ready to be collected.',
        };
      case 'return_result':
        return {
          vi: 'Đã trả kết quả. Mời ông/bà đánh giá mức độ hài lòng với việc giải quyết hồ sơ.',
          en: 'The result was handed over. Please rate how satisfied you are.',
        };
      case 'withdraw':
        return { vi: 'Hồ sơ đã được rút theo yêu cầu.', en: 'The dossier was withdrawn as requested.' };
      default:
        return { vi: `Trạng thái mới: ${status.vi}.`, en: `New status: ${status.en}.` };
    }
  })();
  return { title, body };
}
