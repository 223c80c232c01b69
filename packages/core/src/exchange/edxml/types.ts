/** edXML (QCVN 102:2016/BTTTT) values as Congso reads and writes them. Names follow the standard's elements. */

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';
export const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';

/** An organisation (1.1 From, 1.2 To, and the status message's From). */
export interface Organ {
  /** Agency code of Decision 20/2020/QĐ-TTg (`000.00.00.H53`). */
  organId: string;
  organizationInCharge?: string;
  organName: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

export interface DocumentCode {
  codeNumber: string;
  codeNotation: string;
}

/** 1.11 Priority: 0 normal, 1 urgent (khẩn), 2 very urgent (thượng khẩn), 3 immediate (hỏa tốc), 4 immediate by the clock (hỏa tốc hẹn giờ). */
export type Priority = 0 | 1 | 2 | 3 | 4;
/** 1.13 SteeringType: 0 none, 1 steering document, 2 report on a steering document. */
export type SteeringType = 0 | 1 | 2;
/** BussinessDocType: 0 new, 1 revoke, 2 update, 3 replace. */
export type BusinessDocType = 0 | 1 | 2 | 3;

export interface ResponseFor {
  organId: string;
  code: string;
  /** yyyy/MM/dd */
  promulgationDate: string;
  documentId: string;
}

export interface MessageHeader {
  from: Organ;
  to: Organ[];
  code: DocumentCode;
  promulgationInfo: { place: string; promulgationDate: string };
  documentType: { type: number; typeName: string };
  subject: string;
  content?: string;
  signerInfo: { competence?: string; position: string; fullName: string };
  /** yyyy/MM/dd */
  dueDate?: string;
  toPlaces: string[];
  otherInfo: {
    priority: Priority;
    sphereOfPromulgation?: string;
    typerNotation?: string;
    promulgationAmount?: number;
    pageAmount?: number;
    appendixes: string[];
  };
  responseFor: ResponseFor[];
  steeringType: SteeringType;
  /** `{OrganId},{yyyy/MM/dd},{number}/{notation}`, see documentIdOf. */
  documentId: string;
}

export interface StaffInfo {
  department?: string;
  staff?: string;
  mobile?: string;
  email?: string;
}

export interface TraceHeader {
  organId: string;
  /** yyyy/MM/dd HH:mm:ss, Vietnam time */
  timestamp: string;
}

export interface Business {
  businessDocType: BusinessDocType;
  businessDocReason?: string;
  paper: 0 | 1;
  staffInfo?: StaffInfo;
}

export interface Attachment {
  contentId: string;
  contentType: string;
  description?: string;
  attachmentName: string;
  content: Uint8Array;
}

export interface EdxmlPackage {
  header: MessageHeader;
  traceHeaders: TraceHeader[];
  business: Business;
  attachments: Attachment[];
}

/** Status codes of a status message (gói tin trạng thái). */
export const statusCodes = ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const;
export type StatusCode = (typeof statusCodes)[number];

export const statusCodeLabels: Record<StatusCode, { vi: string; en: string }> = {
  '01': { vi: 'Đã đến', en: 'Arrived' },
  '02': { vi: 'Từ chối tiếp nhận', en: 'Refused' },
  '03': { vi: 'Đã tiếp nhận', en: 'Registered' },
  '04': { vi: 'Phân công xử lý', en: 'Assigned' },
  '05': { vi: 'Đang xử lý', en: 'Processing' },
  '06': { vi: 'Hoàn thành', en: 'Done' },
  '13': { vi: 'Yêu cầu lấy lại / thu hồi', en: 'Recall requested' },
  '15': { vi: 'Đồng ý lấy lại / thu hồi', en: 'Recall or update accepted' },
  '16': { vi: 'Từ chối lấy lại / thu hồi', en: 'Recall or update refused' },
};

export interface StatusMessage {
  responseFor: ResponseFor;
  from: Organ;
  statusCode: StatusCode;
  description?: string;
  /** yyyy/MM/dd HH:mm:ss, Vietnam time */
  timestamp: string;
  staffInfo?: StaffInfo;
}
