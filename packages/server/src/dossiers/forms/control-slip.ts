/** 06 Phiếu kiểm soát quá trình giải quyết hồ sơ (A4 portrait): one row per hand-over. */
import { type CurrentStep, type FinishedStep, stepLabels } from '@congso/core';
import { clean, formatVnTime, OUTCOME_LABELS } from './format';
import { A4_PORTRAIT, FormWriter, oneStopAgencyLines } from './layout';
import { writeApplicant, writeRequest } from './parts';
import type { ControlSlipForm, Handover, HandoverParty } from './types';

export const CONTROL_SLIP_TITLE = 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ';

function party(role: 'giao' | 'nhận', p: HandoverParty): string {
  const lines = [clean(p.agency, 300)];
  const person = clean(p.person, 120);
  lines.push(`Người ${role}: ${person || '....................'}`);
  // "09 giờ 00 phút, ngày 15/03/2024" on two lines, split after the comma.
  const time = p.at ? formatVnTime(p.at) : '..... giờ ..... phút, ngày ...../...../........';
  lines.push(time.replace(', ', '\n'));
  return lines.join('\n');
}

/** Names of agencies and officers, as the caller resolves them (the identity module's tree and people). */
export interface HandoverNames {
  agency(id: string): string;
  officer(id: string): string | undefined;
}

/**
 * The hand-overs of a dossier from its steps (`DossierState.steps` and `currentStep`): each finished step
 * hands the dossier to the next step (or to the current one), with the finished step's outcome and its name
 * as the note. The last finished step of a returned dossier hands the result to nobody: no row for it.
 */
export function handoversFromSteps(
  steps: readonly FinishedStep[],
  current: CurrentStep | null,
  names: HandoverNames,
): Handover[] {
  const party = (step: CurrentStep, at: Date | null): HandoverParty => ({
    agency: names.agency(step.agencyId),
    person: step.assigneeId ? names.officer(step.assigneeId) : undefined,
    at,
  });
  const next = (i: number): CurrentStep | null => steps[i + 1] ?? current;
  const rows: Handover[] = [];
  steps.forEach((step, i) => {
    const to = next(i);
    if (!to) return;
    const label = stepLabels[step.name]?.vi ?? step.name;
    rows.push({
      from: party(step, step.finishedAt),
      to: party(to, to.startedAt),
      outcome: step.outcome,
      note: step.interAgency ? `${label} (liên thông)` : label,
    });
  });
  return rows;
}

export function renderControlSlip(form: ControlSlipForm): Promise<Buffer> {
  const w = new FormWriter(A4_PORTRAIT, `${CONTROL_SLIP_TITLE} ${clean(form.dossierCode, 60)}`);
  w.header(oneStopAgencyLines(form.agency), form.agency.place, form.issuedAt, false);
  w.title(CONTROL_SLIP_TITLE, 14);
  w.centered(`Mã hồ sơ: ${clean(form.dossierCode, 60)}`, 'bold', 13);
  if (form.number) {
    w.centered(`(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: ${clean(form.number, 60)})`, 'italic', 11);
  }
  w.moveDown(8);
  writeApplicant(w, form.applicant, 'Chủ hồ sơ');
  writeRequest(w, form);
  w.field('Thời gian nhận hồ sơ', formatVnTime(form.receivedAt));
  w.field('Thời gian hẹn trả kết quả', formatVnTime(form.dueAt), { valueStyle: 'bold' });
  w.field('Cơ quan (bộ phận) giải quyết hồ sơ', clean(form.handlingAgency, 300));
  const coordinating = (form.coordinatingAgencies ?? []).map((a) => clean(a, 200)).filter(Boolean);
  if (coordinating.length) w.field('Cơ quan phối hợp giải quyết hồ sơ', coordinating.join('; '));
  w.moveDown(8);
  w.table(
    [
      { header: 'TT', width: 5, align: 'center' },
      { header: 'Giao hồ sơ\n(cơ quan, người giao, thời gian)', width: 29 },
      { header: 'Nhận hồ sơ\n(cơ quan, người nhận, thời gian)', width: 29 },
      { header: 'Kết quả giải quyết (Trước hạn/ Đúng hạn/ Quá hạn)', width: 19, align: 'center' },
      { header: 'Ghi chú', width: 18 },
    ],
    form.handovers.map((h, i) => [
      String(i + 1),
      party('giao', h.from),
      party('nhận', h.to),
      h.outcome ? OUTCOME_LABELS[h.outcome] : '',
      clean(h.note, 600),
    ]),
    { fontSize: 10.5, headerFontSize: 10.5, padding: 4, minRowHeight: 58 },
  );
  w.moveDown(6);
  w.paragraph(
    'Ghi chú: Mỗi lần giao, nhận hồ sơ, người giao và người nhận ký vào phiếu này; kết quả giải quyết của từng bước được ghi Trước hạn, Đúng hạn hoặc Quá hạn so với thời hạn của bước.',
    'italic',
    { size: 10 },
  );
  w.pageNumbers();
  return w.end();
}
