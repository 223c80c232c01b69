import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, Journey } from './dossier.fixtures';
import { dossierNotice } from './notices';

/** The notices of a journey, by action (null when the applicant is not told). */
function notices(j: Journey) {
  return j.events.map((event, i) => ({ action: event.action, notice: dossierNotice(event, j.states[i] as never) }));
}

describe('dossierNotice: what the applicant is told', () => {
  const j = new Journey(at('2026-02-12', '16:00'), {}, 'submit_online')
    .do('receive', { when: at('2026-02-13', '08:00') })
    .do('forward')
    .do({ action: 'assign', assigneeId: 'sp-1' })
    .do('request_supplement')
    .do('submit_supplement', { when: at('2026-02-23', '08:00') })
    .do('request_payment')
    .do('confirm_payment')
    .do('apologize')
    .do('propose_approval')
    .do('approve')
    .do('issue_result')
    .do({ action: 'return_result', method: 'counter' })
    .do('rate');
  const all = notices(j);
  const of = (action: string) => all.find((n) => n.action === action)?.notice;

  it('every status change and the applicant-facing events are told; internal steps and the own rating are not', () => {
    const told = all.filter((n) => n.notice).map((n) => n.action);
    assert.deepEqual(told, [
      'submit_online',
      'receive',
      'forward',
      'request_supplement',
      'submit_supplement',
      'request_payment',
      'confirm_payment',
      'apologize',
      'issue_result',
      'return_result',
    ]);
    for (const action of ['assign', 'propose_approval', 'rate']) assert.equal(of(action), null, action);
  });

  it('titles carry the code and the new status in both languages', () => {
    const received = of('receive');
    assert.equal(received?.title.vi, `Hồ sơ ${j.state.code}: Đã tiếp nhận`);
    assert.equal(received?.title.en, `Dossier ${j.state.code}: Received`);
  });

  it('says the due date in Vietnam time, what is missing, the amount, the new date', () => {
    assert.match(of('receive')?.body.vi ?? '', /Ngày hẹn trả kết quả: \d{2}:\d{2} ngày \d{2}\/\d{2}\/2026\./);
    assert.match(
      of('request_supplement')?.body.vi ?? '',
      /Cần bổ sung: Bản sao CCCD của người đi khai\. Lý do: Thiếu giấy tờ/,
    );
    assert.match(of('request_supplement')?.body.en ?? '', /deadline is paused/);
    assert.equal(of('request_payment')?.body.vi, 'Số tiền phải nộp: 50.000 đồng.');
    assert.match(of('apologize')?.body.vi ?? '', /Ngày hẹn mới: 17:00 ngày 30\/04\/2026/);
    assert.match(of('return_result')?.body.vi ?? '', /đánh giá mức độ hài lòng/);
  });

  it('a refusal gives its reason', () => {
    const refused = new Journey(at('2026-03-02', '08:00'), {}, 'submit_online').do('refuse_receipt');
    const notice = dossierNotice(refused.events[1] as never, refused.state);
    assert.equal(notice?.body.vi, 'Lý do: Hồ sơ không thuộc thẩm quyền');
    assert.match(notice?.title.vi ?? '', /Không được tiếp nhận$/);
  });
});
