import type { Channel, Deadline, Fee, Procedure } from '../catalog/procedure';
import { foldForSearch } from '../catalog/search';

/**
 * The guide (the portal's virtual assistant): what a citizen's message asks, read without any external
 * service. Pure: the server finds the procedure (catalogue search, the question of `clarify.ts` when close)
 * and the dossier (the public lookup's rules), and answers with `answerAbout`.
 */
export type AssistantIntent = 'documents' | 'duration' | 'fee' | 'where' | 'status' | 'file' | 'about';

export interface ParsedRequest {
  intent: AssistantIntent;
  /** The procedure asked about, in the citizen's words, the intent's phrases taken out ("" when none). */
  subject: string;
  /** A dossier code in the message (`<agency code>-<YYMMDD>-<NNNN>`), upper case. */
  dossierCode: string | null;
  /** Four digits given beside a dossier code (the last digits of the applicant's phone). */
  phoneDigits: string | null;
}

/**
 * How people ask each thing (folded, i = y), most specific first; a message asking several is read as the
 * first found in this order. Data: extend it as the guide's logs teach.
 */
export const INTENT_PHRASES: readonly { intent: AssistantIntent; says: readonly string[] }[] = [
  {
    intent: 'status',
    says: [
      'ho so cua toi',
      'ho so toi da nop',
      'ho so da nop',
      'tinh trang ho so',
      'trang thai ho so',
      'tra cuu ho so',
      'ho so den dau',
      'ho so toi den dau',
      'ho so dang o dau',
      'ho so xong chua',
      'da co ket qua chua',
      'co ket qua chua',
      'dang xu li',
      'xem ho so',
    ],
  },
  {
    intent: 'documents',
    says: [
      'can nhung giai to gi',
      'can giai to gi',
      'giai to gi',
      'nhung giai to nao',
      'giai to nao',
      'can nhung gi',
      'can mang gi',
      'mang theo gi',
      'chuan bi gi',
      'chuan bi nhung gi',
      'thanh phan ho so',
      'ho so gom',
      'ho so can',
      'can giai to',
      'can nhung giai to',
      'giai to can',
      'can gi',
    ],
  },
  {
    intent: 'fee',
    says: [
      'het bao nhieu tien',
      'bao nhieu tien',
      'het bao nhieu',
      'ton bao nhieu',
      'mat bao nhieu tien',
      'le phi',
      'phi bao nhieu',
      'chi phi',
      'mat phi',
      'co mat tien',
      'tien le phi',
      'phi',
    ],
  },
  {
    intent: 'duration',
    says: [
      'bao lau',
      'mat bao lau',
      'may ngai',
      'bao nhieu ngai',
      'thoi gian giai quiet',
      'thoi gian',
      'thoi han',
      'khi nao xong',
      'khi nao co',
      'lau khong',
    ],
  },
  {
    intent: 'where',
    says: ['nop o dau', 'lam o dau', 'o dau', 'cho nao', 'noi nop', 'co quan nao', 'den dau de', 'nop tai dau'],
  },
  {
    intent: 'file',
    says: ['nop ho so', 'muon nop', 'nop truc tuien', 'nop online', 'lam ngai', 'dang ki ngai', 'nop ngai'],
  },
];

/** Words around a request that say nothing of the procedure ("cho tôi hỏi", "thì", "ạ"). */
const COURTESY = /\b(cho toi hoi|xin hoi|toi muon hoi|cho hoi|lam on|giup toi|vui long|a|nhe|nhi|roi)\b/g;

const CODE = /\b[0-9a-z]{3}(?:\.[0-9a-z]{2}){2}\.[a-z][0-9]{2}-\d{6}-\d{4}\b/i;

/** Reads what a message asks, the procedure it names, and a dossier code with phone digits if given. */
export function parseRequest(message: string): ParsedRequest {
  const raw = message.normalize('NFC').slice(0, 500);
  const codeMatch = raw.match(CODE);
  const dossierCode = codeMatch ? codeMatch[0].toUpperCase() : null;
  const rest = codeMatch ? raw.replace(codeMatch[0], ' ') : raw;
  const digits = rest.match(/(?:^|\D)(\d{4})(?!\d)/);
  let folded = ` ${foldForSearch(rest)} `;
  let intent: AssistantIntent | null = dossierCode ? 'status' : null;
  for (const { intent: candidate, says } of INTENT_PHRASES) {
    for (const phrase of [...says].sort((a, b) => b.length - a.length)) {
      if (folded.includes(` ${phrase} `)) {
        intent ??= candidate;
        folded = folded.replaceAll(` ${phrase} `, ' ');
      }
    }
  }
  const subject = folded.replace(COURTESY, ' ').replace(/\d+/g, ' ').replace(/\s+/g, ' ').trim();
  return {
    intent: intent ?? 'about',
    subject: intent === 'status' ? '' : subject,
    dossierCode,
    phoneDigits: dossierCode && digits ? (digits[1] as string) : null,
  };
}

export interface AssistantFact {
  label: { vi: string; en: string };
  /** One line each (Vietnamese text as the catalogue publishes it). */
  lines: string[];
}

const CHANNEL_LABEL: Record<Channel, { vi: string; en: string }> = {
  counter: { vi: 'Nộp trực tiếp', en: 'At the counter' },
  online: { vi: 'Nộp trực tuyến', en: 'Online' },
  postal: { vi: 'Qua bưu chính', en: 'By post' },
};
const CHANNELS: readonly Channel[] = ['online', 'counter', 'postal'];

function deadlineLine(d: Deadline): string {
  if (d.unit === 'same_day') return 'Trong ngày';
  if (d.unit === 'none') return d.text || 'Không quy định';
  const unit = d.unit === 'working_days' ? 'ngày làm việc' : d.unit === 'days' ? 'ngày' : 'giờ';
  return `${String(d.amount).replace('.', ',')} ${unit}`;
}

function feeLine(f: Fee): string {
  if (f.amountVnd === 0) return 'Miễn phí';
  if (f.amountVnd !== null) return `${f.amountVnd.toLocaleString('vi-VN')} đồng`;
  return f.text || 'Không rõ';
}

/**
 * The guide's answer about a procedure for an intent: a sentence (vi, en) and the facts it rests on, all from
 * the catalogue's record (the page it links to is the source).
 */
export function answerAbout(
  intent: Exclude<AssistantIntent, 'status'>,
  p: Pick<
    Procedure,
    'name' | 'requiredDocuments' | 'deadlines' | 'fees' | 'implementingAgencies' | 'levels' | 'channels'
  >,
): { text: { vi: string; en: string }; facts: AssistantFact[] } {
  const perChannel = <T>(values: Partial<Record<Channel, T>>, line: (v: T) => string) =>
    CHANNELS.flatMap((c) => {
      const v = values[c];
      return v ? [`${CHANNEL_LABEL[c].vi}: ${line(v)}`] : [];
    });
  const documents: AssistantFact = {
    label: { vi: 'Giấy tờ cần có', en: 'Papers needed' },
    // The national records sometimes list a document twice.
    lines: [...new Set(p.requiredDocuments.filter((d) => d.mandatory).map((d) => d.name))].slice(0, 12),
  };
  const duration: AssistantFact = {
    label: { vi: 'Thời hạn giải quyết', en: 'Time to decide' },
    lines: perChannel(p.deadlines, deadlineLine),
  };
  const fee: AssistantFact = { label: { vi: 'Phí, lệ phí', en: 'Fees' }, lines: perChannel(p.fees, feeLine) };
  const where: AssistantFact = {
    label: { vi: 'Nơi nộp', en: 'Where to file' },
    lines: [
      p.implementingAgencies,
      p.levels.includes('commune')
        ? 'Ủy ban nhân dân xã, phường nơi bạn cư trú'
        : 'Trung tâm Phục vụ hành chính công tỉnh',
      ...(p.channels.includes('online') ? ['Hoặc nộp trực tuyến trên cổng này'] : []),
    ].filter((line) => line.trim() !== ''),
  };
  switch (intent) {
    case 'documents':
      return {
        text: {
          vi: `Để làm “${p.name}”, bạn cần ${documents.lines.length} loại giấy tờ bắt buộc:`,
          en: `For “${p.name}” you need ${documents.lines.length} mandatory papers:`,
        },
        facts: [documents],
      };
    case 'duration':
      return {
        text: { vi: `Thời hạn giải quyết “${p.name}”:`, en: `How long “${p.name}” takes:` },
        facts: [duration],
      };
    case 'fee':
      return { text: { vi: `Phí, lệ phí của “${p.name}”:`, en: `The fees of “${p.name}”:` }, facts: [fee] };
    case 'where':
      return { text: { vi: `Nơi nộp hồ sơ “${p.name}”:`, en: `Where to file “${p.name}”:` }, facts: [where] };
    case 'file':
      return {
        text: {
          vi: `Bạn có thể nộp hồ sơ “${p.name}” ngay trên cổng này. Chuẩn bị bản chụp các giấy tờ sau:`,
          en: `You can file “${p.name}” on this portal now. Have copies of these papers ready:`,
        },
        facts: [documents],
      };
    default:
      return {
        text: { vi: `Thủ tục phù hợp: “${p.name}”.`, en: `The procedure that fits: “${p.name}”.` },
        facts: [documents, duration, fee],
      };
  }
}
