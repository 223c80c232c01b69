/**
 * View models of the one-stop forms (Thông tư 01/2018/TT-VPCP shape). Plain data: the caller (a route, a
 * job) reads the dossier, the procedure snapshot, the agency tree and the officers, and fills these; the
 * renderers never read a database or a clock. Every date is an instant (`Date`) printed in Vietnam time.
 * See README.md for where each field comes from.
 */
import type { Apology, Deadline, DossierStatus, Outcome, Procedure, RequiredDocument } from '@congso/core';

/** The issuing agency as the top-left block of a form prints it. */
export interface FormAgency {
  /** The governing body above the issuing agency, e.g. "UBND tỉnh Thanh Hóa" (optional first line). */
  parentName?: string;
  /** The issuing agency, e.g. "Ủy ban nhân dân xã Quảng Phú" (printed in capitals). */
  name: string;
  /** The one-stop unit, e.g. "Bộ phận Một cửa" or "Trung tâm Phục vụ hành chính công" (bold capitals). */
  oneStopUnit: string;
  /** Place in the place and date line ("Quảng Phú, ngày … tháng … năm …"). */
  place: string;
}

/** An officer who signs a form. */
export interface FormOfficer {
  name: string;
  /** Position printed under the heading when it matters, e.g. "Công chức Tư pháp - Hộ tịch". */
  position?: string;
}

/** The applicant (chủ hồ sơ) as the forms print it. */
export interface FormApplicant {
  /** Person or organisation name. */
  name: string;
  /** CCCD (12 digits), tax code or business code. */
  idNumber?: string;
  address?: string;
  phone?: string;
  email?: string;
}

/** What the forms print of the procedure. */
export type FormProcedure = Pick<Procedure, 'code' | 'name'>;

/** Fields every one-stop form shares. */
export interface FormCommon {
  agency: FormAgency;
  /** The form's number ("Số: 125/TNHS"); omitted = a blank to fill by hand. */
  number?: string;
  /** The date of the place and date line (usually the time of the action). */
  issuedAt: Date;
  dossierCode: string;
  applicant: FormApplicant;
  procedure: FormProcedure;
}

/**
 * A document handed over with the dossier, as form 01 lists it: what the clerk received at the counter (its
 * form and number of copies), an e-form's upload (its files), or — for a dossier opened before these were
 * kept — the procedure's required document with its usual counts (`original`, `copy`).
 */
export type ReceivedDocument = Pick<RequiredDocument, 'name'> &
  Partial<Pick<RequiredDocument, 'original' | 'copy'>> & {
    /** The printed form ("Bản chính", "Bản sao chứng thực", "Bản điện tử"); default from original/copy. */
    form?: string;
    /** How many were handed over (copies, or files); default original + copy. */
    copies?: number;
    /** The names of the files uploaded for it, printed under its name. */
    files?: readonly string[];
  };

/** 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptForm extends FormCommon {
  /** Public portal address; the QR code encodes `${baseUrl}/tra-cuu?ma=<dossier code>`. */
  baseUrl: string;
  documents: readonly ReceivedDocument[];
  /** Number of sets (bộ) received; default 1. */
  setCount?: number;
  /** The procedure's deadline for the channel: "Thời gian giải quyết: 5 ngày làm việc". */
  deadline: Pick<Deadline, 'amount' | 'unit'> & { text?: string };
  receivedAt: Date;
  /** Appointment for the result (the dossier's due date). */
  dueAt: Date;
  /** Where the result is collected ("Bộ phận Một cửa UBND xã Quảng Phú", "Trả qua dịch vụ bưu chính"). */
  returnPlace: string;
  /** Fee (phí, lệ phí) in VND; omitted = no fee line, 0 = "Miễn phí". */
  feeVnd?: number;
  /** "Vào Sổ theo dõi hồ sơ, Quyển số: … Số thứ tự: …". */
  register: { book: string; number: number | string };
  receiver: FormOfficer;
}

/** An item to supplement or correct (from the supplement request's `items`). */
export interface SupplementItem {
  name: string;
  /** Why it is needed or what is wrong with it. */
  reason?: string;
}

/** 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface SupplementRequestForm extends FormCommon {
  receivedAt: Date;
  items: readonly SupplementItem[];
  /** The general reason of the request. */
  reason?: string;
  /** Date by which the applicant should supplement, if the procedure sets one. */
  supplementBy?: Date | null;
  /** Who to ask while completing the dossier ("liên hệ với … số điện thoại …"). */
  contact?: { name: string; phone?: string };
  officer: FormOfficer;
}

/** 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface RefusalForm extends FormCommon {
  /** When the dossier was filed (online) or brought to the counter. */
  receivedAt: Date;
  reason: string;
  officer: FormOfficer;
  /**
   * Heading of the signature block; default "Người tiếp nhận hồ sơ" (a refusal to receive, signed by the
   * clerk). A refusal after examination (`refuse`) is signed by the head who decided, e.g. "Chủ tịch".
   */
  signerHeading?: string;
}

/**
 * 05 Thông báo dừng giải quyết hồ sơ [verify: DOMAIN.md lists it, the circular's exact wording was not
 * available]: the agency stops a dossier (`stop`, decided by its leader, with a reason), or the applicant
 * withdraws it (`withdraw`, at the counter or online, a reason optional).
 */
export interface StopNoticeForm extends FormCommon {
  receivedAt: Date;
  kind: 'stop' | 'withdraw';
  reason: string | null;
  /** Who signs: the leader who stopped it ("Chủ tịch"), or for a withdrawal the one-stop unit's officer. */
  signer: { heading: string; name: string; position?: string };
}

/** The head of the agency who signs the apology ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"). */
export interface FormHead {
  name: string;
  /** Signing authority line above the position, e.g. "KT. CHỦ TỊCH" (optional). */
  authority?: string;
  /** Position in capitals, e.g. "CHỦ TỊCH", "GIÁM ĐỐC". */
  position: string;
}

/** 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả (the dossier's `apologies` entry). */
export interface ApologyForm extends FormCommon, Pick<Apology, 'reason' | 'newDueAt'> {
  receivedAt: Date;
  /** The appointment on the receipt (or of the previous apology). */
  previousDueAt: Date;
  head: FormHead;
}

/** A party of a hand-over on the control slip. */
export interface HandoverParty {
  /** Agency or unit ("Bộ phận Một cửa", "Phòng Văn hóa - Xã hội"). */
  agency: string;
  person?: string;
  at: Date | null;
}

/** One hand-over of the dossier (a finished or current step). */
export interface Handover {
  from: HandoverParty;
  to: HandoverParty;
  /** Against the step's due time; null while in progress. */
  outcome?: Outcome | null;
  note?: string;
}

/** 06 Phiếu kiểm soát quá trình giải quyết hồ sơ (A4). */
export interface ControlSlipForm extends FormCommon {
  receivedAt: Date;
  dueAt: Date;
  /** The agency (department) in charge ("Cơ quan (bộ phận) giải quyết hồ sơ"). */
  handlingAgency?: string;
  /** Agencies taking part (inter-agency procedures). */
  coordinatingAgencies?: readonly string[];
  handovers: readonly Handover[];
}

/** One row of the dossier book. */
export interface DossierBookRow {
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  address?: string;
  phone?: string;
  receivedAt: Date;
  dueAt: Date | null;
  /** The agency or department the dossier was forwarded to. */
  forwardedTo?: string;
  /** When the result was returned to the applicant. */
  returnedAt?: Date | null;
  status: DossierStatus;
  outcome?: Outcome | null;
  /** Who signed for the result (name), when known; otherwise a blank to sign on paper. */
  receivedBy?: string;
  note?: string;
}

/** 07 Sổ theo dõi hồ sơ (A4 landscape, and XLSX). */
export interface DossierBook {
  agency: FormAgency;
  /** "Quyển số". */
  book: string;
  /** Period covered (Vietnam dates). */
  from: Date;
  to: Date;
  /** Printed on the first page's date line. */
  issuedAt: Date;
  rows: readonly DossierBookRow[];
}
