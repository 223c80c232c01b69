import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildCatalogIndex,
  CHAT_WORDS,
  DIED_IMPLIES,
  DIED_PERSONS,
  dropTypedMarks,
  foldForSearch,
  IMPLIED_WORDS,
  LEVEL_WEIGHT,
  POPULARITY_COVERAGE_POWER,
  readAbbreviations,
  readCitizenPhrases,
  readQuery,
  SPECIAL_CASES,
  searchCatalog,
  VARIANT_ACTIONS,
} from './search';
import { sampleProcedures } from './search.fixtures';

const index = buildCatalogIndex(
  sampleProcedures.map((p) => ({
    id: p.code,
    ...p,
    implementingAgencies: p.levels.includes('commune') ? 'Ủy ban nhân dân cấp xã' : 'Sở',
  })),
);
const codes = (q: string, options = {}) =>
  searchCatalog(index, q, { limit: 5, ...options }).hits.map((h) => h.entry.code);

describe('catalogue search in citizens’ words', () => {
  test('folding: diacritics, đ, case, i/y, punctuation', () => {
    assert.equal(foldForSearch('Đăng Ký  Khai-sinh!'), 'dang ki khai sinh');
    assert.equal(foldForSearch('Đăng ký'.normalize('NFD')), 'dang ki');
  });
  test('"dang ky khai sinh" and "Đăng ký khai sinh" find Thủ tục đăng ký khai sinh first', () => {
    assert.equal(codes('dang ky khai sinh')[0], '1.001193');
    assert.equal(codes('Đăng ký khai sinh')[0], '1.001193');
    assert.equal(codes('ĐĂNG KÝ KHAI SINH'.normalize('NFD'))[0], '1.001193');
  });
  test('typos and i/y spelling: "dang ki khai sinhh"', () => {
    assert.equal(codes('dang ki khai sinhh')[0], '1.001193');
    assert.equal(codes('đăng kí kết hôn')[0], '1.000894');
  });
  test('citizens’ phrasing: "làm giấy khai sinh cho con" finds it near the top', () => {
    const found = codes('làm giấy khai sinh cho con');
    assert.ok(found.slice(0, 3).includes('1.001193'), found.join(','));
    assert.ok(codes('tôi muốn đăng ký khai sinh cho con').slice(0, 3).includes('1.001193'));
  });
  test('a rare word outweighs common ones; short syllables are not fuzzy (khai ≠ khám)', () => {
    assert.deepEqual(codes('khai tu').slice(0, 2).sort(), ['1.000656', '1.005461']);
    assert.equal(codes('xac nhan tinh trang hon nhan')[0], '1.004873');
  });
  test('citizens’ names for procedures are read as the catalogue’s (data: CITIZEN_PHRASES)', () => {
    assert.equal(readCitizenPhrases(foldForSearch('làm giấy khai sinh cho con')), 'dang ki khai sinh cho con');
    assert.equal(readCitizenPhrases('lam lai giai khai sinh'), 'dang ki lai khai sinh', 'the longer phrase wins');
    assert.equal(readCitizenPhrases('bao tu'), 'khai tu');
    assert.equal(readCitizenPhrases('khai tu'), 'khai tu', 'a replacement is not read again');
    assert.equal(readCitizenPhrases('bao tui'), 'bao tui', 'whole words only');
    assert.equal(codes('làm giấy khai sinh cho con')[0], '1.001193');
    assert.equal(codes('báo tử cho bố')[0]?.startsWith('1.00'), true);
    assert.ok(['1.000656', '1.005461'].includes(codes('bao tu')[0] as string));
    assert.equal(codes('giấy độc thân')[0], '1.004873');
    assert.equal(codes('thay doi ho ten cho con')[0], '1.004859');
    assert.equal(codes('nhận con nuôi')[0], '2.001263');
    assert.equal(codes('lam lai giay khai sinh bi mat')[0], '1.004884');
  });
  test('a word of the catalogue is taken as meant: its look-alikes do not outrank it', () => {
    // "chung" is a word of the catalogue: "khung" (one letter away, rarer) must not win over "chứng thực".
    assert.equal(codes('chung thuc')[0], '2.001019');
    // "trú" is a whole word: "truyền" (which it begins) does not outrank "thường trú".
    assert.deepEqual(codes('thuong tru').slice(0, 2).sort(), ['1.003197', '1.004222']);
  });
  test('marks typed are marks meant: "hưu" before "hữu", both found without marks', () => {
    assert.equal(codes('hưu')[0], '2.000605');
    assert.equal(codes('hữu')[0], '1.012783');
    assert.deepEqual(codes('huu').sort(), ['1.012783', '2.000605']);
  });
  test('marks typed as letters (Telex, VNI) without the keyboard making them marks', () => {
    assert.equal(dropTypedMarks('ddawngf'), 'dang');
    assert.equal(dropTypedMarks('kis'), 'ki');
    assert.equal(dropTypedMarks('d9a8ng'), 'dang');
    assert.equal(dropTypedMarks('hoon'), 'hon');
    assert.equal(dropTypedMarks('ddangw'), 'dang', 'the vowel’s mark typed at the end of the word');
    assert.equal(dropTypedMarks('nhw'), 'nhu', 'w alone is ư');
    assert.equal(dropTypedMarks('sinh'), 'sinh', 'an initial s stays');
    assert.equal(codes('ddawng kys khai sinh')[0], '1.001193');
    assert.equal(codes('dd8a8ng ky1 khai sinh')[0], '1.001193');
    assert.equal(codes('ddangw kys keets hoon')[0], '1.000894');
  });
  test('two neighbouring letters swapped in a short word', () => {
    assert.equal(codes('dang ky khai sihn')[0], '1.001193');
    assert.equal(codes('dang ky kahi sinh')[0], '1.001193');
  });
  test('the code finds the procedure', () => {
    assert.deepEqual(codes('1.001193'), ['1.001193']);
  });
  test('filters by level, field and service mode; empty query lists by name', () => {
    const all = searchCatalog(index, '', { limit: 100 });
    assert.equal(all.total, sampleProcedures.length);
    const hoTich = searchCatalog(index, 'dang ky', { field: 'Hộ tịch', limit: 100 }).hits;
    assert.ok(hoTich.length > 0 && hoTich.every((h) => h.entry.field === 'Hộ tịch'));
    assert.ok(
      searchCatalog(index, '', { level: 'commune', limit: 100 }).hits.every((h) => h.entry.levels.includes('commune')),
    );
    assert.equal(searchCatalog(index, 'khai sinh', { serviceMode: 'no_such_mode' }).total, 0);
  });
  test('nonsense finds nothing, and odd input does not throw', () => {
    assert.equal(searchCatalog(index, 'qwxz zzkq').total, 0);
    for (const q of ['%', "'; drop table --", '\u0000', 'a'.repeat(5000), '🙂 khai sinh']) searchCatalog(index, q);
    assert.equal(codes('🙂 khai sinh')[0]?.startsWith('1.') || codes('🙂 khai sinh')[0]?.startsWith('2.'), true);
  });
  test('paging', () => {
    const first = searchCatalog(index, 'dang ky', { limit: 2, offset: 0 });
    const second = searchCatalog(index, 'dang ky', { limit: 2, offset: 2 });
    assert.equal(first.total, second.total);
    assert.notDeepEqual(
      first.hits.map((h) => h.entry.code),
      second.hits.map((h) => h.entry.code),
    );
  });
});

describe('ranking with more of what the catalogue knows', () => {
  const entry = (code: string, name: string, more: Partial<Parameters<typeof buildCatalogIndex>[0][number]> = {}) => ({
    id: code,
    code,
    name,
    field: 'Hộ tịch',
    levels: ['commune'],
    serviceMode: 'partial_online',
    implementingAgencies: '',
    ...more,
  });
  const small = buildCatalogIndex([
    entry('A', 'Thủ tục đăng ký lại khai sinh', { documents: 'Tờ khai; giấy tờ chứng minh nơi cư trú' }),
    entry('B', 'Thủ tục thay đổi thông tin hộ tịch', {
      documents: 'Giấy tờ làm căn cứ sửa năm sinh',
      results: 'Trích lục thay đổi hộ tịch',
    }),
    entry('C', 'Giải quyết hưởng chế độ thai sản', { field: 'Thực hiện chính sách BHXH' }),
    entry('D', 'Cấp giấy phép xây dựng nhà ở', { levels: ['province'], field: 'Xây dựng' }),
    entry('E', 'Cấp giấy phép xây dựng nhà ở', { levels: ['commune'], field: 'Xây dựng' }),
  ]);
  const first = (q: string, signals = {}) => searchCatalog(small, q, { limit: 3, ...signals }).hits[0]?.entry.code;
  test('a word found only in the documents or the results counts, less than in a name', () => {
    assert.equal(first('trích lục thay đổi'), 'B');
    // "năm" and "sinh": "sinh" is in A's name, "năm" only in B's documents: the name wins.
    assert.equal(first('khai sinh năm'), 'A');
    assert.equal(searchCatalog(small, 'cư trú').total, 0, 'a name must hold at least one query word');
  });
  test('abbreviations read both ways: "bhxh" finds the field written out and the reverse', () => {
    assert.equal(readAbbreviations('huong bao hiem xa hoi mot lan'), 'huong bhxh mot lan');
    assert.equal(readAbbreviations('bao hiem i te'), 'bhit', 'folded (y = i)');
  });
  test('same words: the commune procedure first; popularity then separates, learned choices more', () => {
    assert.equal(first('giấy phép xây dựng'), 'E');
    assert.equal(first('giấy phép xây dựng', { popularity: new Map([['D', 1]]) }), 'D');
    assert.equal(first('giấy phép xây dựng', { learned: new Map([['D', 0.2]]) }), 'D');
    assert.equal(
      first('trích lục thay đổi', { learned: new Map([['A', 1]]) }),
      'B',
      'a boost does not find what does not match',
    );
  });
});

describe('popularity separates names that explain the query alike', () => {
  const entry = (code: string, name: string) => ({
    id: code,
    code,
    name,
    field: 'Hộ tịch',
    levels: ['commune'],
    serviceMode: 'partial_online',
    implementingAgencies: '',
    // The plain procedure's papers mention a foreigner too: outside the name it does not count for the prior.
    documents: code === 'P' ? 'Giấy tờ của người nước ngoài (nếu có)' : '',
  });
  const index = buildCatalogIndex([
    entry('P', 'Thủ tục thay đổi, cải chính thông tin hộ tịch'),
    entry('F', 'Thủ tục thay đổi, cải chính thông tin hộ tịch có yếu tố nước ngoài'),
    entry('Q', 'Thủ tục thay đổi, cải chính thông tin hộ tịch'),
  ]);
  const top = (q: string, popularity: Map<string, number>) =>
    searchCatalog(index, q, { limit: 3, popularity }).hits.map((h) => h.entry.code);
  test('between names alike the most filed comes first', () => {
    assert.deepEqual(top('cải chính hộ tịch', new Map([['Q', 1]])).slice(0, 2), ['Q', 'P']);
    assert.deepEqual(top('cải chính hộ tịch', new Map([['P', 1]])).slice(0, 2), ['P', 'Q']);
  });
  test('a name lacking words the query asked for gets a share of the prior, and no more', () => {
    // Without popularity the foreign-element procedure is first for a query naming it.
    assert.equal(top('cải chính hộ tịch có yếu tố nước ngoài', new Map())[0], 'F');
    // The plain one, however often filed, is not carried past it: its name explains less of the query.
    assert.equal(top('cải chính hộ tịch có yếu tố nước ngoài', new Map([['P', 1]]))[0], 'F');
    assert.equal(top('cai chinh ho tich nuoc ngoai', new Map([['P', 1]]))[0], 'F');
    assert.ok(POPULARITY_COVERAGE_POWER > 1);
  });
});

describe('actions on what one already has, and special cases', () => {
  const entry = (code: string, name: string) => ({
    id: code,
    code,
    name,
    field: 'Đăng ký, quản lý cư trú',
    levels: ['commune'],
    serviceMode: 'partial_online',
    implementingAgencies: '',
  });
  const residence = buildCatalogIndex([
    entry('EXTEND', 'Gia hạn tạm trú'),
    entry('REGISTER', 'Đăng ký tạm trú'),
    entry('DELETE', 'Xóa đăng ký tạm trú'),
    entry('AGENCY', 'Cấp phiếu lý lịch tư pháp theo yêu cầu của cơ quan tiến hành tố tụng'),
    entry('CITIZEN', 'Cấp phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam'),
  ]);
  const top = (q: string) => searchCatalog(residence, q, { limit: 3 }).hits[0]?.entry.code;
  test('naming no action asks for the first registration; naming one (typed or implied) asks for it', () => {
    assert.equal(top('làm tạm trú'), 'REGISTER');
    assert.equal(top('tam tru'), 'REGISTER');
    assert.equal(top('gia hạn tạm trú'), 'EXTEND');
    assert.equal(top('hủy tạm trú'), 'DELETE', '"hủy" implies "xóa"');
    assert.equal(top('huy tam tru'), 'DELETE');
  });
  test('a procedure done at an agency’s request comes after the citizen’s own', () => {
    assert.equal(top('lý lịch tư pháp'), 'CITIZEN');
    assert.equal(top('lý lịch tư pháp theo yêu cầu cơ quan tố tụng'), 'AGENCY');
  });
  test('the rule tables are written folded (i = y, no marks), or they never match', () => {
    const folded = (text: string) => assert.equal(foldForSearch(text), text, `"${text}" is not folded`);
    for (const c of SPECIAL_CASES) for (const t of [c.name, ...[c.asked].flat()]) folded(t);
    for (const a of VARIANT_ACTIONS) for (const t of [a.starts, ...a.asked]) folded(t);
    for (const [word, adds] of Object.entries(IMPLIED_WORDS))
      for (const t of [word, ...adds.map(([w]) => w)]) folded(t);
    for (const t of DIED_PERSONS) folded(t);
  });
});

describe('"mất" after a person is a death, not a paper lost', () => {
  const entry = (code: string, name: string) => ({
    id: code,
    code,
    name,
    field: 'Hộ tịch',
    levels: ['commune'],
    serviceMode: 'partial_online',
    implementingAgencies: '',
  });
  const deaths = buildCatalogIndex([
    entry('DEATH', 'Thủ tục đăng ký khai tử'),
    entry('AGAIN', 'Thủ tục đăng ký lại khai tử'),
    entry('BIRTH', 'Thủ tục đăng ký khai sinh'),
    entry('BIRTH_AGAIN', 'Thủ tục đăng ký lại khai sinh'),
    entry('CUSTOMS', 'Thủ tục hải quan đối với khí, nguyên liệu nhập khẩu bằng đường ống'),
    entry('SME', 'Hỗ trợ tư vấn cho doanh nghiệp nhỏ và vừa'),
  ]);
  const top = (q: string) => searchCatalog(deaths, q, { limit: 3 }).hits[0]?.entry.code;
  test('a relative who died: the registration of the death, not its re-registration', () => {
    assert.equal(top('người nhà mất đăng ký khai tử'), 'DEATH');
    assert.equal(top('bo mat lam khai tu'), 'DEATH');
    assert.equal(top('chồng mất khai tử'), 'DEATH');
    // Who died and "mất" are dropped ("ông nội" is not "ống", "nội"), "thủ tục" asks for what follows.
    assert.equal(top('ong noi moi mat lam thu tuc khai tu'), 'DEATH');
    assert.deepEqual(readQuery(deaths, 'ông nội mới mất làm thủ tục khai tử').words, ['lam', 'khai', 'tu']);
    // Died without "mất": "qua đời" reads as "khai tử"; "vừa" (just now) is a filler.
    assert.equal(top('bố tôi vừa qua đời'), 'DEATH');
    assert.equal(top('bo toi vua qua doi can bao tu o dau'), 'DEATH');
  });
  test('a death said without the procedure still finds it, at a share', () => {
    assert.deepEqual(
      [...readQuery(deaths, 'người nhà mới mất').implied],
      [
        ['khai', DIED_IMPLIES],
        ['tu', DIED_IMPLIES],
      ],
    );
  });
  test('a paper lost still asks for it again ("em", "con" say "I")', () => {
    assert.equal(top('mất giấy khai sinh'), 'BIRTH_AGAIN');
    assert.equal(top('em mất giấy khai sinh'), 'BIRTH_AGAIN');
    assert.equal(top('mất giấy khai tử'), 'AGAIN');
  });
});

describe('general reading of everyday queries', () => {
  const entry = (code: string, name: string, more: Partial<Parameters<typeof buildCatalogIndex>[0][number]> = {}) => ({
    id: code,
    code,
    name,
    field: 'Hộ tịch',
    levels: ['commune'],
    serviceMode: 'partial_online',
    implementingAgencies: '',
    ...more,
  });
  const small = buildCatalogIndex([
    entry('KS', 'Thủ tục đăng ký khai sinh'),
    entry('KT', 'Thủ tục đăng ký khai tử'),
    entry('HQ', 'Thủ tục hải quan đối với khí nhập khẩu bằng đường ống', { field: 'Hải quan' }),
    entry('CC', 'Cấp đổi thẻ căn cước', { field: 'Căn cước' }),
    entry('CL', 'Cấp lại thẻ căn cước', { field: 'Căn cước' }),
    entry('NN', 'Thủ tục đăng ký khai sinh có yếu tố nước ngoài'),
    entry('HP', 'Cấp hộ chiếu phổ thông (thực hiện tại cấp tỉnh)', { field: 'Xuất nhập cảnh' }),
    entry('TB', 'Trình báo mất hộ chiếu phổ thông', { field: 'Xuất nhập cảnh' }),
    entry('LL', 'Cấp phiếu lý lịch tư pháp theo yêu cầu của cơ quan', { applicantKinds: ['Cán bộ'] }),
    entry('LC', 'Cấp phiếu lý lịch tư pháp cho công dân', { applicantKinds: ['Công dân Việt Nam'] }),
  ]);
  const first = (q: string) => searchCatalog(small, q, { limit: 3 }).hits[0]?.entry.code;
  test('whom one asks for is dropped: "báo tử cho ông" is not about pipes (ống)', () => {
    assert.equal(first('báo tử cho ông'), 'KT');
    assert.equal(first('khai tu cho ba ngoai'), 'KT');
  });
  test('two words typed together are read apart: "khai sinhcho con"', () => {
    assert.equal(first('khai sinhcho con'), 'KS');
  });
  test('implied words: "mất căn cước" asks for the card again (cấp lại)', () => {
    assert.equal(first('mất căn cước'), 'CL');
    assert.equal(first('căn cước'), 'CC', 'without "mất", the plain order (code) decides');
  });
  test('a special case comes after the common one unless asked for', () => {
    assert.equal(first('khai sinh'), 'KS');
    assert.equal(first('khai sinh có yếu tố nước ngoài'), 'NN');
  });
  test('the level note in parentheses is not matched: "cấp" of "thực hiện tại cấp tỉnh"', () => {
    assert.equal(first('làm hộ chiếu'), 'HP');
  });
  test('a procedure citizens file before one officials file for the same words', () => {
    assert.equal(first('lý lịch tư pháp'), 'LC');
  });
  test('a citizen phrase is not read twice over the words that follow it', () => {
    assert.equal(readCitizenPhrases('li lich tu phap'), 'phieu li lich tu phap');
  });
  test('English words for the procedures are read as the catalogue’s Vietnamese', () => {
    assert.equal(first('birth registration'), 'KS');
    assert.equal(first('register a death'), 'KT');
    assert.equal(first('lost ID card'), 'CL');
    assert.equal(first('replace my ID card'), 'CL');
    assert.equal(first('criminal record for a citizen'), 'LC');
    assert.equal(readCitizenPhrases(foldForSearch('Driving licence')), 'giai phep lai xe');
  });
  test('words asked in another order: the name’s one more asked word between two still reads as a sequence', () => {
    const order = buildCatalogIndex([
      entry('KH', 'Thủ tục đăng ký kết hôn'),
      entry('LH', 'Thủ tục đăng ký lại kết hôn'),
    ]);
    const top = (q: string) => searchCatalog(order, q, { limit: 2 }).hits[0]?.entry.code;
    assert.equal(top('mất giấy đăng ký kết hôn làm lại'), 'LH');
    assert.equal(top('đăng ký kết hôn'), 'KH');
  });
});

describe('phones, accents and places', () => {
  const entry = (code: string, name: string, more: Partial<Parameters<typeof buildCatalogIndex>[0][number]> = {}) => ({
    id: code,
    code,
    name,
    field: 'Hộ tịch',
    levels: ['commune'],
    serviceMode: 'partial_online',
    implementingAgencies: '',
    ...more,
  });
  const small = buildCatalogIndex([
    entry('KS', 'Thủ tục đăng ký khai sinh'),
    entry('KH', 'Thủ tục đăng ký kết hôn'),
    entry('KHNN', 'Thủ tục đăng ký kết hôn có yếu tố nước ngoài'),
    entry('XP', 'Cấp giấy phép xây dựng nhà ở riêng lẻ', { field: 'Hoạt động xây dựng' }),
    entry('KNX', 'Giải quyết khiếu nại đối với lực lượng Công an nhân dân', {
      levels: ['commune'],
      field: 'Khiếu nại',
    }),
    entry('KNT', 'Giải quyết khiếu nại đối với lực lượng Công an nhân dân tỉnh', {
      levels: ['province'],
      field: 'Khiếu nại',
    }),
    entry('XL', 'Đăng ký, cấp biển số xe lần đầu', { field: 'Phương tiện' }),
    entry('XR', 'Cấp lại chứng nhận đăng ký xe, biển số xe', { field: 'Phương tiện' }),
  ]);
  const first = (q: string) => searchCatalog(small, q, { limit: 3 }).hits[0]?.entry.code;
  test('chat shortenings are read as their words (data: CHAT_WORDS)', () => {
    assert.equal(CHAT_WORDS.dk, 'dang ki');
    assert.equal(first('dk ket hon vs ng nuoc ngoai'), 'KHNN');
    assert.equal(first('lm gks cho con'), 'KS');
  });
  test('a word the catalogue lacks is read as a word sounding alike that pairs with its neighbour', () => {
    assert.equal(readQuery(small, 'kai sinh').read, 'khai sinh');
    assert.equal(readQuery(small, 'giấy fép xây dựng').read, 'giai phep xai dung');
    assert.equal(readQuery(small, 'nấu phở').read, 'nau pho', 'no pair of names: left as typed');
  });
  test('a foreigner named by their country is "nước ngoài"', () => {
    assert.equal(first('cưới chồng người Hàn'), 'KHNN');
    assert.equal(first('đăng ký kết hôn'), 'KH');
  });
  test('the level a citizen names favours its procedures, and is not a word of what is asked', () => {
    assert.equal(readQuery(small, 'khiếu nại công an xã').level, 'commune');
    assert.equal(first('khiếu nại công an tỉnh'), 'KNT');
    assert.equal(readQuery(small, 'ở tỉnh').level, 'province');
    assert.equal(readQuery(small, 'tính thuế').level, null, '"tính" is not "tỉnh"');
    assert.ok(LEVEL_WEIGHT > 0);
  });
  test('abbreviations are read before the phrases: "mua bảo hiểm y tế" is the phrase "mua BHYT"', () => {
    assert.equal(
      readQuery(small, 'mua bảo hiểm y tế hộ gia đình').read,
      'dang ki dong cap the bhit doi voi nguoi chi tham gia bhit ho gia dinh',
    );
  });
  test('asking again drops what a phrase says of a first time', () => {
    assert.equal(first('dang ky xe may'), 'XL');
    assert.equal(first('cap lai dang ky xe bi mat'), 'XR');
  });
});
