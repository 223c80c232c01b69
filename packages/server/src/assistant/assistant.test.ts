import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
let dossier: { id: string; code: string };
before(async () => {
  t = await createTestApp({ LOOKUP_RATE_LIMIT_PER_MINUTE: '3' });
  await t.importDemoProcedures('1.001193', '1.004884', '1.013227', '1.013233', '1.011608');
  const admin = await t.login('admin');
  const tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  const citizen = await t.login('072090001234');
  const filed = await t.call('POST', '/api/v1/dossiers', {
    cookie: citizen,
    body: {
      procedureCode: '1.001193',
      receivingAgencyId: tanNinh,
      applicant: { phone: '0912 345 678', address: 'x' },
      documents: await t.documentsFor(citizen, '1.001193'),
    },
    headers: { 'idempotency-key': 'assistant-1' },
  });
  assert.equal(filed.statusCode, 201, filed.body);
  dossier = filed.json();
});
after(async () => {
  await t?.close();
});

const ask = async (params: Record<string, string>, cookie?: string, remoteAddress = '10.1.0.1') =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/assistant?${new URLSearchParams(params)}`,
    remoteAddress,
    headers: cookie ? { cookie: `congso_session=${cookie}` } : {},
  });

describe('the guide', () => {
  test('what papers for a birth: the mandatory documents, from the procedure page, with filing', async () => {
    const res = await ask({ message: 'Làm giấy khai sinh lần đầu cho con cần giấy tờ gì?' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.intent, 'documents');
    assert.equal(body.kind, 'answer');
    assert.deepEqual(body.procedure, { code: '1.001193', name: 'Thủ tục đăng ký khai sinh' });
    assert.ok(body.facts[0].lines.length > 0);
    assert.deepEqual(body.sources, [
      { label: { vi: 'Thủ tục đăng ký khai sinh', en: 'Thủ tục đăng ký khai sinh' }, href: '/thu-tuc/1.001193' },
    ]);
    assert.equal(body.fileHref, '/thu-tuc/1.001193/nop-ho-so');
  });

  test('ambiguous: asks back (which building), and the answer narrows to the procedure', async () => {
    const first = (await ask({ message: 'gia hạn giấy phép xây dựng mất bao lâu' })).json();
    assert.equal(first.kind, 'question');
    assert.equal(first.intent, 'duration');
    const house = first.question.options.find((o: { label: { vi: string } }) => o.label.vi.includes('Nhà ở riêng lẻ'));
    assert.equal(house.code, '1.013227');
    const second = (await ask({ message: 'gia hạn giấy phép xây dựng mất bao lâu', procedure: house.code })).json();
    assert.equal(second.kind, 'answer');
    assert.equal(second.procedure.code, '1.013227');
    assert.equal(second.facts[0].label.vi, 'Thời hạn giải quyết');
  });

  test('an English reader: asked in English, answered in both languages, the catalogue’s names as published', async () => {
    const body = (await ask({ message: 'How much is đăng ký khai sinh?' })).json();
    assert.equal(body.intent, 'fee');
    assert.equal(body.kind, 'answer');
    assert.equal(body.procedure.code, '1.001193');
    assert.deepEqual(body.text, {
      vi: 'Phí, lệ phí của “Thủ tục đăng ký khai sinh”:',
      en: 'The fees of “Thủ tục đăng ký khai sinh”:',
    });
    assert.deepEqual(body.facts[0].label, { vi: 'Phí, lệ phí', en: 'Fees' });
    for (const line of body.facts[0].lines) assert.match(line.en, /^(Online|At the counter|By post): /);
    const papers = (await ask({ message: 'What papers do I need for làm giấy khai sinh?' })).json();
    assert.equal(papers.intent, 'documents');
    assert.equal(papers.procedure.code, '1.001193');
    // A document's name is the catalogue's, the same in both.
    assert.ok(papers.facts[0].lines.every((l: { vi: string; en: string }) => l.vi === l.en));
    const status = (await ask({ message: 'Where is my dossier?' })).json();
    assert.equal(status.kind, 'need_code');
    assert.equal(
      status.text.en,
      'To see a dossier, give its code (on the receipt) and the last 4 digits of the phone given, or sign in.',
    );
  });

  test('nothing fits: says so and points to the catalogue and the lookup', async () => {
    const body = (await ask({ message: 'điện thoại' })).json();
    assert.equal(body.kind, 'none');
    assert.deepEqual(
      body.sources.map((s: { href: string }) => s.href),
      ['/thu-tuc', '/tra-cuu'],
    );
  });

  test('my dossier: signed in it lists mine; otherwise code + phone under the lookup’s limits', async () => {
    const need = (await ask({ message: 'hồ sơ của tôi đến đâu rồi' })).json();
    assert.equal(need.kind, 'need_code');
    const mine = (await ask({ message: 'hồ sơ của tôi đến đâu rồi' }, await t.login('072090001234'))).json();
    assert.equal(mine.kind, 'status');
    assert.equal(mine.dossiers[0].code, dossier.code);
    assert.equal(mine.dossiers[0].href, `/ho-so-cua-toi/${dossier.id}`);
    const byCode = (await ask({ message: `hồ sơ ${dossier.code} sđt 5678` }, undefined, '10.1.0.2')).json();
    assert.equal(byCode.kind, 'status');
    assert.deepEqual(byCode.dossiers[0].status, { vi: 'Mới đăng ký', en: 'Filed, awaiting receipt' });
    const wrong = await ask({ message: 'hồ sơ', dossierCode: dossier.code, phone: '0000' }, undefined, '10.1.0.2');
    assert.equal(wrong.statusCode, 404);
    assert.equal(
      (await ask({ message: 'x', dossierCode: dossier.code, phone: '0001' }, undefined, '10.1.0.2')).statusCode,
      404,
    );
    assert.equal(
      (await ask({ message: 'x', dossierCode: dossier.code, phone: '0000' }, undefined, '10.1.0.2')).statusCode,
      429,
    );
  });
});
