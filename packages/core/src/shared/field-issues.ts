/**
 * Field problems from a zod schema, in the API's shape (`{ path, code, message: { vi, en } }`). Core's input
 * schemas name each check's problem by a key of `fieldProblems` (the zod issue's message); the key gives
 * the code the API reports and the message a person reads, on the server and in the web app alike. An
 * issue without such a key (an unknown field, a wrong discriminator) keeps zod's code and a generic message.
 */
import type { z } from 'zod';
import type { FieldIssue, LocalizedText } from './errors';

interface FieldProblem {
  code: string;
  message: LocalizedText | ((issue: z.core.$ZodIssue) => LocalizedText);
}

const maximumOf = (issue: z.core.$ZodIssue) => Number((issue as { maximum?: number | bigint }).maximum ?? 0);

export const fieldProblems = {
  required: { code: 'required', message: { vi: 'Không được để trống.', en: 'Required.' } },
  too_long: {
    code: 'too_long',
    message: (issue) => ({ vi: `Tối đa ${maximumOf(issue)} ký tự.`, en: `At most ${maximumOf(issue)} characters.` }),
  },
  list: { code: 'type', message: { vi: 'Phải là danh sách.', en: 'Must be a list.' } },
  too_many: {
    code: 'too_many',
    message: (issue) => ({ vi: `Tối đa ${maximumOf(issue)} mục.`, en: `At most ${maximumOf(issue)} items.` }),
  },
  supplement_items: {
    code: 'required',
    message: { vi: 'Cần nêu các giấy tờ cần bổ sung.', en: 'List the missing items.' },
  },
  checked_against_original: {
    code: 'required',
    message: {
      vi: 'Cần xác nhận bản sao đã được đối chiếu với bản gốc.',
      en: 'Confirm the copy was checked against the original.',
    },
  },
  file_not_available: {
    code: 'file_not_available',
    message: { vi: 'Chưa chọn tệp bản quét.', en: 'Choose the scanned file.' },
  },
  result_documents: {
    code: 'required',
    message: { vi: 'Cần ít nhất một văn bản kết quả.', en: 'At least one result document.' },
  },
  amount: {
    code: 'range',
    message: {
      vi: 'Số tiền phải là số nguyên dương (đồng).',
      en: 'The amount must be a positive whole number of dong.',
    },
  },
  return_method: {
    code: 'enum',
    message: { vi: 'Hình thức trả kết quả không hợp lệ.', en: 'Unknown return method.' },
  },
  rating: { code: 'enum', message: { vi: 'Mức đánh giá không hợp lệ.', en: 'Unknown rating.' } },
  new_due_at: { code: 'type', message: { vi: 'Ngày hẹn mới không hợp lệ.', en: 'Invalid new date.' } },
  phone: {
    code: 'invalid_format',
    message: { vi: 'Số điện thoại không hợp lệ.', en: 'Not a valid phone number.' },
  },
  email: { code: 'invalid_format', message: { vi: 'Địa chỉ e-mail không hợp lệ.', en: 'Not a valid e-mail address.' } },
  national_id: {
    code: 'invalid_format',
    message: {
      vi: 'Số định danh cá nhân (CCCD) gồm 12 chữ số, bắt đầu bằng mã tỉnh nơi đăng ký khai sinh.',
      en: 'A personal identification number has 12 digits, starting with the code of the province of birth.',
    },
  },
  document_form: {
    code: 'enum',
    message: { vi: 'Hình thức giấy tờ không hợp lệ.', en: 'Unknown form of the document.' },
  },
  copies: {
    code: 'range',
    message: { vi: 'Số lượng phải là số nguyên từ 1 đến 99.', en: 'The count must be a whole number from 1 to 99.' },
  },
  document_type: { code: 'enum', message: { vi: 'Loại văn bản không hợp lệ.', en: 'Unknown document type.' } },
  priority: {
    code: 'enum',
    message: {
      vi: 'Độ khẩn phải là 0 (thường), 1 (khẩn), 2 (thượng khẩn), 3 (hỏa tốc) hoặc 4 (hỏa tốc hẹn giờ).',
      en: 'The priority must be 0 (normal), 1 (urgent), 2 (very urgent), 3 (express) or 4 (express with set time).',
    },
  },
  date: {
    code: 'invalid_format',
    message: { vi: 'Ngày không hợp lệ (định dạng YYYY-MM-DD).', en: 'Not a valid date (YYYY-MM-DD).' },
  },
  count: {
    code: 'range',
    message: { vi: 'Phải là số nguyên từ 1 đến 10000.', en: 'Must be a whole number from 1 to 10000.' },
  },
  organ_id: {
    code: 'invalid_format',
    message: {
      vi: 'Mã định danh cơ quan không đúng định dạng của Quyết định 20/2020/QĐ-TTg.',
      en: 'The agency code does not follow Decision 20/2020/QD-TTg.',
    },
  },
  recipients: {
    code: 'required',
    message: { vi: 'Cần ít nhất một nơi nhận.', en: 'At least one recipient.' },
  },
  deadline: {
    code: 'range',
    message: {
      vi: 'Hạn xử lý phải là số ngày làm việc từ 1 đến 365 hoặc một ngày cụ thể, không cả hai.',
      en: 'The deadline is a number of working days from 1 to 365 or a date, not both.',
    },
  },
  fee_id: {
    code: 'invalid_format',
    message: {
      vi: 'Mã chỉ gồm chữ thường, chữ số và dấu gạch ngang.',
      en: 'Lower-case letters, digits and hyphens only.',
    },
  },
  fee_kind: { code: 'enum', message: { vi: 'Loại khoản thu không hợp lệ.', en: 'Unknown kind.' } },
  fee_due: { code: 'enum', message: { vi: 'Thời điểm nộp không hợp lệ.', en: 'Unknown time of payment.' } },
  fee_amounts: {
    code: 'required',
    message: { vi: 'Cần mức thu cho ít nhất một hình thức nộp.', en: 'An amount for at least one channel.' },
  },
  percent: {
    code: 'range',
    message: {
      vi: 'Tỷ lệ giảm là số nguyên từ 1 đến 100 (miễn: 100, giảm: dưới 100).',
      en: 'The share off is a whole number from 1 to 100 (exemption: 100, reduction: below 100).',
    },
  },
  bank_bin: {
    code: 'invalid_format',
    message: { vi: 'Mã ngân hàng (BIN) gồm 6 chữ số.', en: 'A bank BIN has 6 digits.' },
  },
  account_number: {
    code: 'invalid_format',
    message: {
      vi: 'Số tài khoản gồm tối đa 19 chữ số hoặc chữ cái.',
      en: 'An account number has up to 19 letters or digits.',
    },
  },
  collector: { code: 'enum', message: { vi: 'Đơn vị thu không hợp lệ.', en: 'Unknown collector.' } },
  duplicate_id: { code: 'duplicate', message: { vi: 'Mã bị trùng.', en: 'Duplicate id.' } },
  unknown_item: { code: 'not_found', message: { vi: 'Không có khoản thu này.', en: 'No such item.' } },
  exemption: { code: 'not_found', message: { vi: 'Không có diện miễn, giảm này.', en: 'No such exemption.' } },
} as const satisfies Record<string, FieldProblem>;

export type FieldProblemKey = keyof typeof fieldProblems;

/** The generic messages of zod's own codes (an issue no key of `fieldProblems` names). */
export const zodIssueMessages: Record<string, LocalizedText> = {
  invalid_type: {
    vi: 'Sai kiểu dữ liệu hoặc thiếu trường bắt buộc.',
    en: 'Wrong type or a required field is missing.',
  },
  too_small: { vi: 'Giá trị quá ngắn hoặc quá nhỏ.', en: 'The value is too short or too small.' },
  too_big: { vi: 'Giá trị quá dài hoặc quá lớn.', en: 'The value is too long or too large.' },
  invalid_format: { vi: 'Sai định dạng.', en: 'Wrong format.' },
  invalid_value: { vi: 'Giá trị không được chấp nhận.', en: 'The value is not allowed.' },
  unrecognized_keys: { vi: 'Có trường không được phép.', en: 'Unknown fields are not allowed.' },
};

/** A zod path as the API writes it: `documents.0.name`. */
export const issuePath = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** One zod issue as the API reports it (`prefix`: e.g. `body` for a request body). */
export function fieldIssueOf(issue: z.core.$ZodIssue, prefix?: string): FieldIssue {
  const path = [prefix, issuePath(issue.path)].filter(Boolean).join('.');
  const problem = (fieldProblems as Record<string, FieldProblem>)[issue.message];
  if (problem) {
    return {
      path,
      code: problem.code,
      message: typeof problem.message === 'function' ? problem.message(issue) : problem.message,
    };
  }
  return {
    path,
    code: issue.code ?? 'invalid',
    message: zodIssueMessages[issue.code ?? ''] ?? { vi: 'Giá trị không hợp lệ.', en: issue.message },
  };
}

/** The field problems of a failed parse, in the API's shape. */
export const fieldIssuesOf = (error: z.ZodError, prefix?: string): FieldIssue[] =>
  error.issues.map((issue) => fieldIssueOf(issue, prefix));
