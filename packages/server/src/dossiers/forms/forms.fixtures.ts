/** Sample view models for the tests and for looking at the forms (not exported). */
import { vnInstant } from '@congso/core';
import type {
  ApologyForm,
  ControlSlipForm,
  DossierBook,
  DossierBookRow,
  FormAgency,
  FormApplicant,
  ReceiptForm,
  RefusalForm,
  SupplementRequestForm,
} from './types';

export const agency: FormAgency = {
  name: 'UBND xã Quảng Phú',
  oneStopUnit: 'Bộ phận Một cửa',
  place: 'Quảng Phú',
};

export const applicant: FormApplicant = {
  name: 'Nguyễn Thị Hồng Nhung',
  idNumber: '038190012345',
  address: 'Số 12, thôn Phú Thượng, xã Quảng Phú, tỉnh Thanh Hóa',
  phone: '0912 345 678',
  email: 'nhung.nguyen@example.vn',
};

export const procedure = { code: '1.001193', name: 'Thủ tục đăng ký khai sinh' };

export const CODE = '000.17.22.H56-240315-0007';
/** 15/03/2024 08:05 Vietnam time = 01:05 UTC. */
export const RECEIVED_AT = vnInstant('2024-03-15', '08:05');
export const DUE_AT = vnInstant('2024-03-19', '16:30');

export const receipt: ReceiptForm = {
  agency,
  number: '125/TNHS',
  issuedAt: RECEIVED_AT,
  dossierCode: CODE,
  applicant,
  procedure,
  baseUrl: 'https://dichvucong.thanhhoa.gov.vn/',
  documents: [
    { name: 'Tờ khai đăng ký khai sinh theo mẫu', original: 1, copy: 0 },
    { name: 'Bản chính Giấy chứng sinh do cơ sở y tế cấp', original: 1, copy: 0 },
    {
      name: 'Giấy tờ tùy thân của người đi đăng ký khai sinh (Căn cước công dân, hộ chiếu hoặc giấy tờ khác có dán ảnh và thông tin cá nhân do cơ quan có thẩm quyền cấp, còn giá trị sử dụng)',
      original: 0,
      copy: 1,
    },
    { name: 'Giấy chứng nhận kết hôn của cha mẹ (nếu cha mẹ đã đăng ký kết hôn)', original: 1, copy: 2 },
  ],
  deadline: { amount: 3, unit: 'working_days' },
  receivedAt: RECEIVED_AT,
  dueAt: DUE_AT,
  returnPlace: 'Bộ phận Một cửa - Ủy ban nhân dân xã Quảng Phú',
  feeVnd: 8000,
  register: { book: '03', number: 125 },
  receiver: { name: 'Lê Văn Thắng', position: 'Công chức Tư pháp - Hộ tịch' },
};

export const supplement: SupplementRequestForm = {
  agency,
  number: '17/PBSHS',
  issuedAt: vnInstant('2024-03-16', '09:40'),
  dossierCode: CODE,
  applicant,
  procedure,
  receivedAt: RECEIVED_AT,
  items: [
    { name: 'Giấy chứng sinh', reason: 'Bản đã nộp bị mờ, không đọc được ngày sinh; đề nghị nộp bản chính.' },
    { name: 'Giấy chứng nhận kết hôn của cha mẹ', reason: 'Thiếu bản sao có chứng thực.' },
  ],
  reason: 'Hồ sơ chưa đủ thành phần theo quy định tại Luật Hộ tịch.',
  supplementBy: vnInstant('2024-03-22', '17:00'),
  contact: { name: 'Lê Văn Thắng', phone: '0237 3 812 345' },
  officer: { name: 'Lê Văn Thắng', position: 'Công chức Tư pháp - Hộ tịch' },
};

export const refusal: RefusalForm = {
  agency,
  number: '04/TCHS',
  issuedAt: vnInstant('2024-03-15', '10:20'),
  dossierCode: CODE,
  applicant,
  procedure,
  receivedAt: vnInstant('2024-03-15', '10:05'),
  reason:
    'Việc khai sinh đã được đăng ký tại Ủy ban nhân dân phường Đông Vệ ngày 02/02/2024; không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã Quảng Phú.',
  officer: { name: 'Lê Văn Thắng', position: 'Công chức Tư pháp - Hộ tịch' },
};

export const apology: ApologyForm = {
  agency: { ...agency, oneStopUnit: 'Bộ phận Một cửa' },
  number: '02/PXL-UBND',
  issuedAt: vnInstant('2024-03-19', '15:00'),
  dossierCode: CODE,
  applicant,
  procedure,
  receivedAt: RECEIVED_AT,
  previousDueAt: DUE_AT,
  newDueAt: vnInstant('2024-03-22', '16:00'),
  reason: 'Cần xác minh thông tin về nơi sinh với Ủy ban nhân dân phường Đông Vệ.',
  head: { authority: 'KT. Chủ tịch', position: 'Phó Chủ tịch', name: 'Trần Minh Đức' },
};

export const controlSlip: ControlSlipForm = {
  agency,
  number: '125/TNHS',
  issuedAt: RECEIVED_AT,
  dossierCode: CODE,
  applicant,
  procedure,
  receivedAt: RECEIVED_AT,
  dueAt: DUE_AT,
  handlingAgency: 'Công chức Tư pháp - Hộ tịch, UBND xã Quảng Phú',
  coordinatingAgencies: ['UBND phường Đông Vệ'],
  handovers: [
    {
      from: { agency: 'Bộ phận Một cửa', person: 'Lê Văn Thắng', at: vnInstant('2024-03-15', '09:00') },
      to: { agency: 'Tư pháp - Hộ tịch', person: 'Phạm Thu Hà', at: vnInstant('2024-03-15', '09:15') },
      outcome: 'early',
    },
    {
      from: { agency: 'Tư pháp - Hộ tịch', person: 'Phạm Thu Hà', at: vnInstant('2024-03-18', '10:00') },
      to: { agency: 'Lãnh đạo UBND xã', person: 'Trần Minh Đức', at: vnInstant('2024-03-18', '10:30') },
      outcome: 'on_time',
      note: 'Đề xuất phê duyệt',
    },
    {
      from: { agency: 'Lãnh đạo UBND xã', person: 'Trần Minh Đức', at: vnInstant('2024-03-19', '16:50') },
      to: { agency: 'Văn thư', person: 'Hoàng Lan', at: vnInstant('2024-03-19', '16:55') },
      outcome: 'late',
      note: 'Đã có phiếu xin lỗi và hẹn lại ngày trả kết quả',
    },
    {
      from: { agency: 'Văn thư', person: 'Hoàng Lan', at: vnInstant('2024-03-20', '08:00') },
      to: { agency: 'Bộ phận Một cửa', person: 'Lê Văn Thắng', at: null },
      outcome: null,
    },
  ],
};

const names = [
  'Nguyễn Văn An',
  'Trần Thị Bích Ngọc',
  'Lê Hoàng Phúc',
  'Phạm Đức Thịnh',
  'Công ty TNHH Xây dựng Hưng Thịnh',
];
const procs = [
  'Thủ tục đăng ký khai sinh',
  'Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận',
  'Thủ tục đăng ký kết hôn',
  'Cấp giấy phép xây dựng đối với công trình, nhà ở riêng lẻ',
];
const statuses = ['returned', 'processing', 'processed', 'waiting_supplement', 'stopped'] as const;

export function bookRows(count: number): DossierBookRow[] {
  return Array.from({ length: count }, (_, i) => {
    const day = 1 + (i % 28);
    const receivedAt = vnInstant(
      `2024-03-${String(day).padStart(2, '0')}`,
      `${String(7 + (i % 9)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`,
    );
    const status = statuses[i % statuses.length] ?? 'processing';
    return {
      dossierCode: `000.17.22.H56-2403${String(day).padStart(2, '0')}-${String(i + 1).padStart(4, '0')}`,
      procedureName: procs[i % procs.length] ?? '',
      applicantName: names[i % names.length] ?? '',
      address: `Thôn ${1 + (i % 9)}, xã Quảng Phú, tỉnh Thanh Hóa`,
      phone: `09${String(10000000 + i * 7919).slice(0, 8)}`,
      receivedAt,
      dueAt: new Date(receivedAt.getTime() + 3 * 86_400_000),
      forwardedTo: i % 3 === 0 ? 'Tư pháp - Hộ tịch' : 'Địa chính - Xây dựng',
      returnedAt: status === 'returned' ? new Date(receivedAt.getTime() + 2 * 86_400_000) : null,
      status,
      outcome: status === 'returned' ? (i % 2 ? 'early' : 'on_time') : status === 'stopped' ? 'late' : null,
      receivedBy: status === 'returned' ? (names[i % names.length] ?? '') : undefined,
      note: i % 7 === 0 ? 'Bổ sung hồ sơ lần 1' : undefined,
    };
  });
}

export function book(count: number): DossierBook {
  return {
    agency,
    book: '03',
    from: vnInstant('2024-03-01'),
    to: vnInstant('2024-03-31'),
    issuedAt: vnInstant('2024-04-01', '08:00'),
    rows: bookRows(count),
  };
}
