import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from '@congso/db';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
let tanNinh: string;
let citizen: string;
const applicant = { phone: '0912 345 678', address: 'Phường Tân Ninh', email: 'nguoi.nop@example.vn' };

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures('1.001193');
  const admin = await t.login('admin');
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  citizen = await t.login('072090001234');
});
after(async () => {
  await t?.close();
});

const file = async (key: string, documents?: unknown) =>
  t.call('POST', '/api/v1/dossiers', {
    cookie: citizen,
    body: {
      procedureCode: '1.001193',
      receivingAgencyId: tanNinh,
      applicant,
      documents: documents ?? (await t.documentsFor(citizen, '1.001193')),
    },
    headers: { 'idempotency-key': key },
  });

/** Rows of the tables a filing writes to, and the day's counter. */
async function written() {
  const [row] = await queryRows<Record<string, number>>(
    t.db.connection.db,
    sql`select (select count(*)::int from dossiers) as dossiers,
               (select count(*)::int from dossier_events) as events,
               (select count(*)::int from audit_events where action like 'dossier.%') as audit,
               (select count(*)::int from notifications) as notifications,
               (select count(*)::int from pgboss.job where name = 'notification.email') as jobs,
               (select count(*)::int from files where dossier_id is not null) as attached,
               (select coalesce(sum(last), 0)::int from dossier_code_counters) as counted`,
  );
  return row;
}

describe('the receiving agency at filing', () => {
  test('an agency closed after this process saw it in force (by another process) refuses the next filing', async () => {
    const first = await file('agency-cache-0001');
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().receivingAgency.id, tanNinh);
    assert.ok(first.json().receivingAgency.name);
    // Closed behind this process's back, as another server process would.
    await queryRows(
      t.db.connection.db,
      sql`update agencies set valid_to = '2026-11-22', version = version + 1 where id = ${tanNinh}`,
    );
    const before = await written();
    for (const key of ['agency-cache-0002', 'agency-cache-0003']) {
      const res = await file(key);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.deepEqual(res.json().error.details, [{ path: 'receivingAgencyId', code: 'not_found' }]);
    }
    assert.deepEqual(await written(), before, 'nothing written, the number given back');
    // In force again: filing goes on with the next number of the day (no gap).
    await queryRows(t.db.connection.db, sql`update agencies set valid_to = null where id = ${tanNinh}`);
    const next = await file('agency-cache-0004');
    assert.equal(next.statusCode, 201, next.body);
    assert.equal(Number(next.json().code.slice(-4)), Number(first.json().code.slice(-4)) + 1);
  });

  test('a file that cannot be attached rolls the whole filing back: no dossier, event, audit, notification or job', async () => {
    const documents = await t.documentsFor(citizen, '1.001193');
    // One of the citizen's files already part of another dossier.
    const [{ id: taken }] = (await queryRows<{ id: string }>(
      t.db.connection.db,
      sql`select id::text as id from files where dossier_id is not null limit 1`,
    )) as [{ id: string }];
    assert.ok(taken);
    const last = documents.at(-1);
    if (last) last.fileIds = [taken];
    const before = await written();
    const res = await file('attach-fails-0001', documents);
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(res.json().error.details, [{ path: 'documents', code: 'file_not_available' }]);
    assert.deepEqual(await written(), before);
    const [{ n }] = (await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from files where id in (${sql.join(
        documents.flatMap((d) => d.fileIds.map((f) => sql`${f}::uuid`)),
        sql`, `,
      )}) and dossier_id is null`,
    )) as [{ n: number }];
    assert.equal(n, documents.length - 1, 'the citizen’s own files stay unattached');
  });
});
