/** Pieces of text shared by the one-stop forms. */
import { clean, formatVnTime } from './format';
import { A5_PORTRAIT, FormWriter, oneStopAgencyLines } from './layout';
import type { FormApplicant, FormCommon } from './types';

/**
 * How the A5 notices about one dossier open (02, 03, 05): the agency and national headers, the title, the
 * dossier code, the applicant (`applicantLabel`), the request and when it was received. Returns the writer
 * for the notice's own text.
 */
export function openDossierNotice(
  form: FormCommon & { receivedAt: Date },
  title: string,
  applicantLabel: string,
): FormWriter {
  const w = new FormWriter(A5_PORTRAIT, `${title} ${clean(form.dossierCode, 60)}`);
  w.header(oneStopAgencyLines(form.agency), form.agency.place, form.issuedAt, form.number ?? null);
  w.title(title);
  w.moveDown(2);
  writeDossierCode(w, form.dossierCode);
  writeApplicant(w, form.applicant, applicantLabel);
  writeRequest(w, form);
  writeReceivedAt(w, form.receivedAt);
  w.moveDown(3);
  return w;
}

/** The applicant lines shared by the one-stop forms; `afterLine` runs after each line (layout hooks). */
export function writeApplicant(
  w: FormWriter,
  applicant: FormApplicant,
  label = 'Tiếp nhận hồ sơ của',
  afterLine: () => void = () => {},
): void {
  w.field(label, clean(applicant.name, 300), { valueStyle: 'bold' });
  afterLine();
  if (applicant.idNumber) {
    w.field('Số định danh cá nhân/CCCD (mã số thuế)', clean(applicant.idNumber, 60));
    afterLine();
  }
  w.field('Địa chỉ', clean(applicant.address, 500));
  afterLine();
  w.fieldPair(['Số điện thoại', clean(applicant.phone, 60)], ['Email', clean(applicant.email, 200)]);
}

/** "Mã hồ sơ: …" (omitted for an empty code). */
export function writeDossierCode(w: FormWriter, code: string): void {
  const text = clean(code, 60);
  if (text) w.field('Mã hồ sơ', text, { valueStyle: 'bold' });
}

/** The request: "Nội dung yêu cầu giải quyết: <procedure>". */
export function writeRequest(w: FormWriter, form: Pick<FormCommon, 'procedure'>): void {
  w.field('Nội dung yêu cầu giải quyết', clean(form.procedure.name, 600), { valueStyle: 'bold' });
}

/** "Thời gian nhận hồ sơ: 08 giờ 05 phút, ngày 15/03/2024". */
export function writeReceivedAt(w: FormWriter, at: Date, label = 'Thời gian nhận hồ sơ'): void {
  w.field(label, formatVnTime(at));
}

/** "<one-stop unit> - <agency>", as the body of the forms names the unit. */
export function unitName(form: Pick<FormCommon, 'agency'>): string {
  return `${clean(form.agency.oneStopUnit, 200)} - ${clean(form.agency.name, 200)}`;
}
