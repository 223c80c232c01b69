import { foldVietnamese } from '../shared/text';
import type { Procedure } from './procedure';

/**
 * Catalogue search as citizens type: without diacritics, with typos, in their own words ("làm giấy khai
 * sinh cho con"). Whole-string trigram similarity fails on such phrases, so ranking is by words:
 *   - every query word is matched against the words of each procedure's name: exactly, by prefix, or
 *     within a small edit distance (typos); i and y are the same letter for matching (kỹ/kĩ, lý/lí);
 *   - a match counts as much as the word is rare in the catalogue (IDF): "khai", "sinh" weigh more than
 *     "cho" or "giấy";
 *   - consecutive query words found consecutively in the name add a bonus, the whole phrase more;
 *   - ties go to the shorter name (the plain procedure before its variants).
 * Pure: the caller builds the index from the database and keeps it fresh.
 */
/**
 * Words of how people ask ("tôi muốn làm … cho con") rather than of what they ask for: they weigh a
 * tenth (folded, i = y). Data, not logic: extend it as the search logs teach.
 */
export const QUERY_FILLER_WORDS: ReadonlySet<string> = new Set(
  'lam xin muon can cho toi minh em anh chi cua nhu the nao o dau gi de va voi ve bi duoc phai thi la mot nhung cac hoi giup vua roi'.split(
    ' ',
  ),
);

/**
 * The fillers as written with their marks (lower case, i = y). A folded filler typed with other marks is a word
 * of what is asked: "thẻ căn cước" (not "thế", "cần"), "thi bằng lái" with "thi" typed so, "lâm nghiệp", "hội".
 * Typed without marks it stays ambiguous and counts as a filler.
 */
export const QUERY_FILLER_MARKED: ReadonlySet<string> = new Set(
  'làm xin muốn cần cho tôi mình em anh chị của như thế nào ở đâu gì để và với về bị được phải thì là một những các hỏi giúp vừa rồi'.split(
    ' ',
  ),
);

/**
 * English words around a request ("a building permit for my house", "how to apply"): they weigh a tenth like the
 * Vietnamese fillers. Only words no Vietnamese word folds to ("the" is "thẻ", "do" is "đỏ", "my" is "Mỹ").
 */
export const ENGLISH_FILLER_WORDS: ReadonlySet<string> = new Set(
  'for of need want how please apply get what where which when who with from about'.split(' '),
);

/** Whom one asks for ("con", "bà ngoại", "người nhà"): after "cho" the phrase is dropped (folded, i = y). */
export const KIN_WORDS: readonly string[] = [
  'con',
  'con trai',
  'con gai',
  'con nho',
  'chau',
  'chau noi',
  'chau ngoai',
  'be',
  'em be',
  'vo',
  'chong',
  'bo',
  'me',
  'cha',
  'ba',
  'ba noi',
  'ba ngoai',
  'ong',
  'ong noi',
  'ong ngoai',
  'anh',
  'chi',
  'em',
  'gia dinh',
  'nguoi nha',
  'nguoi than',
  'bo me',
  'cha me',
];

/** Phrases naming for whom one asks ("cho con": for my child): dropped from the query (folded, i = y). */
export const QUERY_FILLER_PHRASES: readonly string[] = [
  ...[...KIN_WORDS].sort((a, b) => b.length - a.length).map((kin) => `cho ${kin}`),
  // "làm thủ tục khai tử": the procedure asked for is what follows (the catalogue's own "Thủ tục" is ignored too).
  'thu tuc',
];

/** One synonym: what citizens say (folded phrases) and the catalogue's words for it (folded). */
export interface CitizenPhrase {
  says: readonly string[];
  means: string;
}

/**
 * What citizens call a procedure, and the catalogue's words for it (folded, i = y): the phrase in the query is
 * read as the official one ("làm giấy khai sinh" is "đăng ký khai sinh", "báo tử" is "khai tử", "giấy độc thân"
 * is "xác nhận tình trạng hôn nhân"). A longer phrase wins over a shorter one inside it; the query is read
 * once (a replacement is not read again). Written folded (no marks, lower case); y is read as i. This is the
 * seed of the province's synonyms (`search_synonyms`), which the province edits in its admin pages.
 */
export const CITIZEN_PHRASES: readonly CitizenPhrase[] = [
  {
    says: ['lam giay khai sinh', 'xin giay khai sinh', 'lam khai sinh', 'con moi sinh', 'be moi sinh', 'moi sinh con'],
    means: 'dang ki khai sinh',
  },
  {
    says: ['lam lai giay khai sinh', 'cap lai giay khai sinh', 'xin lai giay khai sinh', 'khai sinh lai'],
    means: 'dang ki lai khai sinh',
  },
  {
    says: [
      'khai bao tu',
      'giay bao tu',
      'bao tu',
      'lam giay chung tu',
      'giay chung tu',
      'qua doi',
      'tu tran',
      'ta the',
    ],
    means: 'khai tu',
  },
  {
    says: [
      'lam giay ket hon',
      'xin giay ket hon',
      'lam dam cuoi',
      'lay vo',
      'lay chong',
      'dang ki cuoi',
      'di cuoi',
      'cuoi vo',
      'cuoi chong',
      'cuoi nhau',
    ],
    means: 'dang ki ket hon',
  },
  {
    says: ['giay xac nhan doc than', 'xac nhan doc than', 'giay doc than', 'chung nhan doc than', 'chua ket hon'],
    means: 'xac nhan tinh trang hon nhan',
  },
  { says: ['nhan con nuoi', 'xin con nuoi', 'lam con nuoi', 'nhan nuoi'], means: 'nuoi con nuoi' },
  { says: ['nhan cha con', 'nhan me con', 'nhan con'], means: 'nhan cha me con' },
  {
    says: [
      'thay doi ho ten',
      'thay doi ten',
      'doi ho ten',
      'doi ten',
      'doi ho',
      'sua ho ten',
      'sua ten',
      'sua ngay sinh',
      'sua nam sinh',
      'sai nam sinh',
      'sai ngay sinh',
      'sua giay khai sinh',
      'cai chinh ho tich',
      'sai ten',
    ],
    means: 'thay doi cai chinh bo sung thong tin ho tich',
  },
  { says: ['con lai'], means: 'co yeu to nuoc ngoai' },
  // A foreigner named by their country ("lấy chồng người Hàn", "vợ Việt kiều"): the catalogue's "nước ngoài". Only
  // as "người …" or a country no name holds ("Trung Quốc", "Lào", "Campuchia" are in names of their own).
  {
    says: [
      'nguoi nhat',
      'nguoi han',
      'nguoi han quoc',
      'nguoi trung quoc',
      'nguoi hoa',
      'nguoi dai loan',
      'nguoi campuchia',
      'nguoi cam pu chia',
      'nguoi lao',
      'nguoi thai',
      'nguoi thai lan',
      'nguoi mi',
      'nguoi uc',
      'nguoi phap',
      'nguoi duc',
      'nguoi nga',
      'nguoi tai',
      'nguoi ngoai quoc',
      'ngoai quoc',
      'viet kieu',
      'han quoc',
      'nhat ban',
      'dai loan',
      'thai lan',
      'hoa ki',
    ],
    means: 'nguoi nuoc ngoai',
  },
  { says: ['so do', 'so hong', 'bia do'], means: 'giay chung nhan quyen su dung dat' },
  {
    says: ['lam so do', 'xin cap so do', 'cap so do', 'so do lan dau', 'so hong lan dau', 'cap so hong'],
    means: 'dang ki dat dai cap giay chung nhan quyen su dung dat lan dau ho gia dinh ca nhan',
  },
  { says: ['sang ten xe', 'sang ten xe may', 'sang ten o to'], means: 'dang ki sang ten xe thay doi chu xe' },
  {
    says: ['sang ten so do', 'sang ten so hong', 'sang ten dat', 'sang ten nha dat'],
    means: 'dang ki bien dong quyen su dung dat chuyen nhuong thua ke tang cho',
  },
  {
    says: ['mat so do', 'mat so hong', 'cap lai so do', 'cap lai so hong'],
    means: 'cap lai giay chung nhan do bi mat',
  },
  { says: ['doi so do', 'doi so hong'], means: 'cap doi giay chung nhan quyen su dung dat' },
  { says: ['tach so do', 'tach so', 'chia dat', 'tach thua'], means: 'tach thua hoac hop thua dat' },
  { says: ['so do ghi sai', 'so do bi sai'], means: 'dinh chinh giay chung nhan' },
  {
    says: ['len tho cu', 'chuyen len tho cu', 'tho cu', 'chuyen dat vuon', 'chuyen dat nong nghiep sang dat o'],
    means: 'chuyen muc dich su dung dat',
  },
  { says: ['the chap so do', 'the chap dat', 'the chap'], means: 'dang ki bien phap bao dam bang quyen su dung dat' },
  { says: ['thue dat o', 'thue dat', 'thue nha dat hang nam'], means: 'thue su dung dat phi nong nghiep' },
  { says: ['cho thue nha', 'cho thue phong tro', 'cho thue nha tro'], means: 'cho thue bat dong san' },
  {
    says: [
      'nhap ho khau',
      'lam ho khau',
      'dang ki ho khau',
      'chuyen ho khau',
      'chuyen khau',
      'nhap khau cho',
      'nhap khau ve',
    ],
    means: 'dang ki thuong tru',
  },
  { says: ['tach ho khau', 'tach khau'], means: 'tach ho' },
  // The household book is gone (2023): "hộ khẩu" is the permanent residence it recorded.
  { says: ['ho khau'], means: 'thuong tru' },
  { says: ['cat ho khau', 'xoa ho khau', 'cat khau'], means: 'xoa dang ki thuong tru' },
  {
    says: [
      'cong chung ban sao',
      'photo cong chung',
      'cong chung giay to',
      'sao y',
      'lam chung thuc',
      'chung thuc ban sao',
    ],
    means: 'chung thuc ban sao tu ban chinh giay to van ban',
  },
  { says: ['ban dich', 'dich thuat', 'dich thuat cong chung'], means: 'chung thuc chu ki nguoi dich' },
  { says: ['xac nhan chu ki'], means: 'chung thuc chu ki' },
  { says: ['chung thuc hop dong', 'cong chung hop dong'], means: 'chung thuc giao dich' },
  { says: ['chia thua ke', 'chia di san'], means: 'phan chia di san' },
  { says: ['tu choi nhan thua ke', 'tu choi thua ke'], means: 'tu choi nhan di san' },
  {
    says: ['giay phep kinh doanh', 'dang ki kinh doanh', 'dang ki ho kinh doanh', 'mo cua hang', 'mo quan', 'mo tiem'],
    means: 'dang ki thanh lap ho kinh doanh',
  },
  { says: ['ho ca the', 'kinh doanh ca the'], means: 'ho kinh doanh' },
  {
    says: ['giai the ho kinh doanh', 'dong cua ho kinh doanh', 'dong ho kinh doanh', 'nghi kinh doanh han'],
    means: 'cham dut hoat dong ho kinh doanh',
  },
  { says: ['vien phi'], means: 'chi phi kham chua benh' },
  { says: ['mat giay phep kinh doanh'], means: 'cap lai giay chung nhan dang ki ho kinh doanh' },
  {
    says: ['giay phep kinh doanh van tai', 'kinh doanh van tai', 'chay xe khach'],
    means: 'giay phep kinh doanh van tai bang xe o to',
  },
  {
    says: ['doi dia chi cong ti', 'chuyen dia chi cong ti'],
    means: 'dang ki thay doi dia chi tru so chinh doanh nghiep',
  },
  { says: ['doi ten cong ti'], means: 'dang ki doi ten doanh nghiep' },
  { says: ['giai the cong ti'], means: 'giai the doanh nghiep' },
  {
    says: ['giay phep xay nha', 'xin phep xay nha', 'xay nha', 'giay phep xay dung nha', 'xin phep xay dung nha'],
    means: 'cap giay phep xay dung moi nha o rieng le',
  },
  {
    says: ['xin phep sua nha', 'sua chua nha', 'sua nha', 'cai tao nha'],
    means: 'giay phep xay dung sua chua cai tao nha o rieng le',
  },
  {
    says: ['can cuoc cong dan', 'chung minh nhan dan', 'chung minh thu', 'cccd', 'cmnd', 'cmt'],
    means: 'the can cuoc',
  },
  { says: ['can cuoc lan dau', 'cccd lan dau'], means: 'cap the can cuoc cho nguoi tu du 14 tuoi tro len' },
  {
    says: ['so cmnd cu', 'so chung minh cu', 'so chung minh nhan dan cu', 'cmnd 9 so'],
    means: 'xac nhan so chung minh nhan dan 09 so so dinh danh ca nhan',
  },
  { says: ['vneid', 'dinh danh muc 2'], means: 'tai khoan dinh danh dien tu muc do 02' },
  { says: ['rut bhxh', 'rut bao hiem', 'bhxh 1 lan', 'bhxh mot lan'], means: 'huong bhxh mot lan' },
  { says: ['tien thai san', 'sinh con', 'sinh em be', 'sinh be'], means: 'che do thai san' },
  { says: ['nghi om'], means: 'om dau' },
  {
    says: ['mua bhyt', 'bhyt ho gia dinh', 'bhyt tu nguyen'],
    means: 'dang ki dong cap the bhyt doi voi nguoi chi tham gia bhyt',
  },
  {
    says: ['luong huu qua tai khoan', 'luong huu qua atm', 'linh qua atm'],
    means: 'linh che do bhxh bang tai khoan ca nhan',
  },
  { says: ['ca vet', 'cavet', 'giay dang ki xe'], means: 'chung nhan dang ki xe' },
  {
    says: ['dang ki xe moi', 'dang ki xe lan dau', 'dang ki xe may', 'dang ki xe'],
    means: 'dang ki cap bien so xe lan dau',
  },
  { says: ['doi bien so'], means: 'doi chung nhan dang ki xe bien so xe' },
  { says: ['bang lai xe', 'bang lai', 'gplx'], means: 'giay phep lai xe' },
  { says: ['gpxd'], means: 'giay phep xay dung' },
  { says: ['mat bang lai', 'doi bang lai'], means: 'cap lai giay phep lai xe' },
  { says: ['lam ho chieu', 'xin ho chieu', 'passport'], means: 'cap ho chieu pho thong' },
  { says: ['mat ho chieu', 'mat passport'], means: 'trinh bao mat ho chieu pho thong' },
  { says: ['gia han visa'], means: 'gia han tam tru cho nguoi nuoc ngoai' },
  { says: ['visa'], means: 'thi thuc' },
  { says: ['khong tien an tien su', 'tien an tien su', 'li lich'], means: 'phieu li lich tu phap' },
  { says: ['khoan gieng'], means: 'khai thac nuoc duoi dat' },
  { says: ['mua nha o xa hoi', 'nha o xa hoi'], means: 'dang ki mua thue mua thue nha o xa hoi' },
  // English: what a foreign resident or an English reader calls the procedures most asked for, read as the
  // catalogue's Vietnamese (the catalogue is published in Vietnamese only). General words, phrase by phrase.
  {
    says: ['birth registration', 'register a birth', 'register birth', 'birth certificate', 'register my baby'],
    means: 'dang ki khai sinh',
  },
  { says: ['birth'], means: 'khai sinh' },
  {
    says: ['marriage registration', 'register a marriage', 'register marriage', 'marriage certificate', 'get married'],
    means: 'dang ki ket hon',
  },
  { says: ['marriage'], means: 'ket hon' },
  { says: ['death registration', 'register a death', 'register death', 'death certificate'], means: 'dang ki khai tu' },
  { says: ['death'], means: 'khai tu' },
  {
    says: ['marital status', 'single status', 'certificate of no impediment', 'single certificate'],
    means: 'xac nhan tinh trang hon nhan',
  },
  { says: ['adoption', 'adopt a child', 'adopt'], means: 'nuoi con nuoi' },
  { says: ['guardianship', 'guardian'], means: 'giam ho' },
  {
    says: ['change of name', 'change my name', 'correct civil status'],
    means: 'thay doi cai chinh bo sung thong tin ho tich',
  },
  { says: ['copy of birth certificate', 'extract of civil status'], means: 'cap ban sao trich luc ho tich' },
  { says: ['permanent residence', 'permanent residence registration'], means: 'dang ki thuong tru' },
  {
    says: ['residence certificate', 'certificate of residence', 'confirmation of residence', 'residence confirmation'],
    means: 'xac nhan thong tin ve cu tru',
  },
  { says: ['temporary residence', 'temporary residence registration'], means: 'dang ki tam tru' },
  { says: ['proof of residence'], means: 'xac nhan thong tin ve cu tru' },
  { says: ['temporary absence'], means: 'khai bao tam vang' },
  { says: ['registration', 'register'], means: 'dang ki' },
  { says: ['renewal', 'renew', 'exchange'], means: 'cap doi' },
  { says: ['replacement', 'replace', 'reissue'], means: 'cap lai' },
  { says: ['lost', 'lose', 'stolen'], means: 'mat' },
  { says: ['extension', 'extend'], means: 'gia han' },
  { says: ['id card', 'identity card', 'citizen id', 'citizen identity card', 'chip id'], means: 'the can cuoc' },
  {
    says: ['driving licence', 'driving license', 'driver license', 'drivers license', 'driver s license'],
    means: 'giay phep lai xe',
  },
  { says: ['vehicle registration', 'motorbike registration', 'car registration'], means: 'dang ki xe' },
  { says: ['number plate', 'license plate', 'licence plate'], means: 'bien so xe' },
  {
    says: [
      'household business',
      'business registration',
      'small business',
      'register my business',
      'register a business',
      'business licence',
      'business license',
    ],
    means: 'dang ki thanh lap ho kinh doanh',
  },
  { says: ['company registration', 'set up a company', 'establish a company'], means: 'thanh lap doanh nghiep' },
  {
    says: ['land title', 'land use certificate', 'land use right certificate', 'red book'],
    means: 'giay chung nhan quyen su dung dat',
  },
  { says: ['land'], means: 'dat' },
  { says: ['building permit', 'construction permit'], means: 'giay phep xay dung' },
  { says: ['house', 'home'], means: 'nha o' },
  {
    says: ['certified copy', 'copy certification', 'certify a copy', 'notarised copy', 'notarized copy'],
    means: 'chung thuc ban sao',
  },
  { says: ['certify a signature', 'signature certification'], means: 'chung thuc chu ki' },
  { says: ['notarize', 'notarise', 'notarized', 'notarised', 'certify', 'certified'], means: 'chung thuc' },
  { says: ['copy', 'copies'], means: 'ban sao' },
  { says: ['translation', 'translator'], means: 'chung thuc chu ki nguoi dich' },
  { says: ['will', 'testament'], means: 'di chuc' },
  { says: ['criminal record', 'judicial record', 'police check', 'police clearance'], means: 'phieu li lich tu phap' },
  { says: ['social insurance'], means: 'bhxh' },
  { says: ['health insurance', 'health insurance card'], means: 'bhyt' },
  { says: ['maternity'], means: 'thai san' },
  { says: ['sick leave', 'sickness'], means: 'om dau' },
  { says: ['pension'], means: 'luong huu' },
  { says: ['work permit'], means: 'giay phep lao dong' },
  { says: ['nationality', 'citizenship', 'naturalisation', 'naturalization'], means: 'quoc tich' },
  { says: ['poor household', 'poverty certificate'], means: 'ho ngheo' },
  { says: ['legal aid'], means: 'tro giup phap li' },
  { says: ['land dispute'], means: 'tranh chap dat dai' },
  { says: ['mortgage'], means: 'the chap' },
];

/**
 * Abbreviations the catalogue writes both ways ("BHXH" and "bảo hiểm xã hội"): the long form is read as the
 * short one, in names as in queries, so either finds both (folded).
 */
export const ABBREVIATIONS: readonly { long: string; short: string }[] = [
  { long: 'bao hiem xa hoi', short: 'bhxh' },
  { long: 'bao hiem y te', short: 'bhyt' },
  { long: 'bao hiem that nghiep', short: 'bhtn' },
  { long: 'tai nan lao dong', short: 'tnld' },
  { long: 'benh nghe nghiep', short: 'bnn' },
  { long: 'hop tac xa', short: 'htx' },
  { long: 'trach nhiem huu han', short: 'tnhh' },
  { long: 'uy ban nhan dan', short: 'ubnd' },
];

const shortOf = new Map(ABBREVIATIONS.map((a) => [foldForSearch(a.long), foldForSearch(a.short)]));
const abbreviationPattern = new RegExp(`(?<= )(?:${[...shortOf.keys()].join('|')})(?= )`, 'g');

/** Folded text with the long forms read as their abbreviations. */
export function readAbbreviations(folded: string): string {
  return ` ${folded} `.replace(abbreviationPattern, (long) => shortOf.get(long) ?? long).trim();
}

/** Citizens' phrases compiled for reading queries: by their words, the longest first, whole words only. */
export interface CompiledPhrases {
  meaning: Map<string, string>;
  /** The most words a phrase is said with (0: no phrases). */
  longest: number;
  /** Every word the phrases are said with ("visa", "cavet"): taken as typed, not as Telex marks. */
  words: Set<string>;
}

export function compilePhrases(phrases: readonly CitizenPhrase[]): CompiledPhrases {
  const meaning = new Map<string, string>();
  const asI = (phrase: string) => foldForSearch(phrase);
  for (const { says, means } of phrases)
    for (const phrase of says) if (asI(phrase)) meaning.set(asI(phrase), asI(means));
  const keys = [...meaning.keys()];
  return {
    meaning,
    words: new Set(keys.flatMap((p) => p.split(' '))),
    longest: Math.max(0, ...keys.map((p) => p.split(' ').length)),
  };
}

const seedPhrases = compilePhrases(CITIZEN_PHRASES);

/**
 * Words asking for something again or instead ("làm lại", "đổi", "mất", "hỏng"): a phrase's meaning then loses what
 * it says of a first time (`FIRST_TIME_WORDS`: "đăng ký xe" is the first registration, "cấp lại đăng ký xe bị mất"
 * is not; "đăng ký hộ kinh doanh" sets one up, "cấp lại giấy đăng ký hộ kinh doanh" does not).
 */
export const AGAIN_WORDS: ReadonlySet<string> = new Set(['lai', 'doi', 'mat', 'hong', 'rach', 'hui', 'xoa']);
/** What a phrase's meaning says of a first time (folded): "lần đầu", "thành lập" (a business set up), "mới". */
export const FIRST_TIME_WORDS: readonly string[] = ['lan dau', 'thanh lap', 'moi'];
/**
 * The query with citizens' phrases read as the catalogue's words (folded input, folded output): at each word the
 * longest phrase starting there; a replacement is not read again.
 */
export function readCitizenPhrases(
  folded: string,
  phrases: CompiledPhrases = seedPhrases,
  meant?: Set<string>,
): string {
  if (phrases.longest === 0) return folded;
  const all = words(folded);
  const again = all.some((w) => AGAIN_WORDS.has(w));
  const out: string[] = [];
  for (let i = 0; i < all.length; ) {
    let read = false;
    for (let n = Math.min(phrases.longest, all.length - i); n > 0; n--) {
      const phrase = all.slice(i, i + n).join(' ');
      const meaning = phrases.meaning.get(phrase);
      if (meaning === undefined) continue;
      // The query asks for it again: not the first time the phrase's meaning may say.
      let said = words(
        again && !phrase.split(' ').some((w) => AGAIN_WORDS.has(w))
          ? FIRST_TIME_WORDS.reduce((m, first) => m.replace(` ${first} `, ' '), ` ${meaning} `)
          : meaning,
      );
      for (const w of said) meant?.add(w);
      // The words the query goes on with are not said twice ("lý lịch tư pháp": "lý lịch" means "phiếu lý
      // lịch tư pháp", and "tư pháp" follows).
      const next = all.slice(i + n);
      for (let k = Math.min(said.length - 1, next.length); k > 0; k--) {
        if (said.slice(-k).join(' ') === next.slice(0, k).join(' ')) {
          said = said.slice(0, -k);
          break;
        }
      }
      out.push(...said);
      i += n;
      read = true;
      break;
    }
    if (!read) out.push(all[i++] as string);
  }
  return out.join(' ');
}

export interface CatalogSearchEntry {
  id: string;
  code: string;
  name: string;
  field: string;
  levels: readonly string[];
  serviceMode: string;
  implementingAgencies: string;
  /** The names of the required documents (what the citizen brings: "năm sinh", "giấy chứng sinh"), one text. */
  documents?: string;
  /** The names of the results (what the citizen gets: "trích lục thay đổi hộ tịch"), one text. */
  results?: string;
  /** Who may file it ("Công dân Việt Nam", "Doanh nghiệp", ...). */
  applicantKinds?: readonly string[];
}

/** The search entry of a procedure: its name, field, levels, and the names of its documents and results. */
export function searchEntryOf(
  id: string,
  p: Pick<Procedure, 'code' | 'name' | 'field' | 'implementingAgencies'> & {
    levels: readonly string[];
    serviceMode: string;
    requiredDocuments?: readonly { name: string }[] | null;
    results?: readonly { name: string }[] | null;
    applicantKinds?: readonly string[] | null;
  },
): CatalogSearchEntry {
  return {
    id,
    code: p.code,
    name: p.name,
    field: p.field,
    levels: p.levels,
    serviceMode: p.serviceMode,
    implementingAgencies: p.implementingAgencies,
    documents: (p.requiredDocuments ?? []).map((d) => d.name).join(' ; '),
    results: (p.results ?? []).map((r) => r.name).join(' ; '),
    applicantKinds: p.applicantKinds ?? [],
  };
}

/**
 * How much a word counts when found only outside the name, as a share of a name match: the field ("hộ tịch"),
 * the results ("trích lục"), the required documents ("giấy chứng sinh"). The name stays first.
 */
export const SECONDARY_WEIGHTS = { field: 0.5, results: 0.4, documents: 0.25 } as const;

interface IndexedEntry {
  entry: CatalogSearchEntry;
  /** The name as matched: without the note of where it is done ("(thực hiện tại cấp tỉnh)"), which `levels` says. */
  name: string;
  words: string[];
  /** The name's words as written (lower case, i = y), for telling "hưu" from "hữu"; empty when they do not align. */
  markedWords: Set<string>;
  folded: string;
  fieldFolded: string;
  agenciesFolded: string;
  /** Words found outside the name (field, results, documents) → the share of a name match they are worth. */
  secondary: Map<string, number>;
  isCommune: boolean;
  /** A citizen may file it (applicant kinds hold "Công dân Việt Nam"). */
  forCitizens: boolean;
  /** The special cases its name names (`SPECIAL_CASES`), as the words a query asks for them with. */
  specialCases: (typeof SPECIAL_CASES)[number][];
  /** The name starts with an action on what one already has (`VARIANT_ACTIONS`): the query words that ask for it. */
  variantAction: readonly string[] | null;
  /** Words of the name outside parentheses: what the length normalisation counts (the list of cases inside is not). */
  headLength: number;
  fieldWords: Set<string>;
}

export interface CatalogIndex {
  entries: IndexedEntry[];
  /**
   * Word → the entries whose name holds it, with the word's first position there (outside parentheses if it
   * is there) and whether that place is inside parentheses (a list of cases, which counts less).
   */
  postings: Map<string, { entry: number; position: number; aside: boolean }[]>;
  /** Entry numbers sorted by name (Vietnamese collation), for listing without a query. */
  byName: number[];
  /** Average number of words in a name (for length normalisation). */
  averageLength: number;
  /** Word → number of names containing it. */
  documentFrequency: Map<string, number>;
  /** Two consecutive name words ("khai tu") → number of names holding them so. */
  pairFrequency: Map<string, number>;
  /** Word → number of entries holding it in their field, results or documents. */
  secondaryFrequency: Map<string, number>;
  /** Word → the entries holding it outside their name. */
  secondaryPostings: Map<string, number[]>;
  vocabulary: string[];
  /** The vocabulary sorted (for prefixes) and by word length (for typos). */
  sortedVocabulary: string[];
  vocabularyByLength: Map<number, string[]>;
  /** Query word → the vocabulary words it matches with their match score (bounded memo). */
  matches: Map<string, [string, number][]>;
  /** The citizens' phrases this index reads queries with (the province's synonyms, else the seed). */
  phrases: CompiledPhrases;
}

export interface CatalogRankingSignals {
  /** Procedure code → how often it is filed in the province, 0..1 (1 = the most filed): a small prior. */
  popularity?: ReadonlyMap<string, number>;
  /** Procedure code → what people who asked this query then chose, 0..1 (capped by the caller): a boost. */
  learned?: ReadonlyMap<string, number>;
}

/**
 * A procedure filed most often gains this share; one learned for the query at most `LEARNED_WEIGHT`. Small: it
 * separates near-equal names, and filings count what was filed, not what was asked (6 %: at 12 % the demo's filings
 * carried the wrong one of near-equal names past the right one more often than they helped).
 */
export const POPULARITY_WEIGHT = 0.06;
/**
 * The popularity prior counts in full for a name explaining as much of the query as the best one, else by the
 * ratio of their coverages to this power: near-equal names are separated, a name lacking an asked word is not
 * carried past the one holding it.
 */
export const POPULARITY_COVERAGE_POWER = 16;
export const LEARNED_WEIGHT = 0.5;
/**
 * Commune before province for the same words (the citizen's own level, where most of them file): the last tiebreak,
 * below popularity.
 */
export const COMMUNE_WEIGHT = 0.03;
/**
 * Where the citizen says they will go ("ở xã", "công an phường", "lên tỉnh"): the procedures done at that level
 * gain this share, and the word itself says nothing of what is asked (it weighs as a filler).
 */
export const LEVEL_WEIGHT = 0.15;
/**
 * The words naming a level (folded, i = y), with the marks they are typed with. "tỉnh" only after a word that
 * places it ("ở tỉnh", "cấp tỉnh", "lên tỉnh"): "tính", "tình" fold alike. A word that forms with its neighbour a
 * pair found in names ("xã hội", "phương tiện", "địa phương") is not a level.
 */
export const LEVEL_WORDS: readonly { word: string; marked: string; level: string; after?: readonly string[] }[] = [
  { word: 'xa', marked: 'xã', level: 'commune' },
  { word: 'phuong', marked: 'phường', level: 'commune' },
  { word: 'tran', marked: 'trấn', level: 'commune', after: ['thi'] },
  { word: 'tinh', marked: 'tỉnh', level: 'province', after: ['o', 'tai', 'len', 'cap', 'ubnd', 'so', 'an'] },
];
/** Words before a level word that place it ("cấp xã", "ở xã", "công an xã"), even when names hold the pair. */
const LEVEL_PLACING_WORDS: ReadonlySet<string> = new Set(['cap', 'o', 'tai', 'ubnd', 'an']);
/** A procedure citizens may file before one only organisations or officials file (the portal's public asks). */
export const CITIZEN_WEIGHT = 0.08;
/**
 * Special cases a name can name (folded): most people ask for the common case, so a procedure for one of these
 * weighs `SPECIAL_CASE_WEIGHT` unless the query names it too.
 */
export const SPECIAL_CASES: readonly { name: string; asked: string | readonly string[]; weight?: number }[] = [
  { name: 'ieu to nuoc ngoai', asked: 'nuoc ngoai' },
  { name: 'khu vuc bien gioi', asked: 'bien gioi' },
  { name: 'luu dong', asked: 'luu dong' },
  // Done at an agency's or a court's request: the citizen asks for their own.
  { name: 'theo ieu cau cua co quan', asked: 'co quan', weight: 0.7 },
  // Two registrations in one ("khai sinh kết hợp nhận cha, mẹ, con"): asked for as such.
  { name: 'ket hop', asked: 'ket hop' },
  // An injury or illness that came back ("thương tật, bệnh tật tái phát"): after the first time.
  { name: 'tai phat', asked: 'tai phat' },
  // A child's card or papers ("cho người dưới 14 tuổi"): the adult's first unless the query says so.
  { name: 'duoi 14 tuoi', asked: ['duoi', 'con', 'be', 'em be', 'chau', 'tre em', 'tre con'] },
];
export const SPECIAL_CASE_WEIGHT = 0.85;
/**
 * Actions that change what one already has (folded, at the start of a name): extending, re-issuing, exchanging,
 * deleting, correcting. Someone who names no such action ("làm tạm trú", "cấp thẻ căn cước") asks for the first
 * registration or issue, so a name starting with one weighs `VARIANT_ACTION_WEIGHT` unless the query asks for it
 * (one of `asked`, typed or implied: "mất" implies "lại", "hủy" implies "xóa").
 */
export const VARIANT_ACTIONS: readonly { starts: string; asked: readonly string[] }[] = [
  { starts: 'gia han', asked: ['gia', 'han'] },
  { starts: 'cap lai', asked: ['lai'] },
  { starts: 'dang ki lai', asked: ['lai'] },
  { starts: 'cap doi', asked: ['doi'] },
  { starts: 'cap chuien doi', asked: ['chuien', 'doi'] },
  { starts: 'xoa', asked: ['xoa'] },
  { starts: 'hui', asked: ['hui', 'xoa'] },
  { starts: 'dieu chinh', asked: ['dieu', 'chinh'] },
  { starts: 'dinh chinh', asked: ['dinh', 'chinh'] },
  { starts: 'thu hoi', asked: ['thu', 'hoi'] },
  { starts: 'cham dut', asked: ['cham', 'dut'] },
  { starts: 'tam ngung', asked: ['tam', 'ngung'] },
  { starts: 'cap ban sao', asked: ['sao'] },
  { starts: 'khoi phuc', asked: ['khoi', 'phuc'] },
];
export const VARIANT_ACTION_WEIGHT = 0.9;
/** Two query words found in sequence in the name with one asked word between them add this share of their scores. */
export const GAP_SEQUENCE_WEIGHT = 0.25;
/** A rare pair of syllables found as in the name adds this share of its own weight (squared IDF of the pair). */
export const PAIR_WEIGHT = 0.2;
/**
 * Field inference: a hit gains up to this share by the part of the best `FIELD_TOP` hits' scores that its field
 * holds (the field the query is about, read from what it finds).
 */
export const FIELD_WEIGHT = 0.3;
export const FIELD_TOP = 20;
/**
 * The field is read only when some hit explains at least this share of the query: a request the catalogue does not
 * answer ("điện thoại bị mất") is not given a field by its loose matches, which would reorder them.
 */
export const FIELD_MIN_COVERAGE = 0.5;

export interface CatalogSearchFilters {
  field?: string;
  level?: string;
  serviceMode?: string;
  /** Text of an implementing agency, e.g. "ủy ban nhân dân cấp xã". */
  agency?: string;
}

export interface CatalogSearchHit {
  entry: CatalogSearchEntry;
  score: number;
  /**
   * How much of the query this procedure explains, 0..1: each typed word (fillers aside) by its rarity, counted
   * whole when found as typed in the name, in part when found a typo away, by prefix, or outside the name.
   */
  coverage: number;
  /** The rarest typed word found exactly as typed in the name, as a share of the rarest possible (0..1). */
  anchor: number;
}

/** Folds for matching: no diacritics, lower case, i = y, punctuation as spaces. */
export function foldForSearch(text: string): string {
  return foldVietnamese(text.normalize('NFC'))
    .replace(/y/g, 'i')
    .replace(/[^a-z0-9.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function words(folded: string): string[] {
  return folded.split(' ').filter((w) => w.length > 0);
}

/** i and y are one letter, with any tone mark: "kỹ" and "kĩ" are one word as written. */
const Y_AS_I: Record<string, string> = { y: 'i', ý: 'í', ỳ: 'ì', ỷ: 'ỉ', ỹ: 'ĩ', ỵ: 'ị' };

/** Words as written, in the order of `words(foldForSearch(text))`: lower case, NFC, i = y, marks kept. */
function markedWordsOf(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[yýỳỷỹỵ]/g, (c) => Y_AS_I[c] ?? c)
    .split(/[^\p{L}\p{N}.]+/u)
    .filter((w) => w.length > 0);
}

/** The marked words of `text` when each folds to the word at its place, else none (odd letters). */
function alignedMarkedWords(text: string, folded: readonly string[]): string[] {
  const marked = markedWordsOf(text);
  const aligned = marked.length === folded.length && marked.every((w, i) => foldForSearch(w) === folded[i]);
  return aligned ? marked : [];
}

/** Per word of the folded name: whether it stands inside parentheses (all false when the count disagrees). */
function wordsInParentheses(name: string, count: number): boolean[] {
  const flags: boolean[] = [];
  let depth = 0;
  let segment = '';
  const flush = () => {
    for (const _ of words(readAbbreviations(foldForSearch(segment)))) flags.push(depth > 0);
    segment = '';
  };
  for (const c of name) {
    if (c === '(' || c === ')') {
      flush();
      depth = Math.max(0, depth + (c === '(' ? 1 : -1));
    } else segment += c;
  }
  flush();
  return flags.length === count ? flags : new Array(count).fill(false);
}

/** The name without the national portal's note of the level it is done at, which the levels already say. */
export function nameForMatching(name: string): string {
  return name
    .replace(/\s*\(\s*thực hiện (?:tại|ở) cấp [^)]*\)/giu, '')
    .replace(/^\s*thủ tục\s+/iu, '')
    .trim();
}

/** A name word found only inside parentheses (a list of cases) counts this share. */
export const ASIDE_WEIGHT = 0.6;

export function buildCatalogIndex(
  entries: readonly CatalogSearchEntry[],
  options: { phrases?: CompiledPhrases } = {},
): CatalogIndex {
  const documentFrequency = new Map<string, number>();
  const secondaryFrequency = new Map<string, number>();
  const secondaryPostings = new Map<string, number[]>();
  const indexed = entries.map((entry, i) => {
    const name = nameForMatching(entry.name);
    const folded = readAbbreviations(foldForSearch(name));
    const w = words(folded);
    for (const word of new Set(w)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    const fieldFolded = foldForSearch(entry.field);
    const secondary = new Map<string, number>();
    const add = (text: string | undefined, share: number) => {
      for (const word of words(readAbbreviations(foldForSearch(text ?? '')))) {
        if (word.length < 2 || /^\d/.test(word)) continue;
        if ((secondary.get(word) ?? 0) < share) secondary.set(word, share);
      }
    };
    add(entry.documents, SECONDARY_WEIGHTS.documents);
    add(entry.results, SECONDARY_WEIGHTS.results);
    add(entry.field, SECONDARY_WEIGHTS.field);
    for (const word of secondary.keys()) {
      secondaryFrequency.set(word, (secondaryFrequency.get(word) ?? 0) + 1);
      const list = secondaryPostings.get(word) ?? [];
      if (list.length === 0) secondaryPostings.set(word, list);
      list.push(i);
    }
    return {
      entry,
      words: w,
      markedWords: new Set(alignedMarkedWords(name, w)),
      folded,
      fieldFolded,
      agenciesFolded: foldForSearch(entry.implementingAgencies),
      secondary,
      isCommune: entry.levels.includes('commune'),
      forCitizens: (entry.applicantKinds ?? []).some((k) => /^công dân/iu.test(k.trim())),
      specialCases: SPECIAL_CASES.filter((c) => ` ${folded} `.includes(` ${c.name} `)),
      variantAction: VARIANT_ACTIONS.find((a) => `${folded} `.startsWith(`${a.starts} `))?.asked ?? null,
      headLength: Math.max(1, words(foldForSearch(name.replace(/\([^)]*\)?/g, ' '))).length),
      name,
      fieldWords: new Set(words(fieldFolded)),
    };
  });
  const averageLength = indexed.reduce((sum, e) => sum + e.headLength, 0) / Math.max(1, indexed.length);
  const pairFrequency = new Map<string, number>();
  for (const e of indexed) {
    const pairs = new Set(e.words.slice(1).map((w, k) => `${e.words[k]} ${w}`));
    for (const pair of pairs) pairFrequency.set(pair, (pairFrequency.get(pair) ?? 0) + 1);
  }
  const postings = new Map<string, { entry: number; position: number; aside: boolean }[]>();
  indexed.forEach((e, entry) => {
    // Each word at its first place outside parentheses, else its first place inside them.
    const aside = wordsInParentheses(e.name, e.words.length);
    const first = new Map<string, number>();
    e.words.forEach((word, position) => {
      const known = first.get(word);
      if (known === undefined || (aside[known] && !aside[position])) first.set(word, position);
    });
    for (const [word, position] of first) {
      const list = postings.get(word) ?? [];
      if (list.length === 0) postings.set(word, list);
      list.push({ entry, position, aside: aside[position] === true });
    }
  });
  const vocabulary = [...documentFrequency.keys()];
  const vocabularyByLength = new Map<number, string[]>();
  for (const word of vocabulary) {
    const list = vocabularyByLength.get(word.length) ?? [];
    if (list.length === 0) vocabularyByLength.set(word.length, list);
    list.push(word);
  }
  const collator = new Intl.Collator('vi');
  const byName = indexed
    .map((_, i) => i)
    .sort(
      (a, b) =>
        collator.compare((indexed[a] as IndexedEntry).entry.name, (indexed[b] as IndexedEntry).entry.name) ||
        (indexed[a] as IndexedEntry).entry.code.localeCompare((indexed[b] as IndexedEntry).entry.code),
    );
  return {
    entries: indexed,
    postings,
    byName,
    documentFrequency,
    pairFrequency,
    secondaryFrequency,
    secondaryPostings,
    vocabulary,
    sortedVocabulary: [...vocabulary].sort(),
    vocabularyByLength,
    averageLength,
    matches: new Map(),
    phrases: options.phrases ?? seedPhrases,
  };
}

/** Edit distance with transpositions, giving up past `max`. */
function withinEditDistance(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] as number) + 1, (current[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return false;
    prevPrev = prev;
    prev = current;
  }
  return (prev[cols - 1] as number) <= max;
}

/**
 * How well a query word matches a name word: 1 exact, 0.8 prefix (only for the word being typed, the
 * last one), 0.7 a typo away, else 0.
 */
function wordMatch(query: string, word: string, isLast: boolean): number {
  if (query === word) return 1;
  if (isLast && query.length >= 3 && word.startsWith(query)) return 0.8;
  // Vietnamese syllables are short and many differ by one letter (khai/khám/thai): only longer words
  // are allowed a typo; a four-letter word only two neighbouring letters swapped ("sihn", "kahi").
  const max = query.length >= 8 ? 2 : query.length >= 5 ? 1 : 0;
  if (max > 0 && withinEditDistance(query, word, max)) return 0.6;
  if (query.length === 4 && word.length === 4 && isNeighbourSwap(query, word)) return 0.6;
  return 0;
}

function isNeighbourSwap(a: string, b: string): boolean {
  const differ = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return (
    differ.length === 2 &&
    differ[1] === (differ[0] as number) + 1 &&
    a[differ[0] as number] === b[differ[1] as number] &&
    a[differ[1] as number] === b[differ[0] as number]
  );
}

/**
 * A folded word with its marks typed as letters, the keyboard not having made them marks: Telex ("ddawngf",
 * "kys": đăng, ký) or VNI ("d9a8ng", "ky1"). A Vietnamese syllable never holds dd, w or a digit, nor s, f, r, x,
 * j or z after its first vowel, so those are read as marks and dropped. Only used for a word the catalogue
 * does not have as typed.
 */
export function dropTypedMarks(word: string): string {
  let w = /[a-z]/.test(word) && /\d/.test(word) ? word.replace(/\d/g, '') : word;
  w = w
    .replace(/dd/g, 'd')
    .replace(/([aeo])\1/g, '$1')
    .replace(/([aou])w/g, '$1')
    // w after the vowel ("dangw": the mark typed at the end) is the vowel's; alone it is ư.
    .replace(/w/g, (_, at: number, all: string) => (/[aeiou]/.test(all.slice(0, at)) ? '' : 'u'));
  const firstVowel = w.search(/[aeiou]/);
  if (firstVowel >= 0) w = w.slice(0, firstVowel + 1) + w.slice(firstVowel + 1).replace(/[sfrxjz]/g, '');
  return w;
}

/** Two words typed without the space between them ("sinhcho"), when both are words of names or of queries. */
function splitGlued(index: CatalogIndex, word: string): string | null {
  if (word.length < 5 || word.length > 16) return null;
  const known = (w: string) =>
    w.length >= 2 && (index.documentFrequency.has(w) || QUERY_FILLER_WORDS.has(w) || index.phrases.words.has(w));
  for (let at = 2; at <= word.length - 2; at++) {
    const a = word.slice(0, at);
    const b = word.slice(at);
    if (known(a) && known(b)) return `${a} ${b}`;
  }
  return null;
}

/** The query's words, each as the catalogue has it when only its typed marks kept it from matching. */
function readTypedMarks(index: CatalogIndex, folded: string): string {
  const known = (w: string) => index.documentFrequency.has(w) || index.secondaryFrequency.has(w);
  const typed = words(folded);
  return typed
    .map((w, i) => {
      // A chat shortening ("dk", "ng", "ck") is read unless a name has it (lists of documents may).
      const chat = index.documentFrequency.has(w) ? undefined : CHAT_WORDS[w];
      if (chat) return chat;
      if (known(w) || index.phrases.words.has(w)) return w;
      const plain = dropTypedMarks(w);
      if (plain !== w && known(plain)) return plain;
      return splitGlued(index, w) ?? soundAlike(index, w, typed[i - 1], typed[i + 1]) ?? w;
    })
    .join(' ');
}

/**
 * How people shorten words typing on a phone (folded): read as the words, for a word the catalogue does not have.
 * Data: extend it as the search logs teach.
 */
export const CHAT_WORDS: Readonly<Record<string, string>> = {
  dk: 'dang ki',
  ng: 'nguoi',
  ck: 'chong',
  vk: 'vo',
  lm: 'lam',
  dc: 'duoc',
  vs: 'voi',
  ntn: 'nhu the nao',
  j: 'gi',
  ko: 'khong',
  e: 'em',
  gks: 'giai khai sinh',
  gcn: 'giai chung nhan',
  qsdd: 'quien su dung dat',
  mst: 'ma so thue',
  dkkd: 'dang ki kinh doanh',
  dkkh: 'dang ki ket hon',
};

/**
 * Letters people write one for another because they sound alike where they live (folded): initial s/x, ch/tr,
 * d/gi/r, l/n, k/kh, ph/f; final n/ng, n/nh, c/t. A word the catalogue does not have ("kai", "fép", "sin") is read
 * as a variant that makes a pair of names with a neighbour. A word it has is left as typed ("chú" in "thường chú" is a word of its own:
 * reading such words by the pairs their variants make with the neighbours lost more than it found).
 */
export const SOUND_ALIKE: {
  initial: readonly (readonly [string, string])[];
  final: readonly (readonly [string, string])[];
} = {
  initial: [
    ['s', 'x'],
    ['x', 's'],
    ['ch', 'tr'],
    ['tr', 'ch'],
    ['d', 'gi'],
    ['gi', 'd'],
    ['r', 'd'],
    ['r', 'gi'],
    ['d', 'r'],
    ['l', 'n'],
    ['n', 'l'],
    ['k', 'kh'],
    ['f', 'ph'],
    ['z', 'd'],
  ],
  final: [
    ['ng', 'n'],
    ['n', 'ng'],
    ['nh', 'n'],
    ['n', 'nh'],
    ['c', 't'],
    ['t', 'c'],
  ],
};

/** The words sounding like `w` (one letter group changed, `SOUND_ALIKE`). */
function soundAlikeVariants(w: string): string[] {
  if (w.length < 2 || !/^[a-z]+$/.test(w)) return [];
  const variants: string[] = [];
  for (const [from, to] of SOUND_ALIKE.initial)
    if (w.startsWith(from) && !(from === 'k' && w.startsWith('kh')) && !(from === 'd' && to === 'gi' && w[1] === 'i'))
      variants.push(to + w.slice(from.length));
  for (const [from, to] of SOUND_ALIKE.final)
    if (w.endsWith(from) && !(from === 'n' && /n[gh]$/.test(w)) && !(from === 'c' && w.endsWith('ch')))
      variants.push(w.slice(0, -from.length) + to);
  return variants;
}

/**
 * A word the catalogue does not have, read as the variant sounding alike that makes with a neighbour the pair names
 * hold most ("kai sinh": "khai sinh", "giấy fép": "giấy phép"); none without such a pair ("nấu phở" is not "lâu").
 */
function soundAlike(index: CatalogIndex, w: string, before?: string, after?: string): string | null {
  const pair = (a?: string, b?: string) => (a && b ? (index.pairFrequency.get(`${a} ${b}`) ?? 0) : 0);
  let best: string | null = null;
  let bestFrequency = 0;
  for (const v of soundAlikeVariants(w)) {
    const f = Math.max(pair(before, v), pair(v, after));
    if (f > bestFrequency) {
      best = v;
      bestFrequency = f;
    }
  }
  return best;
}

/**
 * The name words a query word matches and how well, looking only where a match can be: the word itself, the
 * words it begins (sorted vocabulary, for the word being typed) and the words of a length a typo away. Memoised
 * per index.
 */
function vocabularyMatches(index: CatalogIndex, q: string, isLast: boolean): [string, number][] {
  const key = isLast ? `${q}$` : q;
  let found = index.matches.get(key);
  if (found) return found;
  const best = new Map<string, number>();
  const consider = (word: string) => {
    const m = wordMatch(q, word, isLast);
    if (m > (best.get(word) ?? 0)) best.set(word, m);
  };
  if (index.documentFrequency.has(q)) best.set(q, 1);
  if (isLast && q.length >= 3) {
    const sorted = index.sortedVocabulary;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as string) < q) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < sorted.length && (sorted[k] as string).startsWith(q); k++) consider(sorted[k] as string);
  }
  const max = q.length >= 8 ? 2 : q.length >= 5 ? 1 : q.length === 4 ? 0 : -1;
  for (let length = q.length - Math.max(0, max); max >= 0 && length <= q.length + max; length++) {
    for (const word of index.vocabularyByLength.get(length) ?? []) consider(word);
  }
  found = [...best.entries()];
  if (index.matches.size >= 20_000) index.matches.clear();
  index.matches.set(key, found);
  return found;
}

/** The query as the search reads it: folded, typed marks dropped, citizens' phrases read, fillers dropped. */
export function readQuery(
  index: CatalogIndex,
  query: string,
): {
  read: string;
  words: string[];
  implied: Map<string, number>;
  meant: Set<string>;
  fillers: Set<string>;
  /** The level the citizen named ("ở xã": commune), if one. */
  level: string | null;
} {
  const folded = readTypedMarks(index, foldForSearch(query));
  const meant = new Set<string>();
  // Abbreviations before the phrases too: "mua bảo hiểm y tế" is the phrase "mua BHYT".
  const read = readAbbreviations(readCitizenPhrases(readAbbreviations(folded), index.phrases, meant));
  let content = ` ${read} `;
  // Someone died ("ông nội mới mất"): who it was and "mất" say nothing of the procedure.
  const died = diedPattern.test(content);
  if (died) content = content.replace(diedPattern, ' ');
  for (const phrase of QUERY_FILLER_PHRASES) content = content.replaceAll(` ${phrase} `, ' ');
  const qWords = [...new Set(words(content.trim()).length > 0 ? words(content.trim()) : words(read))].slice(0, 12);
  // The catalogue's words a citizen's word implies, added with a share of a word's weight.
  const implied = new Map<string, number>();
  for (const w of qWords)
    for (const [word, share] of died && w === 'mat' ? [] : (IMPLIED_WORDS[w] ?? []))
      if (!qWords.includes(word) && share > (implied.get(word) ?? 0)) implied.set(word, share);
  // Someone died: the registration of a death is what is most likely asked ("bố tôi vừa qua đời").
  if (died) for (const word of ['khai', 'tu']) if (!qWords.includes(word)) implied.set(word, DIED_IMPLIES);
  // Fillers of this query: the folded fillers, but for those the citizen typed with other marks.
  const typedOtherwise = new Set(
    markedWordsOf(query)
      .filter((w) => w !== foldForSearch(w) && !QUERY_FILLER_MARKED.has(w))
      .map((w) => foldForSearch(w)),
  );
  const fillers = new Set(
    qWords.filter((w) => (QUERY_FILLER_WORDS.has(w) || ENGLISH_FILLER_WORDS.has(w)) && !typedOtherwise.has(w)),
  );
  const { level, word: levelWord } = namedLevel(index, words(content.trim()), query);
  if (levelWord && qWords.includes(levelWord)) fillers.add(levelWord);
  return {
    read,
    words: qWords,
    implied,
    meant: new Set([...meant].map((w) => readAbbreviations(w))),
    fillers,
    level,
  };
}

/** The level a query names ("công an xã", "ở phường", "lên tỉnh") and its word, read as `LEVEL_WORDS` says. */
function namedLevel(
  index: CatalogIndex,
  content: readonly string[],
  query: string,
): { level: string | null; word: string | null } {
  const marked = new Set(markedWordsOf(query));
  for (const l of LEVEL_WORDS) {
    const at = content.indexOf(l.word);
    if (at < 0) continue;
    // Typed with other marks ("xa" as "xa" is ambiguous, "tính" is not "tỉnh"): not a level.
    if (!marked.has(l.marked) && !marked.has(l.word)) continue;
    const before = content[at - 1];
    const after = content[at + 1];
    if (l.after && !(before && l.after.includes(before))) continue;
    const inPair = (a?: string, b?: string) => Boolean(a && b && (index.pairFrequency.get(`${a} ${b}`) ?? 0) > 0);
    if (inPair(l.word, after)) continue;
    if (!l.after && inPair(before, l.word) && !LEVEL_PLACING_WORDS.has(before as string)) continue;
    return { level: l.level, word: l.word };
  }
  return { level: null, word: null };
}

/**
 * "mất" after a person ("người nhà mất", "chồng mất", "bố mất") is that person's death, not a paper lost: it
 * implies nothing then (folded, i = y). Pronouns a citizen says "I" with ("em", "anh", "con", "cháu") are not
 * listed: "em mất giấy khai sinh" is a paper lost.
 */
export const DIED_PERSONS: readonly string[] = [
  'nguoi',
  'nguoi nha',
  'nguoi than',
  'chong',
  'vo',
  'bo',
  'me',
  'cha',
  'ong',
  'ba',
  'ong noi',
  'ong ngoai',
  'ba noi',
  'ba ngoai',
  'cu',
];
/** A death implies "khai tử" at this share of a word's weight. */
export const DIED_IMPLIES = 0.5;
/** A person, perhaps "tôi"/"mình", perhaps "mới"/"vừa"/"đã", then "mất" (folded, between spaces). */
const diedPattern = new RegExp(
  ` (?:${[...DIED_PERSONS].sort((a, b) => b.length - a.length).join('|')})(?: (?:toi|minh|em))?(?: (?:moi|vua|da|vua moi))? mat `,
);

/**
 * Words citizens use for what the catalogue says otherwise, read as adding the catalogue's word rather than
 * replacing theirs (folded, i = y): "mất căn cước" asks for "cấp lại", "hủy tạm trú" for "xóa đăng ký".
 */
export const IMPLIED_WORDS: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  mat: [['lai', 0.8]],
  hong: [
    ['doi', 0.6],
    ['lai', 0.6],
  ],
  rach: [
    ['doi', 0.6],
    ['lai', 0.6],
  ],
  // "hủy đăng ký biển số": a registration cancelled is one withdrawn (thu hồi), or deleted (xóa).
  hui: [
    ['xoa', 0.8],
    ['thu', 0.6],
    ['hoi', 0.6],
  ],
  sua: [
    ['dieu', 0.6],
    ['chinh', 0.6],
  ],
  sai: [['chinh', 0.6]],
  // "chết" is said of a person: a death to register, unless the name holds it ("người hưởng đã chết").
  chet: [
    ['khai', 0.5],
    ['tu', 0.5],
  ],
};

export function searchCatalog(
  index: CatalogIndex,
  query: string,
  options: CatalogSearchFilters & CatalogRankingSignals & { limit?: number; offset?: number } = {},
): { hits: CatalogSearchHit[]; total: number } {
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const agency = options.agency ? foldForSearch(options.agency) : null;
  const passes = (e: IndexedEntry) =>
    (!options.field || e.entry.field === options.field) &&
    (!options.level || e.entry.levels.includes(options.level)) &&
    (!options.serviceMode || e.entry.serviceMode === options.serviceMode) &&
    (!agency || e.agenciesFolded.includes(agency));
  const { read, words: typedWords, implied, fillers, level: namedLevelOfQuery } = readQuery(index, query);
  const qWords = [...typedWords, ...implied.keys()];
  // The words the citizen wrote with their marks ("hưu"), by folded word: a name with the same marks ranks
  // above one that only folds alike ("hữu"). Words without marks, or replaced by a citizen phrase, match
  // every way of writing them.
  const typedMarks = new Map<string, string>();
  for (const w of markedWordsOf(query)) {
    const f = foldForSearch(w);
    if (f !== w && !typedMarks.has(f)) typedMarks.set(f, w);
  }
  if (qWords.length === 0) {
    const listed = index.byName.map((i) => index.entries[i] as IndexedEntry).filter(passes);
    return {
      hits: listed.slice(offset, offset + limit).map((e) => ({ entry: e.entry, score: 0, coverage: 0, anchor: 0 })),
      total: listed.length,
    };
  }
  const n = Math.max(1, index.entries.length);
  // Squared IDF: a rare word ("rượu", "khai sinh") must outweigh several common ones ("giấy", "cho").
  const weight = (word: string) => Math.log(1 + n / (index.documentFrequency.get(word) ?? 1)) ** 2;
  // Outside the name a word is as rare as it is there: "giấy" is in every list of documents.
  const secondaryWeight = (word: string) => Math.log(1 + n / (index.secondaryFrequency.get(word) ?? 1)) ** 2;
  const queryWeight = (q: string) => (fillers.has(q) ? 0.1 : (implied.get(q) ?? 1));
  const lastTyped = /\s$/.test(query) ? -1 : typedWords.length - 1;
  // Per query word, per entry: the best match's score and where it stands in the name.
  const perWord: Map<number, { score: number; position: number; word: string; exact: boolean }>[] = qWords.map(
    (q, i) => {
      const best = new Map<number, { score: number; position: number; word: string; exact: boolean }>();
      // A query word that is a word of the catalogue was most likely meant as written: its typo and prefix
      // neighbours ("khung" for "chung", "truyền" for "trú") weigh less, and never more than the word itself.
      const known = index.documentFrequency.has(q);
      const marked = typedMarks.get(q);
      for (const [word, m] of vocabularyMatches(index, q, i === lastTyped)) {
        const score =
          m < 1 && known
            ? m * 0.5 * Math.min(weight(word), weight(q)) * queryWeight(q)
            : m * weight(word) * queryWeight(q);
        for (const p of index.postings.get(word) ?? []) {
          const e = index.entries[p.entry] as IndexedEntry;
          const otherMarks = Boolean(marked && m === 1 && e.markedWords.size > 0 && !e.markedWords.has(marked));
          let s = otherMarks ? score * 0.6 : score;
          if (p.aside) s *= ASIDE_WEIGHT;
          const current = best.get(p.entry);
          if (!current || s > current.score)
            best.set(p.entry, { score: s, position: p.position, word, exact: m === 1 && !otherMarks });
        }
      }
      return best;
    },
  );
  const asking = new Set(qWords);
  const codeQuery = /^\d+\.\d{6}$/.test(query.trim()) ? query.trim() : null;
  const touched = new Set<number>();
  for (const m of perWord) for (const entry of m.keys()) touched.add(entry);
  // Entries holding at least one of the query's rarer words outside their name can be found by those words.
  for (const q of qWords) {
    if (q.length < 2 || fillers.has(q)) continue;
    const list = index.secondaryPostings.get(q);
    if (list && list.length <= n / 8) for (const entry of list) touched.add(entry);
  }
  if (codeQuery) {
    for (const [i, e] of index.entries.entries()) if (e.entry.code === codeQuery) touched.add(i);
  }
  // Per query word: what it is worth when found outside the name (as rare there as in names, at most).
  const outsideName = qWords.map((q) => (q.length >= 2 ? Math.min(weight(q), secondaryWeight(q)) * queryWeight(q) : 0));
  const hits: CatalogSearchHit[] = [];
  /** Per hit: the share of the query its name explains (what the popularity prior's share is measured by). */
  const nameCoverage: number[] = [];
  // What each typed word would be worth found as typed in a name (fillers nothing): the measure of coverage.
  // A word the catalogue does not have is worth what the words it is a typo of are worth (not the most a rare
  // word could be); one that matches nothing, the weight of a word found once.
  const potential = qWords.map((q, w) => {
    if (w >= typedWords.length || fillers.has(q)) return 0;
    if (index.documentFrequency.has(q) || index.secondaryFrequency.has(q)) return weight(q);
    const near = vocabularyMatches(index, q, w === lastTyped).map(([word]) => weight(word));
    return near.length > 0 ? Math.max(...near) : weight(q);
  });
  const totalPotential = potential.reduce((sum, p) => sum + p, 0);
  const maxWeight = Math.log(1 + n) ** 2;
  const scores: number[] = new Array(qWords.length).fill(0);
  const positions: (number | null)[] = new Array(qWords.length).fill(null);
  for (const i of touched) {
    const e = index.entries[i] as IndexedEntry;
    if (!passes(e)) continue;
    let score = 0;
    let inName = 0;
    let explained = 0;
    let explainedByName = 0;
    let anchor = 0;
    for (let w = 0; w < qWords.length; w++) {
      const m = perWord[w]?.get(i);
      let best = m?.score ?? 0;
      if (best > 0) inName++;
      // A word of the field, the results or the documents counts a share of a name match when the name lacks it.
      const share = e.secondary.get(qWords[w] as string);
      if (share) best = Math.max(best, share * (outsideName[w] as number));
      if (m?.exact && w < typedWords.length) anchor = Math.max(anchor, potential[w] as number);
      if (w < typedWords.length && (potential[w] as number) > 0) {
        explained += Math.min(potential[w] as number, best / queryWeight(qWords[w] as string));
        if (m) explainedByName += Math.min(potential[w] as number, m.score / queryWeight(qWords[w] as string));
      }
      // A name word that is also the field's ("xây dựng" of "Hoạt động xây dựng") tells the domain: a little more.
      if (m && e.fieldWords.has(qWords[w] as string)) best += 0.2 * (outsideName[w] as number);
      score += best;
      scores[w] = best;
      positions[w] = m ? m.position : null;
    }
    if (inName === 0 && codeQuery !== e.entry.code) continue;
    for (let k = 0; k + 1 < positions.length; k++) {
      const a = positions[k];
      const b = positions[k + 1];
      if (a !== null && a !== undefined && b !== null && b !== undefined && b === a + 1) {
        score += 0.5 * ((scores[k] as number) + (scores[k + 1] as number));
        // Vietnamese words are often two syllables ("khai tử", "kết hôn"): a pair of syllables that is rare in
        // names says more than its two syllables apart ("tử" is also "từ", "tư", "tự").
        const pair = `${e.words[a]} ${e.words[b]}`;
        score += PAIR_WEIGHT * Math.log(1 + n / (index.pairFrequency.get(pair) ?? n)) ** 2;
      } else if (a !== null && a !== undefined && b === a + 2 && asking.has(e.words[a + 1] as string)) {
        // The name says one more word between them that the query said elsewhere ("đăng ký lại kết hôn" for
        // "đăng ký kết hôn … làm lại"): still in sequence, at half the bonus.
        score += GAP_SEQUENCE_WEIGHT * ((scores[k] as number) + (scores[k + 1] as number));
      }
    }
    if (read.length >= 3 && ` ${e.folded} `.includes(` ${read} `)) score *= 1.5;
    // BM25-style length normalisation: a long name that happens to hold every common word does not win.
    // Capped: a name that lists many cases ("chuyển nhượng, thừa kế, tặng cho…") is long because it covers them.
    const length = Math.min(e.headLength, 1.5 * index.averageLength);
    score *= (1.2 + 1) / (1 + 1.2 * (0.25 + (0.75 * length) / index.averageLength));
    // Priors that separate near-equal names: what the province files most, what people who asked this chose,
    // and the commune's procedure before the province's for the same words.
    score *= 1 + LEARNED_WEIGHT * Math.min(1, Math.max(0, options.learned?.get(e.entry.code) ?? 0));
    if (e.isCommune) score *= 1 + COMMUNE_WEIGHT;
    if (e.forCitizens) score *= 1 + CITIZEN_WEIGHT;
    if (namedLevelOfQuery && e.entry.levels.includes(namedLevelOfQuery)) score *= 1 + LEVEL_WEIGHT;
    // A special case the query did not name ("có yếu tố nước ngoài", "lưu động") after the common case.
    for (const c of e.specialCases) {
      const asked = typeof c.asked === 'string' ? [c.asked] : c.asked;
      if (!asked.some((a) => ` ${read} `.includes(` ${a} `))) score *= c.weight ?? SPECIAL_CASE_WEIGHT;
    }
    if (e.variantAction && !e.variantAction.some((w) => asking.has(w))) score *= VARIANT_ACTION_WEIGHT;
    if (codeQuery === e.entry.code) score += 1000;
    // Shorter names first among equals: the plain procedure before its special cases.
    score -= e.words.length * 0.01;
    if (score > 0) {
      nameCoverage.push(totalPotential > 0 ? Math.min(1, explainedByName / totalPotential) : 1);
      hits.push({
        entry: e.entry,
        score,
        coverage: totalPotential > 0 ? Math.min(1, explained / totalPotential) : 1,
        anchor: anchor / maxWeight,
      });
    }
  }
  // The field the query is about: the fields of the best hits, by their scores; a hit in a field that holds much of
  // the best scores gains up to `FIELD_WEIGHT` (a name sharing a word by chance with the query, in a field nothing
  // else near the top is in, does not pass the procedures of the field asked about).
  // Only a query some hit explains well has a field (one the catalogue does not answer gets none from loose matches).
  const bestCoverage = hits.reduce((m, h) => Math.max(m, h.coverage), 0);
  if (FIELD_WEIGHT > 0 && hits.length > 1 && bestCoverage >= FIELD_MIN_COVERAGE) {
    // The best FIELD_TOP by score, kept sorted as they are met (cheaper than sorting every hit).
    const ranked: CatalogSearchHit[] = [];
    for (const h of hits) {
      if (ranked.length === FIELD_TOP && h.score <= (ranked[FIELD_TOP - 1] as CatalogSearchHit).score) continue;
      let at = ranked.length;
      while (at > 0 && (ranked[at - 1] as CatalogSearchHit).score < h.score) at--;
      ranked.splice(at, 0, h);
      if (ranked.length > FIELD_TOP) ranked.pop();
    }
    const mass = new Map<string, number>();
    let total = 0;
    for (const h of ranked) {
      const w = Math.max(0, h.score);
      mass.set(h.entry.field, (mass.get(h.entry.field) ?? 0) + w);
      total += w;
    }
    if (total > 0) for (const h of hits) h.score *= 1 + FIELD_WEIGHT * ((mass.get(h.entry.field) ?? 0) / total);
  }
  // Popularity separates names that explain the query alike: a name that explains less of it than the best name
  // (it lacks "nước ngoài", "lại", "hộ gia đình" the query asked for) keeps only a share of the prior, so what is
  // filed most does not win over what was asked.
  if (options.popularity && options.popularity.size > 0) {
    let best = 0;
    for (const c of nameCoverage) best = Math.max(best, c);
    hits.forEach((h, k) => {
      const prior = Math.min(1, Math.max(0, options.popularity?.get(h.entry.code) ?? 0));
      if (prior === 0) return;
      const share = best > 0 ? ((nameCoverage[k] as number) / best) ** POPULARITY_COVERAGE_POWER : 1;
      h.score *= 1 + POPULARITY_WEIGHT * prior * share;
    });
  }
  hits.sort((a, b) => b.score - a.score || a.entry.code.localeCompare(b.entry.code));
  // Drop the long tail that only shares a common word with the query.
  const top = hits[0]?.score ?? 0;
  const kept = hits.filter((h) => h.score >= top * 0.35);
  return { hits: kept.slice(offset, offset + limit), total: kept.length };
}
