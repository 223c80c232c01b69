import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from '@congso/db';
import {
  deliverNotificationEmail,
  deliverNotificationEmails,
  type MailMessage,
} from '../notifications/notifications.service';
import type { JobRun } from '../platform/jobs';
import { createTestApp, sampleFile, type TestApp } from '../testing';

let t: TestApp;
let tanNinh: string;
let citizen: string;
let otherCitizen: string;
const applicant = {
  phone: '0912 345 678',
  address: 'Số 12 đường 30/4, phường Tân Ninh',
  email: 'hoa.nguyen@example.vn',
};

async function storedFiles(): Promise<string[]> {
  const root = t.ctx.config.FILES_DIR as string;
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else out.push(path);
    }
  };
  await walk(root);
  return out;
}

const count = async (table: 'files' | 'dossiers' | 'notifications') =>
  (
    (await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from ${sql.identifier(table)}`,
    )) as [{ n: number }]
  )[0].n;

before(async () => {
  t = await createTestApp({ MAX_UPLOAD_MB: '1' });
  await t.importDemoProcedures('1.001193');
  citizen = await t.login('072090001234');
  otherCitizen = await t.login('080195004321');
  tanNinh = (
    await t.call('GET', '/api/v1/procedures/1.001193/receiving-agencies?q=tan%20ninh', { cookie: citizen })
  ).json().items[0].id;
});
after(async () => {
  await t?.close();
});

const file = (cookie: string, documents: unknown, key: string) =>
  t.call('POST', '/api/v1/dossiers', {
    cookie,
    body: { procedureCode: '1.001193', receivingAgencyId: tanNinh, applicant, documents },
    headers: { 'idempotency-key': key },
  });

describe('uploads are checked by their content; nothing is stored on refusal', () => {
  test('a PDF, a PNG and a JPEG are accepted, typed from their bytes', async () => {
    for (const [name, type] of [
      ['sample.pdf', 'application/pdf'],
      ['sample.png', 'image/png'],
      ['sample.jpg', 'image/jpeg'],
    ] as const) {
      const res = await t.upload(citizen, { name: `Giấy tờ ${name}`, bytes: sampleFile(name) });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().mediaType, type);
      assert.match(res.json().sha256, /^[0-9a-f]{64}$/);
      const back = await t.call('GET', `/api/v1/files/${res.json().id}`, { cookie: citizen });
      assert.equal(back.statusCode, 200);
      assert.equal(back.headers['content-type'], type);
      assert.deepEqual(new Uint8Array(back.rawPayload), sampleFile(name));
      assert.match(String(back.headers['content-disposition']), /^inline; filename="Giay to sample/);
      assert.match(String(back.headers['content-security-policy']), /sandbox/);
    }
  });

  test('wrong type, renamed executable, lying extension, truncated, too large, empty: 4xx and nothing kept', async () => {
    const filesBefore = await count('files');
    const storedBefore = (await storedFiles()).length;
    const elf = new Uint8Array(4096);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    const pe = new Uint8Array(4096);
    pe.set([0x4d, 0x5a]);
    const big = new Uint8Array(1.5 * 1024 * 1024);
    big.set(sampleFile('sample.pdf'));
    const pdf = sampleFile('sample.pdf');
    for (const [name, bytes, status, reason] of [
      ['giay-khai-sinh.pdf', elf, 415, 'unsupported_type'],
      ['anh-the.jpg', pe, 415, 'unsupported_type'],
      ['to-khai.docx', new TextEncoder().encode('PK\u0003\u0004word'), 415, 'unsupported_type'],
      ['trang.html', new TextEncoder().encode('<script>alert(1)</script>'), 415, 'unsupported_type'],
      ['anh.pdf', sampleFile('sample.png'), 415, 'extension_mismatch'],
      ['cut.pdf', pdf.subarray(0, pdf.length - 40), 415, 'corrupt'],
      ['empty.pdf', new Uint8Array(), 415, 'empty'],
      ['big.pdf', big, 413, null],
    ] as const) {
      const res = await t.upload(citizen, { name, bytes });
      assert.equal(res.statusCode, status, `${name}: ${res.body}`);
      const error = res.json().error;
      assert.ok(error.message.vi && error.message.en);
      if (reason) assert.equal(error.details[0].code, reason, name);
      else assert.equal(error.code, 'FILE_TOO_LARGE');
    }
    assert.equal(await count('files'), filesBefore, 'no row');
    assert.equal((await storedFiles()).length, storedBefore, 'no bytes');
  });

  test('a request without a file, with another field, or not multipart is a clear 4xx', async () => {
    const wrongField = await t.upload(citizen, { field: 'other' });
    assert.equal(wrongField.statusCode, 400, wrongField.body);
    const json = await t.call('POST', '/api/v1/files', { cookie: citizen, body: { file: 'x' } });
    assert.ok([400, 415].includes(json.statusCode), json.body);
    assert.equal((await t.upload('')).statusCode, 401);
  });

  test('two files in one request, a cut-off body: 400 and nothing kept; a file part without a name is named', async () => {
    const filesBefore = await count('files');
    const storedBefore = (await storedFiles()).length;
    const pdf = Buffer.from(sampleFile('sample.pdf'));
    const part = (name: string | null) =>
      Buffer.concat([
        Buffer.from(
          `--b0undary\r\nContent-Disposition: form-data; name="file"${name === null ? '' : `; filename="${name}"`}\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        pdf,
        Buffer.from('\r\n'),
      ]);
    const post = (payload: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/files',
        headers: {
          'x-congso-request': '1',
          cookie: `congso_session=${citizen}`,
          'content-type': 'multipart/form-data; boundary=b0undary',
        },
        payload,
      });
    const two = await post(Buffer.concat([part('a.pdf'), part('b.pdf'), Buffer.from('--b0undary--\r\n')]));
    assert.equal(two.statusCode, 400, 'the second file is not silently dropped');
    assert.equal(two.json().error.code, 'MALFORMED_REQUEST');
    const cut = await post(part('a.pdf'));
    assert.equal(cut.statusCode, 400, 'a body without its closing boundary is malformed, not a 500');
    assert.equal(await count('files'), filesBefore, 'no row');
    assert.equal((await storedFiles()).length, storedBefore, 'no bytes');
    const nameless = await post(Buffer.concat([part(null), Buffer.from('--b0undary--\r\n')]));
    assert.equal(nameless.statusCode, 201, nameless.body);
    assert.equal(nameless.json().name, 'tep-tin');
  });

  test('a path in the file name is dropped', async () => {
    const res = await t.upload(citizen, { name: '../../etc/passwd.pdf' });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().name, 'passwd.pdf');
  });

  test('bytes gone from the storage: a clear 404, never a 500 or a broken download', async () => {
    const id = (await t.upload(citizen)).json().id;
    const [row] = await queryRows<{ storage_key: string }>(
      t.db.connection.db,
      sql`select storage_key from files where id = ${id}`,
    );
    await t.ctx.storage.remove(row?.storage_key as string);
    const gone = await t.call('GET', `/api/v1/files/${id}`, { cookie: citizen });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, 'NOT_FOUND');
    assert.match(gone.json().error.message.vi, /./);
  });

  test('another citizen cannot read someone’s file', async () => {
    const id = (await t.upload(citizen)).json().id;
    assert.equal((await t.call('GET', `/api/v1/files/${id}`, { cookie: otherCitizen })).statusCode, 404);
    assert.equal((await t.call('GET', `/api/v1/files/${id}`)).statusCode, 401);
  });
});

describe('the e-form: documents of the procedure, with files', () => {
  test('online, every mandatory document needs a file; the answer says which', async () => {
    const before = await count('dossiers');
    const res = await file(citizen, [], 'eform-missing-01');
    assert.equal(res.statusCode, 400, res.body);
    const details = res.json().error.details as { path: string; code: string; message: { vi: string } }[];
    assert.ok(details.length >= 1);
    assert.ok(details.every((d) => d.code === 'required' && /^documents\.\d+$/.test(d.path)));
    assert.match(details[0]?.message.vi ?? '', /^Chưa đính kèm: /);
    assert.equal(await count('dossiers'), before);
  });

  test('a document that is not the procedure’s, someone else’s file, or a file used twice: 400, nothing written', async () => {
    const documents = await t.documentsFor(citizen, '1.001193');
    const before = await count('dossiers');
    const renamed = [{ ...documents[0], name: 'Giấy tờ không có trong thủ tục' }, ...documents.slice(1)];
    assert.equal((await file(citizen, renamed, 'eform-bad-00001')).statusCode, 400);
    const theirs = await t.documentsFor(otherCitizen, '1.001193');
    const stolen = await file(citizen, theirs, 'eform-bad-00002');
    assert.equal(stolen.statusCode, 400, stolen.body);
    assert.equal(stolen.json().error.details[0].code, 'file_not_available');
    assert.equal(await count('dossiers'), before, 'the failed filing rolled back');
    const ok = await file(citizen, documents, 'eform-good-0001');
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().files.length, documents.length);
    assert.ok(ok.json().files.every((f: { purpose: string }) => f.purpose === 'document'));
    const twice = await file(citizen, documents, 'eform-bad-00003');
    assert.equal(twice.statusCode, 400, 'a file belongs to one dossier');
  });

  test('officers of the agency read the attached files; other citizens do not', async () => {
    const documents = await t.documentsFor(citizen, '1.001193');
    const d = (await file(citizen, documents, 'eform-read-0001')).json();
    const fileId = d.files[0].id;
    const clerk = await t.login('motcua.tanninh');
    assert.equal((await t.call('GET', `/api/v1/files/${fileId}`, { cookie: clerk })).statusCode, 200);
    const otherClerk = await t.login('motcua.stp');
    assert.equal((await t.call('GET', `/api/v1/files/${fileId}`, { cookie: otherClerk })).statusCode, 404);
    assert.equal((await t.call('GET', `/api/v1/files/${fileId}`, { cookie: otherCitizen })).statusCode, 404);
  });
});

describe('supplements with files, notifications and their e-mails', () => {
  test('the citizen sees what is missing, uploads it, and is told of each change in the app and by e-mail', async () => {
    const clerk = await t.login('motcua.tanninh');
    const head = await t.login('truongphong.tanninh');
    const specialist = await t.login('chuyenvien.tanninh');
    let d = (await file(citizen, await t.documentsFor(citizen, '1.001193'), 'notify-journey-1')).json();
    const act = async (cookie: string, body: Record<string, unknown>) => {
      const res = await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
        cookie,
        body: { version: d.version, ...body },
      });
      assert.equal(res.statusCode, 200, `${body.action}: ${res.body}`);
      d = res.json();
    };
    await act(clerk, { action: 'receive' });
    await act(clerk, { action: 'forward', agencyId: tanNinh });
    const specialistId = (await t.call('GET', '/api/v1/auth/me', { cookie: specialist })).json().user.id;
    await act(head, { action: 'assign', assigneeId: specialistId });
    await act(specialist, {
      action: 'request_supplement',
      items: ['Giấy chứng sinh (bản chính)'],
      reason: 'Bản chụp bị mờ',
    });
    const seen = (await t.call('GET', `/api/v1/dossiers/${d.id}`, { cookie: citizen })).json();
    assert.deepEqual(seen.state.pending.items, ['Giấy chứng sinh (bản chính)']);
    assert.ok(seen.availableActions.includes('submit_supplement'));

    const theirs = (await t.upload(otherCitizen)).json().id;
    const refused = await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
      cookie: citizen,
      body: { version: d.version, action: 'submit_supplement', fileIds: [theirs] },
    });
    assert.equal(refused.statusCode, 400, 'not their file');
    const again = (await t.call('GET', `/api/v1/dossiers/${d.id}`, { cookie: citizen })).json();
    assert.equal(again.version, d.version, 'nothing half-written');

    const scan = (await t.upload(citizen, { name: 'giay-chung-sinh.jpg', bytes: sampleFile('sample.jpg') })).json().id;
    await act(citizen, { action: 'submit_supplement', fileIds: [scan], note: 'Đã bổ sung bản rõ' });
    assert.equal(d.status, 'processing');
    assert.ok(d.files.some((f: { id: string; purpose: string }) => f.id === scan && f.purpose === 'supplement'));

    const inbox = (await t.call('GET', '/api/v1/notifications', { cookie: citizen })).json();
    const mine = inbox.items.filter((n: { dossierId: string }) => n.dossierId === d.id);
    const titles = mine.map((n: { title: { vi: string } }) => n.title.vi);
    assert.ok(
      titles.some((x: string) => x.endsWith('Yêu cầu bổ sung')),
      titles.join(' | '),
    );
    assert.ok(titles.some((x: string) => x.endsWith('Đã tiếp nhận')));
    assert.ok(
      mine.some((n: { body: { vi: string } }) => n.body.vi.includes('Giấy chứng sinh (bản chính)')),
      'the notice says what is missing',
    );
    assert.equal(mine.length, 5, 'filed, received, processing, supplement requested, supplement received');
    assert.ok(inbox.unread >= 5);
    const read = await t.call('POST', '/api/v1/notifications/read', { cookie: citizen, body: {} });
    assert.equal(read.json().unread, 0);
    const others = (await t.call('GET', '/api/v1/notifications', { cookie: otherCitizen })).json();
    assert.ok(
      others.items.every((n: { dossierId: string }) => n.dossierId !== d.id),
      'nobody else is told',
    );

    // The e-mails were queued with the changes; without SMTP they are kept in the outbox.
    const admin = await t.login('admin');
    const queued = (await t.call('GET', '/api/v1/outbox?limit=200', { cookie: admin })).json();
    const ours = queued.items.filter((m: { subject: string }) => m.subject.includes(d.code));
    assert.equal(ours.length, 5);
    assert.ok(ours.every((m: { status: string; to: string }) => m.status === 'queued' && m.to === applicant.email));
    const ran = await t.ctx.jobs.drain('notification.email', (data) => deliverNotificationEmail(t.ctx, data));
    assert.ok(ran >= 5);
    const kept = (await t.call('GET', '/api/v1/outbox?limit=200', { cookie: admin })).json();
    assert.ok(
      kept.items
        .filter((m: { subject: string }) => m.subject.includes(d.code))
        .every((m: { status: string; text: string }) => m.status === 'kept' && m.text.includes('Dossier')),
    );
    assert.equal((await t.call('GET', '/api/v1/outbox', { cookie: clerk })).statusCode, 403);
    assert.equal((await t.call('GET', '/api/v1/outbox', { cookie: citizen })).statusCode, 403);
  });

  test('with SMTP configured the job sends the e-mail; a failure is retried, never lost', async () => {
    const sent: MailMessage[] = [];
    let fail = true;
    t.ctx.mailer = {
      async send(message) {
        if (fail) throw new Error('SMTP down');
        sent.push(message);
      },
    };
    try {
      const filed = await t.call('POST', '/api/v1/dossiers', {
        cookie: citizen,
        body: {
          procedureCode: '1.001193',
          receivingAgencyId: tanNinh,
          applicant,
          documents: await t.documentsFor(citizen, '1.001193'),
        },
        headers: { 'idempotency-key': 'smtp-journey-01' },
      });
      const handler = (data: Record<string, unknown>, run?: JobRun) => deliverNotificationEmail(t.ctx, data, run);
      await t.ctx.jobs.drain('notification.email', handler);
      assert.equal(sent.length, 0);
      const [row] = await queryRows<{ email_status: string; email_error: string }>(
        t.db.connection.db,
        sql`select email_status, email_error from notifications where dossier_id = ${filed.json().id}`,
      );
      assert.equal(row?.email_status, 'queued');
      assert.equal(row?.email_error, 'SMTP down');
      fail = false;
      // The queue retries later (backoff); running the handler again as the retry would, it is sent once.
      const [pending] = await queryRows<{ id: string }>(
        t.db.connection.db,
        sql`select id from notifications where dossier_id = ${filed.json().id}`,
      );
      await handler({ notificationId: pending?.id }, { attempt: 2, lastAttempt: false });
      await handler({ notificationId: pending?.id }, { attempt: 3, lastAttempt: false });
      assert.equal(sent.length, 1);
      assert.equal(sent[0]?.to, applicant.email);
      assert.match(sent[0]?.subject ?? '', /Mới đăng ký$/);
      // The last try that fails marks the mail failed, for the administrators' outbox.
      fail = true;
      await queryRows(
        t.db.connection.db,
        sql`update notifications set email_status = 'queued' where id = ${pending?.id}`,
      );
      await assert.rejects(handler({ notificationId: pending?.id }, { attempt: 6, lastAttempt: true }));
      const [last] = await queryRows<{ email_status: string }>(
        t.db.connection.db,
        sql`select email_status from notifications where id = ${pending?.id}`,
      );
      assert.equal(last?.email_status, 'failed');
    } finally {
      delete t.ctx.mailer;
    }
  });

  test('filings written together share e-mail jobs; a job with one failed e-mail retries only that one', async () => {
    const addresses = ['an@example.vn', 'binh@example.vn', 'chi@example.vn', 'dung@example.vn', 'em@example.vn'];
    const tries: string[] = [];
    let refuse = 'chi@example.vn';
    t.ctx.mailer = {
      async send(message) {
        tries.push(message.to);
        if (message.to === refuse) throw new Error('450 mailbox busy');
      },
    };
    try {
      const bodies: Awaited<ReturnType<TestApp['documentsFor']>>[] = [];
      while (bodies.length < addresses.length) bodies.push(await t.documentsFor(citizen, '1.001193'));
      const filed = await Promise.all(
        addresses.map((email, i) =>
          t.call('POST', '/api/v1/dossiers', {
            cookie: citizen,
            body: {
              procedureCode: '1.001193',
              receivingAgencyId: tanNinh,
              applicant: { ...applicant, email },
              documents: bodies[i],
            },
            headers: { 'idempotency-key': `shared-jobs-${i}` },
          }),
        ),
      );
      assert.ok(
        filed.every((r) => r.statusCode === 201),
        filed.map((r) => r.body).join('\n'),
      );
      const ids = filed.map((r) => r.json().id as string);
      const notes = await queryRows<{ id: string; email_to: string }>(
        t.db.connection.db,
        sql`select id, email_to from notifications where dossier_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`,
      );
      assert.equal(notes.length, 5);
      const jobs = await queryRows<{ data: { notificationIds?: string[] } }>(
        t.db.connection.db,
        sql`select data from pgboss.job where name = 'notification.email' and state = 'created'
            and data->'notificationIds' ?| (select array_agg(value) from jsonb_array_elements_text(${JSON.stringify(notes.map((n) => n.id))}::jsonb))`,
      );
      const carried = jobs.flatMap((j) => j.data.notificationIds ?? []);
      assert.deepEqual([...carried].sort(), notes.map((n) => n.id).sort(), 'every e-mail is in exactly one job');
      assert.ok(jobs.length < 5, `5 filings written together queued ${jobs.length} jobs`);

      // One job for all five, as a worker would run it: four are sent, the refused one fails the job.
      const run = { attempt: 1, lastAttempt: false };
      const [first] = await deliverNotificationEmails(t.ctx, [
        { data: { notificationIds: notes.map((n) => n.id) }, run },
      ]);
      assert.equal(first?.ok, false);
      assert.deepEqual([...tries].sort(), [...addresses].sort());
      const statuses = async () =>
        Object.fromEntries(
          (
            await queryRows<{ email_to: string; email_status: string }>(
              t.db.connection.db,
              sql`select email_to, email_status from notifications where id in (select jsonb_array_elements_text(${JSON.stringify(notes.map((n) => n.id))}::jsonb)::uuid)`,
            )
          ).map((r) => [r.email_to, r.email_status]),
        );
      assert.deepEqual(await statuses(), {
        'an@example.vn': 'sent',
        'binh@example.vn': 'sent',
        'chi@example.vn': 'queued',
        'dung@example.vn': 'sent',
        'em@example.vn': 'sent',
      });
      // The queue's retry of that job sends only the one that was not sent.
      refuse = '';
      tries.length = 0;
      const [retry] = await deliverNotificationEmails(t.ctx, [
        { data: { notificationIds: notes.map((n) => n.id) }, run: { attempt: 2, lastAttempt: false } },
      ]);
      assert.equal(retry?.ok, true);
      assert.deepEqual(tries, ['chi@example.vn']);
      assert.ok(Object.values(await statuses()).every((s) => s === 'sent'));
      // The jobs themselves, run by the queue, find nothing left to send.
      tries.length = 0;
      await t.ctx.jobs.drain('notification.email', (data, r) => deliverNotificationEmail(t.ctx, data, r));
      assert.deepEqual(tries, []);
    } finally {
      delete t.ctx.mailer;
    }
  });

  test('a filing that fails leaves no notification and no job', async () => {
    const before = await count('notifications');
    const [jobsBefore] = await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from pgboss.job`,
    );
    const res = await t.call('POST', '/api/v1/dossiers', {
      cookie: citizen,
      body: { procedureCode: '1.001193', receivingAgencyId: tanNinh, applicant, documents: [] },
      headers: { 'idempotency-key': 'failing-filing-1' },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(await count('notifications'), before);
    const [jobsAfter] = await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from pgboss.job`,
    );
    assert.equal(jobsAfter?.n, jobsBefore?.n);
  });
});

describe('where to file', () => {
  test('a commune-level procedure is filed at the communes, found without diacritics', async () => {
    const res = await t.call('GET', '/api/v1/procedures/1.001193/receiving-agencies?q=tan%20ninh');
    assert.equal(res.statusCode, 200);
    const items = res.json().items as { name: string; kind: string }[];
    assert.ok(items.every((a) => a.kind === 'commune'));
    assert.match(items[0]?.name ?? '', /^Ủy ban nhân dân phường Tân Ninh$/i);
    const all = (await t.call('GET', '/api/v1/procedures/1.001193/receiving-agencies?limit=200')).json();
    assert.equal(all.total, 96, JSON.stringify(all).slice(0, 500));
    assert.equal((await t.call('GET', '/api/v1/procedures/9.999999/receiving-agencies')).statusCode, 404);
  });
});
