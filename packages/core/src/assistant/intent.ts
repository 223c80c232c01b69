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

/**
 * The same questions asked in English by a reader of the English portal (lower case, as typed): "what papers do
 * I need for đăng ký khai sinh", "how much is …". The procedure itself is named as the catalogue names it.
 */
export const ENGLISH_INTENT_PHRASES: readonly { intent: AssistantIntent; says: readonly string[] }[] = [
  {
    intent: 'status',
    says: ['my dossier', 'my application', 'status of', 'where is my', 'is it ready', 'track my'],
  },
  {
    intent: 'documents',
    says: ['what papers', 'which papers', 'what documents', 'which documents', 'papers needed', 'documents needed'],
  },
  { intent: 'fee', says: ['how much', 'what does it cost', 'what is the fee', 'fee for', 'fees for', 'cost of'] },
  { intent: 'duration', says: ['how long', 'how many days', 'when will it be ready', 'time to'] },
  { intent: 'where', says: ['where do i', 'where to', 'where can i', 'which office'] },
  { intent: 'file', says: ['i want to file', 'file online', 'apply online', 'how do i apply', 'how to apply'] },
];

/** English words around the procedure's name in such a question ("do I need for", "does … take"). */
const ENGLISH_FILLERS = new Set(
  'a an the of for to do does did i me my we our you your is are it its be can could would will please tell about get need needed take takes make what which how much long where when who file apply online papers documents cost fee fees status application dossier ready there here with at in on and or this that'.split(
    ' ',
  ),
);

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
  let intent: AssistantIntent | null = dossierCode ? 'status' : null;
  // An English question: its intent from the English phrases, and its English words (typed without marks: "thẻ"
  // is not "the") taken out, so what is left is the procedure as the citizen named it.
  const lower = ` ${rest.toLowerCase().replace(/[^\p{L}\p{N}.]+/gu, ' ')} `;
  const english = ENGLISH_INTENT_PHRASES.find(({ says }) => says.some((phrase) => lower.includes(` ${phrase} `)));
  let kept = rest;
  if (english) {
    intent ??= english.intent;
    kept = lower
      .split(' ')
      .filter((w) => w !== '' && !ENGLISH_FILLERS.has(w))
      .join(' ');
  }
  let folded = ` ${foldForSearch(kept)} `;
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
  /**
   * One line each, in both languages: the guide's own words translated, what the catalogue publishes (a
   * document's name, the agency, a fee's text) as it publishes it in both.
   */
  lines: { vi: string; en: string }[];
}

/** A line of the catalogue's own text: the same in both languages. */
const asPublished = (text: string) => ({ vi: text, en: text });

const CHANNEL_LABEL: Record<Channel, { vi: string; en: string }> = {
  counter: { vi: 'Nộp trực tiếp', en: 'At the counter' },
  online: { vi: 'Nộp trực tuyến', en: 'Online' },
  postal: { vi: 'Qua bưu chính', en: 'By post' },
};
const CHANNELS: readonly Channel[] = ['online', 'counter', 'postal'];

const DEADLINE_UNIT: Record<'working_days' | 'days' | 'hours', { vi: string; en: [string, string] }> = {
  working_days: { vi: 'ngày làm việc', en: ['working day', 'working days'] },
  days: { vi: 'ngày', en: ['day', 'days'] },
  hours: { vi: 'giờ', en: ['hour', 'hours'] },
};

function deadlineLine(d: Deadline): { vi: string; en: string } {
  if (d.unit === 'same_day') return { vi: 'Trong ngày', en: 'The same day' };
  if (d.unit === 'none') return d.text ? asPublished(d.text) : { vi: 'Không quy định', en: 'Not set' };
  const unit = DEADLINE_UNIT[d.unit as keyof typeof DEADLINE_UNIT] ?? DEADLINE_UNIT.hours;
  return {
    vi: `${String(d.amount).replace('.', ',')} ${unit.vi}`,
    en: `${d.amount} ${unit.en[d.amount === 1 ? 0 : 1]}`,
  };
}

function feeLine(f: Fee): { vi: string; en: string } {
  if (f.amountVnd === 0) return { vi: 'Miễn phí', en: 'Free' };
  if (f.amountVnd !== null)
    return { vi: `${f.amountVnd.toLocaleString('vi-VN')} đồng`, en: `${f.amountVnd.toLocaleString('en-US')} VND` };
  return f.text ? asPublished(f.text) : { vi: 'Không rõ', en: 'Not known' };
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
  const perChannel = <T>(values: Partial<Record<Channel, T>>, line: (v: T) => { vi: string; en: string }) =>
    CHANNELS.flatMap((c) => {
      const v = values[c];
      if (!v) return [];
      const text = line(v);
      return [{ vi: `${CHANNEL_LABEL[c].vi}: ${text.vi}`, en: `${CHANNEL_LABEL[c].en}: ${text.en}` }];
    });
  const documents: AssistantFact = {
    label: { vi: 'Giấy tờ cần có', en: 'Papers needed' },
    // The national records sometimes list a document twice.
    lines: [...new Set(p.requiredDocuments.filter((d) => d.mandatory).map((d) => d.name))]
      .slice(0, 12)
      .map(asPublished),
  };
  const duration: AssistantFact = {
    label: { vi: 'Thời hạn giải quyết', en: 'Time to decide' },
    lines: perChannel(p.deadlines, deadlineLine),
  };
  const fee: AssistantFact = { label: { vi: 'Phí, lệ phí', en: 'Fees' }, lines: perChannel(p.fees, feeLine) };
  const where: AssistantFact = {
    label: { vi: 'Nơi nộp', en: 'Where to file' },
    lines: [
      asPublished(p.implementingAgencies),
      p.levels.includes('commune')
        ? {
            vi: 'Ủy ban nhân dân xã, phường nơi bạn cư trú',
            en: 'The People’s Committee of the commune or ward where you live',
          }
        : { vi: 'Trung tâm Phục vụ hành chính công tỉnh', en: 'The province’s public administration service centre' },
      ...(p.channels.includes('online')
        ? [{ vi: 'Hoặc nộp trực tuyến trên cổng này', en: 'Or file online on this portal' }]
        : []),
    ].filter((line) => line.vi.trim() !== ''),
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
