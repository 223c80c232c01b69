/**
 * Why a dossier counts as it does in a figure (the drill-down): "late: two supplement requests".
 */

import type { LocalizedText } from '../shared/errors';
import { type IocDossierFact, isLateWhileOpen, isOpenAt } from './facts';

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const day = (text: string) => {
  const d = new Date(Date.parse(text) + VN_OFFSET_MS);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};
const viCount = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín', 'mười'];
const enCount = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const vi = (n: number) => viCount[n] ?? String(n);
const en = (n: number) => enCount[n] ?? String(n);

/** Why the dossier is late (or not), ended or in progress at `at`. */
function lateReasons(fact: IocDossierFact, end: string | null): LocalizedText[] {
  const out: LocalizedText[] = [];
  if (fact.lateBySupplements) {
    out.push({
      vi: `${vi(fact.supplementCount)} lần yêu cầu bổ sung`,
      en: `${en(fact.supplementCount)} supplement requests`,
    });
  }
  if (fact.lateApologies > 0) {
    out.push({ vi: 'đã gửi thư xin lỗi, hẹn lại ngày trả', en: 'an apology letter set a new date' });
  }
  if (fact.dueAt && end && Date.parse(end) > Date.parse(fact.dueAt)) {
    out.push({
      vi: `quá ngày hẹn trả ${day(fact.dueAt)}`,
      en: `past the return date ${day(fact.dueAt)}`,
    });
  }
  return out;
}

const join = (parts: LocalizedText[]): LocalizedText => ({
  vi: parts.map((p) => p.vi).join('; '),
  en: parts.map((p) => p.en).join('; '),
});

/**
 * The reason a dossier counts as it does: by its end of processing, or, when `at` is given and it was still
 * in progress then, by its state at `at`.
 */
export function reasonOf(fact: IocDossierFact, at?: Date): LocalizedText {
  if (at && isOpenAt(fact, at)) {
    if (isLateWhileOpen(fact, at)) {
      const end =
        fact.waitingSince && Date.parse(fact.waitingSince) <= at.getTime() ? fact.waitingSince : at.toISOString();
      const why = join(lateReasons(fact, end));
      return { vi: `Đang giải quyết, quá hạn: ${why.vi}`, en: `In progress, late: ${why.en}` };
    }
    if (fact.waitingSince && Date.parse(fact.waitingSince) <= at.getTime()) {
      return {
        vi: `Đang chờ bổ sung từ ${day(fact.waitingSince)} (yêu cầu trong hạn)`,
        en: `Waiting for a supplement since ${day(fact.waitingSince)} (asked within the deadline)`,
      };
    }
    return {
      vi: `Đang giải quyết, trong hạn${fact.dueAt ? ` (hẹn trả ${day(fact.dueAt)})` : ''}`,
      en: `In progress, within the deadline${fact.dueAt ? ` (due ${day(fact.dueAt)})` : ''}`,
    };
  }
  if (!fact.endedAt || !fact.outcome) {
    if (!fact.receivedAt) return { vi: 'Chưa được tiếp nhận', en: 'Not received' };
    return { vi: 'Đang giải quyết', en: 'In progress' };
  }
  const how: LocalizedText =
    fact.status === 'stopped'
      ? { vi: 'dừng xử lý, từ chối', en: 'stopped or refused' }
      : fact.status === 'withdrawn'
        ? { vi: 'công dân rút hồ sơ', en: 'withdrawn by the applicant' }
        : { vi: 'đã xử lý xong', en: 'processed' };
  const when = { vi: `${how.vi} ngày ${day(fact.endedAt)}`, en: `${how.en} on ${day(fact.endedAt)}` };
  if (fact.outcome === 'late') {
    const why = join(lateReasons(fact, fact.endedAt));
    return { vi: `Quá hạn: ${why.vi} (${when.vi})`, en: `Late: ${why.en} (${when.en})` };
  }
  const label = fact.outcome === 'early' ? { vi: 'Trước hạn', en: 'Early' } : { vi: 'Đúng hạn', en: 'On time' };
  const due = fact.dueAt ? { vi: `, hẹn trả ${day(fact.dueAt)}`, en: `, due ${day(fact.dueAt)}` } : { vi: '', en: '' };
  return { vi: `${label.vi}: ${when.vi}${due.vi}`, en: `${label.en}: ${when.en}${due.en}` };
}
