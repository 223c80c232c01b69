/**
 * The one-stop forms (Thông tư 01/2018/TT-VPCP shape): pure renderers from a view model to PDF (and the
 * dossier book to XLSX), and who issues and signs them (issuer.ts, which reads the agency and the officer).
 * See README.md.
 */

export { APOLOGY_TITLE, renderApology } from './apology';
export { CONTROL_SLIP_TITLE, type HandoverNames, handoversFromSteps, renderControlSlip } from './control-slip';
export {
  bookStatus,
  DOSSIER_BOOK_TITLE,
  excelVnDate,
  renderDossierBookPdf,
  renderDossierBookXlsx,
} from './dossier-book';
export {
  amountInWords,
  formatDeadline,
  formatFee,
  formatPlaceDate,
  formatVnDate,
  formatVnd,
  formatVnShortTime,
  formatVnTime,
  OUTCOME_LABELS,
} from './format';
export { lookupUrl } from './qr';
export { documentCount, documentForm, documentName, RECEIPT_TITLE, renderReceipt } from './receipt';
export { REFUSAL_TITLE, renderRefusal } from './refusal';
export { renderStopNotice, STOP_NOTICE_TITLE } from './stop-notice';
export { renderSupplementRequest, SUPPLEMENT_REQUEST_TITLE } from './supplement-request';
export type {
  ApologyForm,
  ControlSlipForm,
  DossierBook,
  DossierBookRow,
  FormAgency,
  FormApplicant,
  FormCommon,
  FormHead,
  FormOfficer,
  FormProcedure,
  Handover,
  HandoverParty,
  ReceiptForm,
  ReceivedDocument,
  RefusalForm,
  StopNoticeForm,
  SupplementItem,
  SupplementRequestForm,
} from './types';
