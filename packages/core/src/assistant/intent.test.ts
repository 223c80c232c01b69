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
    assert.deepEqual(a.facts[0]?.lines, ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh']);
  });
  test('time and cost per channel; where', () => {
    assert.deepEqual(answerAbout('duration', p).facts[0]?.lines, [
      'Nộp trực tuyến: 1 ngày làm việc',
      'Nộp trực tiếp: Trong ngày',
    ]);
    assert.deepEqual(answerAbout('fee', p).facts[0]?.lines, ['Nộp trực tuyến: 8.000 đồng', 'Nộp trực tiếp: Miễn phí']);
    assert.deepEqual(answerAbout('where', p).facts[0]?.lines, [
      'Ủy ban nhân dân cấp xã',
      'Ủy ban nhân dân xã, phường nơi bạn cư trú',
      'Hoặc nộp trực tuyến trên cổng này',
    ]);
  });
});
