/**
 * One error type for the whole product. Every failure a user or a client can cause has a code,
 * a message in Vietnamese (default) and English, and maps to one HTTP status in one place.
 */
export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, vi: 'Dữ liệu không hợp lệ.', en: 'The request is not valid.' },
  MALFORMED_REQUEST: { status: 400, vi: 'Yêu cầu không đúng định dạng.', en: 'The request is malformed.' },
  PAYLOAD_TOO_LARGE: { status: 413, vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    vi: 'Kiểu dữ liệu gửi lên không được hỗ trợ.',
    en: 'The content type is not supported.',
  },
  FILE_TOO_LARGE: {
    status: 413,
    vi: 'Tệp quá lớn.',
    en: 'The file is too large.',
  },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    vi: 'Chỉ nhận tệp PDF, JPEG hoặc PNG còn nguyên vẹn.',
    en: 'Only intact PDF, JPEG or PNG files are accepted.',
  },
  UNAUTHENTICATED: { status: 401, vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  INVALID_CREDENTIALS: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'The username or password is incorrect.',
  },
  ACCOUNT_DISABLED: { status: 403, vi: 'Tài khoản đã bị khóa.', en: 'This account is disabled.' },
  LOGIN_THROTTLED: {
    status: 429,
    vi: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau.',
    en: 'Too many failed sign-in attempts. Please try again later.',
  },
  SSO_NOT_CONFIGURED: {
    status: 404,
    vi: 'Đăng nhập qua nhà cung cấp định danh này chưa được cấu hình.',
    en: 'Sign-in through this identity provider is not configured.',
  },
  SSO_FAILED: {
    status: 401,
    vi: 'Không đăng nhập được qua nhà cung cấp định danh. Vui lòng thử lại từ đầu.',
    en: 'The sign-in through the identity provider failed. Please start again.',
  },
  SSO_NO_ACCOUNT: {
    status: 403,
    vi: 'Không có tài khoản cán bộ nào khớp với tài khoản định danh này.',
    en: 'No officer account matches this identity.',
  },
  SSO_ACCOUNT_CONFLICT: {
    status: 409,
    vi: 'Số định danh này thuộc một tài khoản không phải công dân; vui lòng liên hệ quản trị viên.',
    en: 'This national id belongs to an account that is not a citizen; please contact the administrator.',
  },
  FORBIDDEN: {
    status: 403,
    vi: 'Bạn không có quyền thực hiện thao tác này.',
    en: 'You are not allowed to do this.',
  },
  CSRF_REJECTED: {
    status: 403,
    vi: 'Yêu cầu bị từ chối vì không xuất phát từ trang của hệ thống.',
    en: 'The request was rejected because it did not come from this site.',
  },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy.', en: 'Not found.' },
  VERSION_CONFLICT: {
    status: 409,
    vi: 'Dữ liệu đã được người khác thay đổi. Vui lòng tải lại và thử lại.',
    en: 'Someone else changed this record. Reload and try again.',
  },
  ALREADY_EXISTS: { status: 409, vi: 'Dữ liệu đã tồn tại.', en: 'This already exists.' },
  INVALID_AGENCY_CODE: {
    status: 400,
    vi: 'Mã định danh cơ quan không đúng định dạng của Quyết định 20/2020/QĐ-TTg.',
    en: 'The agency code does not follow Decision 20/2020/QD-TTg.',
  },
  INVALID_NATIONAL_ID: {
    status: 400,
    vi: 'Số căn cước công dân không hợp lệ.',
    en: 'The citizen ID number is not valid.',
  },
  INVALID_TAX_CODE: { status: 400, vi: 'Mã số thuế không hợp lệ.', en: 'The tax code is not valid.' },
  WEAK_PASSWORD: {
    status: 400,
    vi: 'Mật khẩu phải có ít nhất 10 ký tự, gồm chữ và số.',
    en: 'The password needs at least 10 characters with letters and digits.',
  },
  INVALID_STATE: {
    status: 409,
    vi: 'Thao tác không thực hiện được ở trạng thái hiện tại.',
    en: 'This action is not possible in the current state.',
  },
  RATE_LIMITED: { status: 429, vi: 'Quá nhiều yêu cầu.', en: 'Too many requests.' },
  DATABASE_LOCKED: {
    status: 503,
    vi: 'Thư mục dữ liệu đang được một tiến trình Congso khác sử dụng.',
    en: 'The data folder is in use by another Congso process.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    vi: 'Hệ thống tạm thời chưa sẵn sàng.',
    en: 'The service is temporarily unavailable.',
  },
  EXCHANGE_UNAUTHENTICATED: {
    status: 401,
    vi: 'Yêu cầu liên thông không được ký bởi một hệ thống đã đăng ký, hoặc chữ ký không hợp lệ.',
    en: 'The exchange request is not signed by a registered system, or its signature is not valid.',
  },
  EXCHANGE_ORGAN_NOT_ALLOWED: {
    status: 403,
    vi: 'Hệ thống gửi không được đăng ký cho cơ quan này.',
    en: 'The sending system is not registered for this agency.',
  },
  EXCHANGE_UNKNOWN_RECIPIENT: {
    status: 422,
    vi: 'Không có cơ quan nhận nào thuộc hệ thống này.',
    en: 'None of the recipients is an agency of this system.',
  },
  EXCHANGE_NO_PEER: {
    status: 422,
    vi: 'Chưa đăng ký hệ thống liên thông cho cơ quan nhận.',
    en: 'No exchange peer is registered for the receiving agency.',
  },
  EXCHANGE_NOT_CONFIGURED: {
    status: 503,
    vi: 'Chưa cấu hình khóa liên thông văn bản (EXCHANGE_PRIVATE_KEY_FILE).',
    en: 'The document exchange key is not configured (EXCHANGE_PRIVATE_KEY_FILE).',
  },
  PAYMENT_SIGNATURE_INVALID: {
    status: 401,
    vi: 'Thông báo thanh toán không có chữ ký hợp lệ của nền tảng thanh toán.',
    en: 'The payment notification is not validly signed by the payment platform.',
  },
  PAYMENT_UNKNOWN: {
    status: 404,
    vi: 'Không có giao dịch thanh toán với mã tham chiếu này.',
    en: 'No payment has this reference.',
  },
  PAYMENT_MISMATCH: {
    status: 409,
    vi: 'Số tiền hoặc mã giao dịch không khớp với giao dịch đã tạo.',
    en: 'The amount or the transaction does not match the payment created.',
  },
  PAYMENT_NOT_DUE: {
    status: 409,
    vi: 'Hồ sơ không có khoản phí, lệ phí đang chờ nộp.',
    en: 'The dossier has no fee waiting to be paid.',
  },
  PAYMENT_PLATFORM_UNAVAILABLE: {
    status: 502,
    vi: 'Nền tảng thanh toán không phản hồi. Vui lòng thử lại sau hoặc nộp tại quầy.',
    en: 'The payment platform does not answer. Please try again later or pay at the counter.',
  },
  PAYMENT_NOT_CONFIGURED: {
    status: 503,
    vi: 'Chưa cấu hình nền tảng thanh toán (PAYMENT_PLATFORM_URL).',
    en: 'The payment platform is not configured (PAYMENT_PLATFORM_URL).',
  },
  STATEMENT_UNREADABLE: {
    status: 422,
    vi: 'Không đọc được sao kê: cần tệp CSV hoặc XLSX của ngân hàng có dòng tiêu đề với cột nội dung và cột số tiền ghi có.',
    en: 'The statement cannot be read: a bank’s CSV or XLSX file with a header row naming a content and a credit column is needed.',
  },
  PAYMENT_NOT_TRANSFER: {
    status: 409,
    vi: 'Khoản thanh toán này không phải chuyển khoản VietQR.',
    en: 'This payment is not a VietQR transfer.',
  },
  PDF_UNREADABLE: {
    status: 422,
    vi: 'Không đọc được tệp PDF (tệp hỏng hoặc dùng cấu trúc chưa hỗ trợ).',
    en: 'The PDF cannot be read (damaged, or a structure not supported).',
  },
  SIGNATURE_NOT_VALID: {
    status: 422,
    vi: 'Tệp PDF không mang chữ ký số hợp lệ: chưa ký, đã bị sửa sau khi ký, hoặc chứng thư số không được tin cậy, đã bị thu hồi hay hết hạn.',
    en: 'The PDF carries no valid digital signature: unsigned, changed after signing, or a certificate that is untrusted, revoked or expired.',
  },
  SIGNING_CERTIFICATE_MISSING: {
    status: 409,
    vi: 'Người ký hoặc cơ quan chưa có chứng thư số còn hiệu lực.',
    en: 'The signer or agency has no valid certificate.',
  },
  TIMESTAMP_UNAVAILABLE: {
    status: 503,
    vi: 'Dịch vụ cấp dấu thời gian tạm thời không phản hồi.',
    en: 'The timestamp service is not answering.',
  },
  REMOTE_SIGNING_NOT_APPROVED: {
    status: 409,
    vi: 'Người ký chưa xác nhận (hoặc đã từ chối) yêu cầu ký trên điện thoại.',
    en: 'The signer did not approve (or declined) the signing request on their phone.',
  },
  NOT_LEGAL_REPRESENTATIVE: {
    status: 403,
    vi: 'CSDL quốc gia về đăng ký doanh nghiệp không ghi bạn là người đại diện theo pháp luật của doanh nghiệp này.',
    en: 'The national business registration does not name you as this enterprise’s legal representative.',
  },
  REPRESENTATION_EXISTS: {
    status: 409,
    vi: 'Người này đang là người đại diện của tổ chức.',
    en: 'This person already represents the organisation.',
  },
  REPRESENTATION_NOT_IN_FORCE: {
    status: 409,
    vi: 'Quan hệ đại diện đã hết hạn hoặc đã bị thu hồi.',
    en: 'The representation has expired or was revoked.',
  },
  DATA_STORE_ITEM_UNAVAILABLE: {
    status: 409,
    vi: 'Giấy tờ trong kho dữ liệu đã hết hiệu lực hoặc đã bị thu hồi, không thể dùng lại.',
    en: 'The data store item has expired or was revoked and cannot be reused.',
  },
  ELECTRONIC_RESULT_MISSING: {
    status: 409,
    vi: 'Hồ sơ chưa có tệp kết quả PDF để trả kết quả điện tử.',
    en: 'The dossier has no result PDF to return electronically.',
  },
  DIGITISED_COPY_NOT_PDF: {
    status: 415,
    vi: 'Bản số hóa phải là tệp PDF.',
    en: 'The digitised copy must be a PDF.',
  },
  ALREADY_DIGITISED: {
    status: 409,
    vi: 'Giấy tờ này của hồ sơ đã được số hóa.',
    en: 'This document of the dossier is already digitised.',
  },
  INTERNAL: { status: 500, vi: 'Đã có lỗi hệ thống.', en: 'Something went wrong on our side.' },
  GATEWAY_UNAUTHENTICATED: {
    status: 401,
    vi: 'Thiếu hoặc sai mã truy cập của trục chia sẻ dữ liệu (Bearer).',
    en: 'The data-sharing gateway needs a valid access token (Bearer).',
  },
  GATEWAY_NO_RIGHT: {
    status: 403,
    vi: 'Hệ thống này không được cấp quyền gọi dịch vụ này.',
    en: 'This consumer has no right to call this service.',
  },
  GATEWAY_RATE_LIMITED: {
    status: 429,
    vi: 'Gọi quá số lần cho phép trong một phút. Vui lòng thử lại sau.',
    en: 'Too many calls in a minute. Please try again later.',
  },
  GATEWAY_SERVICE_NOT_FOUND: {
    status: 404,
    vi: 'Không có dịch vụ này trên trục chia sẻ dữ liệu.',
    en: 'No such service on the data-sharing gateway.',
  },
  GATEWAY_UPSTREAM_FAILED: {
    status: 502,
    vi: 'Dịch vụ được gọi qua trục không trả lời.',
    en: 'The service behind the gateway did not answer.',
  },
  GATEWAY_PURPOSE_REQUIRED: {
    status: 400,
    vi: 'Mỗi lần gọi qua trục phải nêu mục đích (tiêu đề X-Gateway-Purpose).',
    en: 'Every call through the gateway states its purpose (the X-Gateway-Purpose header).',
  },
  GATEWAY_CODE_TAKEN: {
    status: 409,
    vi: 'Mã này đã được dùng.',
    en: 'This code is already in use.',
  },
  GATEWAY_NO_SIGNER: {
    // A state of the installation to put right (issue the province seal), as SIGNING_CERTIFICATE_MISSING.
    status: 409,
    vi: 'Chưa có con dấu số của tỉnh để ký dấu neo nhật ký.',
    en: 'The province seal is not available to sign a log anchor.',
  },
  CITIZEN_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy công dân có số định danh này trong CSDL quốc gia về dân cư.',
    en: 'No citizen with this ID number in the national population database.',
  },
  ENTERPRISE_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy doanh nghiệp có mã số này.',
    en: 'No enterprise with this code.',
  },
  NATIONAL_DB_UNAVAILABLE: {
    status: 503,
    vi: 'CSDL quốc gia tạm thời không trả lời. Vui lòng nhập thông tin bằng tay hoặc thử lại sau.',
    en: 'The national database does not answer for now. Please type the details or try again later.',
  },
  LOOKUP_NOT_YOURS: {
    status: 403,
    vi: 'Chỉ được tra cứu thông tin của chính mình.',
    en: 'You may only look up your own data.',
  },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export interface LocalizedText {
  vi: string;
  en: string;
}

export class CongsoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly messages: LocalizedText;
  readonly details: unknown;

  constructor(code: ErrorCode, options: { messages?: Partial<LocalizedText>; details?: unknown } = {}) {
    const entry = errorCatalog[code];
    const messages = { vi: options.messages?.vi ?? entry.vi, en: options.messages?.en ?? entry.en };
    super(messages.en);
    this.name = 'CongsoError';
    this.code = code;
    this.status = entry.status;
    this.messages = messages;
    this.details = options.details;
  }
}

export function isCongsoError(value: unknown): value is CongsoError {
  return value instanceof CongsoError;
}

/** One field-level problem, as returned in `details` of VALIDATION_FAILED. */
export interface FieldIssue {
  path: string;
  code: string;
  message: LocalizedText;
}
