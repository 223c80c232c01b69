import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@congso/db/testing';

const root = new URL('../../..', import.meta.url).pathname;
const bin = join(root, 'packages/cli/bin/congso.mjs');
let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;

before(async () => {
  if (process.env.DATABASE_URL) {
    const db: TestDatabase = await createTestDatabase({ migrate: false });
    await db.connection.close();
    env = { ...process.env, DATABASE_URL: db.databaseUrl };
    cleanup = async () => {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${new URL(db.databaseUrl as string).pathname.slice(1)} with (force)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'congso-cli-'));
    env = { ...process.env, DATA_DIR: dir };
    delete env.DATABASE_URL;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});
after(async () => {
  await cleanup?.();
});

function congso(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('congso: help, migrate, seed twice, add a user, refuse bad input', () => {
  const help = congso('--help');
  assert.equal(help.status, 0);
  for (const c of ['db', 'seed', 'user', 'serve']) assert.match(help.out, new RegExp(`\\n  ${c} `));
  assert.match(congso('user', 'add', '--help').out, /--agency <code>/);
  assert.equal(congso('db', 'migrate').status, 0);
  const first = congso('seed');
  assert.equal(first.status, 0, first.out);
  assert.match(first.out, /142 agencies and 21 people added; 1601 procedures added/);
  assert.match(first.out, /admin\s+admin\s+Ủy ban nhân dân tỉnh Tây Ninh/);
  assert.match(first.out, /; \d{3} dossiers of the last weeks added\./);
  assert.match(
    congso('seed').out,
    /0 agencies and 0 people added; the catalogue was already there; dossiers were already there/,
  );
  const rebuilt = congso('ioc', 'rebuild');
  assert.equal(rebuilt.status, 0, rebuilt.out);
  assert.match(rebuilt.out, /Index rebuilt \(.*\): \d{3} hồ sơ \/ dossiers, \d{3,} ô số liệu \/ counter cells\./);
  const resync = congso('exchange', 'resync', '--since', '2020-01-01');
  assert.equal(resync.status, 0, resync.out);
  assert.match(
    resync.out,
    /Queued for resync \(.*\): \d{3} hồ sơ \/ dossiers changed since 2019-12-31T17:00:00\.000Z\./,
  );
  const badSince = congso('exchange', 'resync', '--since', '2026-13-01');
  assert.notEqual(badSince.status, 0);
  assert.match(badSince.out, /not an ISO 8601 date/);
  const add = congso(
    'user',
    'add',
    '-u',
    'Tran.Binh',
    '-n',
    'Trần Bình',
    '-a',
    '000.00.04.H59',
    '-r',
    'specialist',
    'document_clerk',
  );
  assert.equal(add.status, 0, add.out);
  assert.match(add.out, /Created tran\.binh \(specialist, document_clerk\) in Sở Tư pháp/);
  assert.match(add.out, /Initial password: \S{10,}/);
  const again = congso('user', 'add', '-u', 'tran.binh', '-n', 'X', '-a', '000.00.04.H59', '-r', 'viewer');
  assert.equal(again.status, 2);
  assert.match(again.out, /Username taken/);
  assert.equal(congso('user', 'add', '-u', 'x.y', '-n', 'X', '-a', '000.00.99.H59', '-r', 'viewer').status, 2);
  assert.equal(congso('user', 'add', '-u', 'x.y', '-n', 'X', '-a', 'H59', '-r', 'viewer').status, 2);
  assert.notEqual(congso('user', 'add', '-u', 'x.y', '-n', 'X', '-a', '000.00.04.H59', '-r', 'emperor').status, 0);
});

test('congso catalog import: the national CSV and XLSX exports, with rejected rows reported', async () => {
  const { writeFileSync } = await import('node:fs');
  const ExcelJS = (await import('exceljs')).default;
  const dir = mkdtempSync(join(tmpdir(), 'congso-cat-'));
  try {
    const header =
      'ma_thu_tuc,ten_thu_tuc,linh_vuc,cap_thuc_hien,kenh_nop,thoi_han_truc_tiep,phi_le_phi_truc_tiep,co_quan_thuc_hien';
    const rows = [
      '1.001193,Thủ tục đăng ký khai sinh,Hộ tịch,Cấp xã,Trực tiếp|Trực tuyến,Trong ngày,Miễn lệ phí,UBND cấp xã',
      '"1.000894","Thủ tục đăng ký kết hôn, lưu động",Hộ tịch,Cấp xã,Trực tiếp,05 Ngày làm việc,"Lệ phí : 30.000 Đồng",UBND cấp xã',
      'not-a-code,Không có mã,Hộ tịch,Cấp xã,Trực tiếp,,,',
    ];
    writeFileSync(join(dir, 'export.csv'), `${header}\n${rows.join('\n')}\n`);
    const csv = congso('catalog', 'import', join(dir, 'export.csv'), '--valid-from', '2025-07-01');
    // The demo catalogue (seeded above) holds both codes from 2025-07-01: a change cannot start that same day.
    assert.equal(csv.status, 0, csv.out);
    assert.match(csv.out, /2 accepted, 1 rejected/);
    assert.match(csv.out, /row 4 not-a-code/);
    assert.match(csv.out, /Imported .*: 0 new, 0 new versions from 2025-07-01, 0 unchanged, 2 skipped/);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('TTHC');
    sheet.addRow(header.split(','));
    sheet.addRow([
      '1.001193',
      'Thủ tục đăng ký khai sinh (sửa)',
      'Hộ tịch',
      'Cấp xã',
      'Trực tiếp',
      '01 Ngày làm việc',
      'Miễn lệ phí',
      'UBND cấp xã',
    ]);
    await workbook.xlsx.writeFile(join(dir, 'export.xlsx'));
    const xlsx = congso('catalog', 'import', join(dir, 'export.xlsx'), '--valid-from', '2026-01-01');
    assert.equal(xlsx.status, 0, xlsx.out);
    assert.match(xlsx.out, /1 accepted, 0 rejected/);
    assert.match(xlsx.out, /0 new, 1 new versions from 2026-01-01/);
    const next = congso('catalog', 'import', join(dir, 'export.csv'), '--valid-from', '2026-06-01');
    assert.match(next.out, /0 new, 2 new versions from 2026-06-01/);
    writeFileSync(join(dir, 'bad.jsonl'), '{"code":"x"}\nnot json\n');
    const bad = congso('catalog', 'import', join(dir, 'bad.jsonl'));
    assert.equal(bad.status, 1);
    assert.match(bad.out, /0 accepted, 2 rejected/);
    assert.equal(congso('catalog', 'import', join(dir, 'missing.csv')).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a read replica that is down does not stop maintenance commands (only the server uses it)', (t) => {
  if (!env.DATABASE_URL) {
    t.skip('DATABASE_READ_URL needs PostgreSQL (run with DATABASE_URL)');
    return;
  }
  const down = { ...env, DATABASE_READ_URL: 'postgres://postgres@127.0.0.1:1/nothing' };
  const r = spawnSync(process.execPath, [bin, 'db', 'migrate'], {
    cwd: root,
    env: down,
    encoding: 'utf8',
    timeout: 600_000,
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /Migrations applied/);
});

test('congso certificates: issue to an officer, list with counts, revoke with a reason once', () => {
  // The seed test above made the database.
  const issued = congso('certificates', 'issue', '--person', 'giamdoc.stp', '--days', '365');
  assert.equal(issued.status, 0, issued.out);
  const serial = /Issued personal ([0-9a-f]{32}) to Huỳnh Thanh Sơn, valid until /.exec(issued.out)?.[1];
  assert.ok(serial, issued.out);
  const list = congso('certificates', 'list');
  assert.equal(list.status, 0, list.out);
  assert.match(list.out, /personal\s+1\s+0\s+0\n/);
  assert.match(list.out, /ocsp\s+1\s+0\s+0\n/);
  assert.match(list.out, new RegExp(`${serial}  personal\\s+active  \\d{4}-\\d{2}-\\d{2}  Huỳnh Thanh Sơn`));
  const revoked = congso('certificates', 'revoke', serial, '--reason', 'keyCompromise', '--note', 'Mất token');
  assert.equal(revoked.status, 0, revoked.out);
  assert.match(revoked.out, new RegExp(`Revoked ${serial} \\(keyCompromise\\)`));
  assert.match(congso('certificates', 'list', '--status', 'revoked').out, /personal\s+0\s+0\s+1\n/);
  assert.notEqual(congso('certificates', 'revoke', serial, '--reason', 'superseded').status, 0);
  assert.equal(congso('certificates', 'issue', '--person', 'giamdoc.stp', '--agency', '000.00.04.H59').status, 2);
  assert.equal(congso('certificates', 'revoke', 'ffff', '--reason', 'superseded').status, 2);
  assert.notEqual(congso('certificates', 'revoke', serial, '--reason', 'certificateHold').status, 0);
});
