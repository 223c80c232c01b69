import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Procedure } from '../catalog/procedure';
import { answerAbout, parseRequest } from './intent';

describe('the guide reads what a message asks', () => {
  test('papers, time, cost, place, filing; the procedure in the citizen’s words', () => {
    assert.deepEqual(parseRequest('Làm giấy khai sinh cho con cần giấy tờ gì?'), {
      intent: 'documents',
      subject: 'lam giai khai sinh cho con',
      dossierCode: null,
      phoneDigits: null,
    });
    assert.equal(parseRequest('dang ky ket hon mat bao lau').intent, 'duration');
    assert.equal(parseRequest('dang ky ket hon mat bao lau').subject, 'dang ki ket hon');
    assert.equal(parseRequest('Xin giấy phép xây dựng hết bao nhiêu tiền ạ').intent, 'fee');
    assert.equal(parseRequest('Xin giấy phép xây dựng hết bao nhiêu tiền ạ').subject, 'xin giai phep xai dung');
    assert.equal(parseRequest('chứng thực bản sao nộp ở đâu').intent, 'where');
    assert.equal(parseRequest('tôi muốn nộp hồ sơ đăng ký thường trú').intent, 'file');
    assert.deepEqual(parseRequest('đổi thẻ căn cước'), {
      intent: 'about',
      subject: 'doi the can cuoc',
      dossierCode: null,
      phoneDigits: null,
    });
  });
  test('what is happening with my dossier: with a code and four phone digits, or without', () => {
    assert.deepEqual(parseRequest('Hồ sơ 000.01.50.H59-261123-0001 của tôi đến đâu rồi? SĐT đuôi 5678'), {
      intent: 'status',
      subject: '',
      dossierCode: '000.01.50.H59-261123-0001',
      phoneDigits: '5678',
    });
    assert.deepEqual(parseRequest('hồ sơ của tôi xong chưa'), {
      intent: 'status',
      subject: '',
      dossierCode: null,
      phoneDigits: null,
    });
  });
});

describe('the guide answers from the catalogue', () => {
  const p: Parameters<typeof answerAbout>[1] = {
    name: 'Thủ tục đăng ký khai sinh',
    requiredDocuments: [
      { name: 'Tờ khai đăng ký khai sinh', original: 1, copy: 0, mandatory: true, hasForm: true, group: '' },
      { name: 'Giấy chứng sinh', original: 1, copy: 0, mandatory: true, hasForm: false, group: '' },
      { name: 'Văn bản ủy quyền', original: 1, copy: 0, mandatory: false, hasForm: false, group: '' },
    ] as Procedure['requiredDocuments'],
    deadlines: {
      counter: { amount: 0, unit: 'same_day', calendarDays: false, text: 'Trong ngày' },
      online: { amount: 1, unit: 'working_days', calendarDays: false, text: '1' },
    },
    fees: { counter: { amountVnd: 0, text: 'Miễn lệ phí' }, online: { amountVnd: 8000, text: '8.000' } },
    implementingAgencies: 'Ủy ban nhân dân cấp xã',
    levels: ['commune'],
    channels: ['counter', 'online'],
  };
  test('papers: the mandatory ones', () => {
    const a = answerAbout('documents', p);
    assert.equal(a.text.vi, 'Để làm “Thủ tục đăng ký khai sinh”, bạn cần 2 loại giấy tờ bắt buộc:');
    // The documents' names are the catalogue's: the same in both languages.
    assert.deepEqual(a.facts[0]?.lines, [
      { vi: 'Tờ khai đăng ký khai sinh', en: 'Tờ khai đăng ký khai sinh' },
      { vi: 'Giấy chứng sinh', en: 'Giấy chứng sinh' },
    ]);
    assert.equal(a.text.en, 'For “Thủ tục đăng ký khai sinh” you need 2 mandatory papers:');
    assert.deepEqual(a.facts[0]?.label, { vi: 'Giấy tờ cần có', en: 'Papers needed' });
  });
  test('time and cost per channel; where', () => {
    const vi = (intent: 'duration' | 'fee' | 'where') => answerAbout(intent, p).facts[0]?.lines.map((l) => l.vi);
    assert.deepEqual(vi('duration'), ['Nộp trực tuyến: 1 ngày làm việc', 'Nộp trực tiếp: Trong ngày']);
    assert.deepEqual(vi('fee'), ['Nộp trực tuyến: 8.000 đồng', 'Nộp trực tiếp: Miễn phí']);
    assert.deepEqual(vi('where'), [
      'Ủy ban nhân dân cấp xã',
      'Ủy ban nhân dân xã, phường nơi bạn cư trú',
      'Hoặc nộp trực tuyến trên cổng này',
    ]);
  });
  test('in English for an English reader: its own words translated, the catalogue’s text as published', () => {
    const en = (intent: 'duration' | 'fee' | 'where', q = p) => answerAbout(intent, q).facts[0]?.lines.map((l) => l.en);
    assert.deepEqual(en('duration'), ['Online: 1 working day', 'At the counter: The same day']);
    assert.deepEqual(
      en('duration', { ...p, deadlines: { counter: { amount: 2.5, unit: 'days', calendarDays: true, text: '' } } }),
      ['At the counter: 2.5 days'],
    );
    assert.deepEqual(en('fee'), ['Online: 8,000 VND', 'At the counter: Free']);
    assert.deepEqual(en('fee', { ...p, fees: { counter: { amountVnd: null, text: 'Theo quy định của HĐND tỉnh' } } }), [
      'At the counter: Theo quy định của HĐND tỉnh',
    ]);
    assert.deepEqual(en('where'), [
      'Ủy ban nhân dân cấp xã',
      'The People’s Committee of the commune or ward where you live',
      'Or file online on this portal',
    ]);
    assert.deepEqual(en('where', { ...p, levels: ['province'], channels: ['counter'] }), [
      'Ủy ban nhân dân cấp xã',
      'The province’s public administration service centre',
    ]);
    assert.deepEqual(answerAbout('fee', p).text, {
      vi: 'Phí, lệ phí của “Thủ tục đăng ký khai sinh”:',
      en: 'The fees of “Thủ tục đăng ký khai sinh”:',
    });
  });
});

describe('the guide reads a question asked in English', () => {
  test('the intent from the English words, the procedure as the catalogue names it', () => {
    assert.deepEqual(parseRequest('What papers do I need for làm giấy khai sinh?'), {
      intent: 'documents',
      subject: 'lam giai khai sinh',
      dossierCode: null,
      phoneDigits: null,
    });
    assert.deepEqual(
      [parseRequest('How long does gia hạn giấy phép xây dựng take?')].map((r) => [r.intent, r.subject]),
      [['duration', 'gia han giai phep xai dung']],
    );
    assert.deepEqual(
      [parseRequest('how much is dang ky ket hon')].map((r) => [r.intent, r.subject]),
      [['fee', 'dang ki ket hon']],
    );
    assert.deepEqual(
      [parseRequest('Where do I file chứng thực bản sao?')].map((r) => [r.intent, r.subject]),
      [['where', 'chung thuc ban sao']],
    );
    assert.deepEqual(
      [parseRequest('What is the fee for cấp thẻ căn cước?')].map((r) => [r.intent, r.subject]),
      [['fee', 'cap the can cuoc']],
      '"thẻ" typed with its mark is not "the"',
    );
    assert.equal(parseRequest('Where is my dossier?').intent, 'status');
    assert.equal(parseRequest('Where is my dossier?').subject, '');
  });
  test('a Vietnamese question is read as before: English words only come out of an English question', () => {
    assert.equal(parseRequest('the can cuoc het bao nhieu tien').subject, 'the can cuoc');
    assert.equal(parseRequest('giay to de lam so do').intent, 'about');
  });
});
