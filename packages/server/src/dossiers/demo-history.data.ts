/** The demo history's data: what each desk files, the demo citizens' own dossiers, names and reasons. */

/** Where a history stops: the status it is left in (and how it got there). */
export const demoFates = [
  'receiving',
  'denied',
  'received',
  'examining',
  'assigned',
  'supplement_waiting',
  'payment_waiting',
  'proposed',
  'approved',
  'processed',
  'returned',
  'rated',
  'refused',
  'stopped',
  'withdrawn',
] as const;
export type Fate = (typeof demoFates)[number];

export type DeskKey = 'tanninh' | 'stp' | 'ttpvhcc';

/** The procedures a desk sees most, with how often (weights). Codes missing from the catalogue are skipped. */
export const deskProcedures: Record<DeskKey, Record<string, number>> = {
  tanninh: {
    '1.001193': 20, // đăng ký khai sinh
    '1.004873': 12, // xác nhận tình trạng hôn nhân
    '1.000656': 8, // đăng ký khai tử
    '1.000894': 8, // đăng ký kết hôn
    '2.000908': 8, // cấp bản sao từ sổ gốc (chứng thực)
    '1.012753': 6, // đăng ký đất đai, cấp giấy chứng nhận
    '1.004222': 5, // đăng ký thường trú
    '1.013225': 4, // giấy phép xây dựng công trình cấp III, IV
    '1.004859': 4, // thay đổi, cải chính hộ tịch
    '1.001570': 3, // tạm ngừng kinh doanh hộ kinh doanh
    '1.001022': 2, // nhận cha, mẹ, con
    '1.002755': 2, // gia hạn tạm trú
    '1.014034': 2, // cập nhật thông tin hộ kinh doanh
    '1.001266': 2, // chấm dứt hoạt động hộ kinh doanh
    '1.013228': 1, // cấp lại giấy phép xây dựng
  },
  stp: {
    '3.000333': 30, // phiếu lý lịch tư pháp
    '2.000908': 5, // cấp bản sao từ sổ gốc
    '3.000334': 3, // lý lịch tư pháp theo yêu cầu của cơ quan, tổ chức
    '1.005136': 3, // xác nhận có quốc tịch Việt Nam
    '1.013807': 2, // đăng ký tập sự hành nghề công chứng
    '1.003179': 1, // đăng ký lại việc nuôi con nuôi có yếu tố nước ngoài
  },
  ttpvhcc: {
    '3.000333': 30,
    '2.000908': 4,
    '1.005136': 3,
    '3.000334': 2,
    '1.013807': 1,
  },
};
/** Every procedure the history files. */
export const demoHistoryProcedureCodes: readonly string[] = [
  ...new Set(Object.values(deskProcedures).flatMap((p) => Object.keys(p))),
];
export const deskShare: Record<DeskKey, number> = { tanninh: 0.56, stp: 0.18, ttpvhcc: 0.26 };

/** The demo citizens' own dossiers: what a newcomer signing in as one of them finds. */
export const demoCitizenPlans: {
  username: string;
  desk: DeskKey;
  procedure: string;
  online: boolean;
  fate: Fate;
  daysAgo: number;
}[] = [
  { username: '072090001234', desk: 'tanninh', procedure: '1.001193', online: true, fate: 'rated', daysAgo: 26 },
  { username: '072090001234', desk: 'tanninh', procedure: '1.000894', online: false, fate: 'returned', daysAgo: 9 },
  {
    username: '072090001234',
    desk: 'tanninh',
    procedure: '1.004873',
    online: true,
    fate: 'supplement_waiting',
    daysAgo: 5,
  },
  { username: '072090001234', desk: 'stp', procedure: '3.000333', online: true, fate: 'assigned', daysAgo: 2 },
  { username: '072090001234', desk: 'tanninh', procedure: '2.000908', online: true, fate: 'receiving', daysAgo: 0 },
  { username: '080195004321', desk: 'tanninh', procedure: '1.000656', online: false, fate: 'returned', daysAgo: 18 },
  { username: '080195004321', desk: 'tanninh', procedure: '1.012753', online: true, fate: 'processed', daysAgo: 30 },
  { username: '080195004321', desk: 'ttpvhcc', procedure: '3.000333', online: false, fate: 'approved', daysAgo: 6 },
  { username: '080195004321', desk: 'tanninh', procedure: '1.004222', online: true, fate: 'denied', daysAgo: 12 },
  { username: '079203000111', desk: 'stp', procedure: '3.000333', online: true, fate: 'rated', daysAgo: 21 },
  { username: '079203000111', desk: 'ttpvhcc', procedure: '1.005136', online: true, fate: 'received', daysAgo: 0 },
  { username: '079203000111', desk: 'tanninh', procedure: '1.001570', online: true, fate: 'withdrawn', daysAgo: 8 },
  { username: '3909876544', desk: 'stp', procedure: '3.000334', online: true, fate: 'examining', daysAgo: 1 },
  { username: '3909876544', desk: 'tanninh', procedure: '1.013225', online: true, fate: 'returned', daysAgo: 33 },
  {
    username: '3909876544',
    desk: 'tanninh',
    procedure: '1.013228',
    online: false,
    fate: 'supplement_waiting',
    daysAgo: 4,
  },
];

/** The stages every desk shows at least one dossier of. */
export const queueFates: readonly Fate[] = [
  'receiving',
  'received',
  'examining',
  'assigned',
  'proposed',
  'approved',
  'processed',
];

export const familyNames = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Huỳnh',
  'Hoàng',
  'Võ',
  'Phan',
  'Trương',
  'Bùi',
  'Đặng',
  'Đỗ',
  'Ngô',
  'Hồ',
  'Dương',
  'Lý',
  'Châu',
  'Tô',
];
export const middleNames = {
  male: ['Văn', 'Minh', 'Quốc', 'Thanh', 'Hoàng', 'Đức', 'Hữu'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Bích'],
};
export const givenNames = {
  male: [
    'An',
    'Bình',
    'Cường',
    'Dũng',
    'Hải',
    'Hiếu',
    'Hùng',
    'Khánh',
    'Long',
    'Lộc',
    'Nam',
    'Phong',
    'Phúc',
    'Quân',
    'Sang',
    'Tài',
    'Thắng',
    'Tín',
    'Trung',
    'Vinh',
  ],
  female: [
    'Anh',
    'Châu',
    'Diễm',
    'Dung',
    'Giang',
    'Hà',
    'Hạnh',
    'Hằng',
    'Hương',
    'Lan',
    'Linh',
    'Loan',
    'Mai',
    'Ngân',
    'Nhung',
    'Phương',
    'Quyên',
    'Thảo',
    'Trang',
    'Yến',
  ],
};
export const streets = [
  '30/4',
  'Cách Mạng Tháng Tám',
  'Trần Hưng Đạo',
  'Nguyễn Chí Thanh',
  'Lạc Long Quân',
  'Hùng Vương',
  'Trưng Nữ Vương',
  'Điện Biên Phủ',
  'Võ Thị Sáu',
  'Nguyễn Văn Rốp',
];

export const refusalsOfReceipt = [
  'Thành phần hồ sơ chưa đầy đủ: thiếu bản chụp giấy tờ tùy thân.',
  'Tệp đính kèm không đọc được, đề nghị nộp lại bản rõ nét.',
  'Nộp nhầm cơ quan có thẩm quyền giải quyết.',
];
export const supplementItems = [
  'Bản chụp Căn cước công dân (rõ nét)',
  'Giấy ủy quyền có chứng thực',
  'Tờ khai có đủ chữ ký',
  'Bản sao giấy tờ chứng minh nơi cư trú',
];
export const supplementReasons = [
  'Bản chụp bị mờ, không đọc được.',
  'Tờ khai còn thiếu thông tin.',
  'Thiếu giấy tờ theo quy định.',
];
export const refusalReasons = [
  'Người yêu cầu không thuộc đối tượng được cấp.',
  'Hồ sơ không đủ điều kiện theo quy định.',
];
export const apologyReason = 'Hồ sơ phải xác minh thêm tại cơ quan khác; xin lỗi công dân và hẹn lại ngày trả kết quả.';
