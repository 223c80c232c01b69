/**
 * The documents office's benchmarks (use PostgreSQL: DATABASE_URL).
 *   numbering  outgoing documents issued per second by 50 concurrent issuers in one register, through the
 *              issue use case (row lock on the register's counter, the document, its event, the audit event),
 *              checked afterwards: numbers 1…n, each exactly once; baseline: the bare counter increment
 *              (one UPDATE … RETURNING per transaction) by the same 50 issuers.
 *   documents  search over 1,000,000 registered documents (subject, notation, issuer and text, generated with
 *              generate_series), diacritic-insensitive through the trigram index: p50/p95 per query, with the
 *              same run's naive ILIKE scan over the unfolded columns for the ratio.
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  createOutgoing,
  createVietnamCalendar,
  type OfficerRole,
  outgoingDraftSchema,
  registerYearOf,
} from '@congso/core';
import {
  connect,
  ensureRegister,
  getPersonByUsername,
  insertFile,
  insertOfficeDocument,
  migrate,
  queryRows,
  searchOfficeDocuments,
  searchOfficeDocumentsNaive,
  seedDemoProvince,
  sql,
  takeRegisterNumber,
} from '@congso/db';
import { createTestDatabase } from '@congso/db/testing';
import { actOnOutgoing, createContext, hashPassword, loadConfig } from '@congso/server';

void createVietnamCalendar;

async function seeded() {
  const db = await createTestDatabase();
  await seedDemoProvince(db.connection.db, { hashPassword, now: new Date() });
  return db;
}

async function actorOf(db: Awaited<ReturnType<typeof seeded>>, username: string): Promise<Actor> {
  const p = await getPersonByUsername(db.connection.db, username);
  if (!p?.agencyId) throw new Error(username);
  return { id: p.id, kind: 'officer', active: true, agencyId: p.agencyId, roles: p.roles as OfficerRole[] };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Runs `total` tasks with `concurrency` workers; the elapsed milliseconds. */
async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return performance.now() - started;
}

export async function numbering() {
  const issuers = 50;
  const total = Number(process.env.BENCH_DOCUMENTS ?? 3000);
  const db = await seeded();
  try {
    const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '20' }, { envFile: false });
    const ctx = await createContext(db.connection, config, { workers: false });
    const clerk = await actorOf(db, 'vanthu.stp');
    const leader = await actorOf(db, 'giamdoc.stp');
    const drafter = await actorOf(db, 'chuyenvien.stp');
    const now = new Date();
    const agencyId = clerk.agencyId as string;
    const draft = outgoingDraftSchema.parse({
      typeCode: 'quyet_dinh',
      subject: 'Quyết định về việc phê duyệt kế hoạch',
      recipients: [{ kind: 'note', name: 'Lưu: VT' }],
    });
    // Signed documents waiting for their number, written directly (the drafting and signing are not measured).
    const ids: string[] = [];
    for (let i = 0; i < total; i += 500) {
      await db.connection.db.transaction(async (tx) => {
        for (let j = i; j < Math.min(total, i + 500); j++) {
          const id = randomUUID();
          const file = await insertFile(tx, {
            id: randomUUID(),
            ownerId: drafter.id,
            name: 'qd.pdf',
            mediaType: 'application/pdf',
            size: 1,
            sha256: '0',
            storageKey: `bench/${id}`,
            createdAt: now,
          });
          const { state } = createOutgoing(
            { id, agencyId, issuerAbbreviation: 'STP', draft, fileId: file.id },
            { at: now, actor: drafter },
          );
          const signed = { ...state, status: 'signed' as const, version: 5, signedAt: now, signerId: leader.id };
          await insertOfficeDocument(tx, {
            id,
            direction: 'outgoing',
            agencyId,
            status: 'signed',
            version: 5,
            typeCode: draft.typeCode,
            subject: draft.subject,
            organName: 'Sở Tư pháp',
            medium: 'electronic',
            fileId: file.id,
            drafterId: drafter.id,
            state: signed,
            createdAt: now,
            updatedAt: now,
          });
          ids.push(id);
        }
      });
    }
    const meta = { ip: '127.0.0.1', requestId: 'bench' };
    const issueMs = await pool(total, issuers, async (i) => {
      await actOnOutgoing(ctx, clerk, ids[i] as string, 5, { action: 'issue' }, meta);
    });
    const year = registerYearOf(now);
    const numbers = (
      await queryRows<{ number: number }>(
        db.connection.db,
        sql`select d.number from office_documents d join office_registers r on r.id = d.register_id
            where r.agency_id = ${agencyId} and r.kind = 'outgoing' and r.year = ${year} order by d.number`,
      )
    ).map((r) => Number(r.number));
    const gapFree = numbers.length === total && numbers.every((n, i) => n === i + 1);
    const unique = new Set(numbers).size === numbers.length;

    // Baseline: the bare counter, one transaction per number, same concurrency, another register.
    const baselineRegister = await ensureRegister(db.connection.db, { agencyId, kind: 'incoming', year, at: now });
    const baselineMs = await pool(total, issuers, async () => {
      await db.connection.db.transaction(async (tx) => {
        await takeRegisterNumber(tx, baselineRegister.id);
      });
    });
    await ctx.jobs.stop();
    const perSecond = (total / issueMs) * 1000;
    const baselinePerSecond = (total / baselineMs) * 1000;
    console.log(
      `numbering: ${total} issues by ${issuers} concurrent issuers in ${round(issueMs / 1000, 2)} s = ${round(perSecond)}/s; ` +
        `gap-free ${gapFree}, unique ${unique}; bare counter ${round(baselinePerSecond)}/s (${db.databaseUrl ? 'PostgreSQL' : 'PGlite'})`,
    );
    return {
      engine: db.databaseUrl ? 'postgresql' : 'pglite',
      issuers,
      issued: total,
      issuesPerSecond: round(perSecond),
      gapFree,
      unique,
      baselineCounterPerSecond: round(baselinePerSecond),
      ratio: round(perSecond / baselinePerSecond, 3),
    };
  } finally {
    await db.drop();
  }
}

/** Words of the generated documents (administrative Vietnamese), common first. */
const VOCABULARY = (
  'kế hoạch triển khai thực hiện báo cáo kết quả công tác quản lý nhà nước năm tháng quý đề nghị phối hợp ' +
  'hướng dẫn tổ chức kiểm tra rà soát cải cách hành chính thủ tục dịch vụ công trực tuyến chuyển đổi số ' +
  'đất đai xây dựng quy hoạch giao thông nông thôn mới giáo dục đào tạo y tế bảo hiểm xã hội lao động việc làm ' +
  'tài chính ngân sách đầu tư công thuế phí lệ phí môi trường tài nguyên khoáng sản nước sạch phòng chống thiên tai ' +
  'lụt bão hạn hán xâm nhập mặn dịch bệnh gia súc gia cầm an ninh trật tự quốc phòng quân sự tuyển quân ' +
  'dân tộc tôn giáo văn hóa thể thao du lịch lễ hội di tích thông tin truyền thông báo chí xuất bản tư pháp ' +
  'hộ tịch chứng thực khai sinh kết hôn phổ biến pháp luật hòa giải cơ sở thanh tra khiếu nại tố cáo tiếp công dân ' +
  'phòng chống tham nhũng tiêu cực lãng phí thi đua khen thưởng kỷ luật cán bộ công chức viên chức biên chế ' +
  'tuyển dụng bổ nhiệm điều động luân chuyển đánh giá xếp loại chế độ chính sách người có công bảo trợ ' +
  'trẻ em bình đẳng giới hộ nghèo cận nghèo nhà ở xã hội doanh nghiệp hợp tác xã khởi nghiệp xúc tiến thương mại ' +
  'nông sản cà phê cao su lúa gạo thủy sản lâm nghiệp trồng rừng phòng cháy chữa cháy điện lực viễn thông ' +
  'khoa học công nghệ sở hữu trí tuệ tiêu chuẩn đo lường chất lượng an toàn thực phẩm'
).split(' ');

const ISSUERS = ['UBND', 'VP', 'SNV', 'STC', 'STP', 'SXD', 'SYT', 'SGDĐT', 'SNNMT', 'SCT', 'SKHCN', 'SVHTTDL'];
const TYPES = ['QĐ', 'KH', 'BC', 'TB', 'HD', 'TTr', 'CT', 'GM'];

/** Queries as officers type them (with their marks, as the documents hold them): rare and common words, notations. */
function queries(): string[] {
  const v = (i: number) => VOCABULARY[i % VOCABULARY.length] as string;
  const list: string[] = [];
  for (let i = 0; i < 12; i++) list.push(`${v(150 + i * 7)} ${v(151 + i * 7)}`); // rarer pairs
  for (let i = 0; i < 12; i++) list.push(`${v(i * 3)} ${v(i * 3 + 40)} ${v(i * 5 + 90)}`); // common triples
  for (let i = 0; i < 10; i++) list.push(v(100 + i * 11)); // one word
  for (let i = 0; i < 10; i++) list.push(`${1000 + i * 37}/${TYPES[i % TYPES.length]}-${ISSUERS[i % ISSUERS.length]}`); // notations
  for (let i = 0; i < 6; i++) list.push(`${v(120 + i)} ${v(200 + i)}`.normalize('NFD').replace(/\p{M}/gu, '')); // no marks
  return list;
}

/** `total` registered incoming documents over `agencies`, with their files, without the trigram index. */
async function generateDocuments(db: Awaited<ReturnType<typeof seeded>>, total: number, agencies: string[]) {
  const d = db.connection.db;
  const clerk = await actorOf(db, 'vanthu.stp');
  await queryRows(d, sql`drop index office_documents_search_trgm_idx`);
  // Files and documents in batches of 100,000 (memory and WAL in check).
  for (let from = 1; from <= total; from += 100_000) {
    const to = Math.min(total, from + 99_999);
    await queryRows(
      d,
      sql`insert into files (id, owner_id, name, media_type, size, sha256, storage_key, created_at)
          select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, ${clerk.id}, 'vb.pdf',
                 'application/pdf', 1, '0', 'bench/' || i, now()
          from generate_series(${from}::int, ${to}::int) i`,
    );
    await queryRows(
      d,
      // Arrays go as one text each (an array in the template would expand into a row of parameters).
      sql`with v as (select string_to_array(${VOCABULARY.join('|')}, '|') as w,
                            string_to_array(${ISSUERS.join('|')}, '|') as iss,
                            string_to_array(${TYPES.join('|')}, '|') as ty,
                            string_to_array(${agencies.join('|')}, '|')::uuid[] as ag)
          insert into office_documents (id, direction, agency_id, status, version, number, notation, type_code,
                 subject, organ_name, issued_date, medium, file_id, registered_at, text_content, state,
                 created_at, updated_at)
          select gen_random_uuid(), 'incoming', v.ag[1 + i % array_length(v.ag, 1)], 'registered', 1, i,
                 (1 + (i::bigint * 7919) % 5000) || '/' || v.ty[1 + i % array_length(v.ty, 1)] || '-' || v.iss[1 + (i / 7) % array_length(v.iss, 1)],
                 'cong_van',
                 'Về việc ' || array_to_string(array(
                    select v.w[1 + floor(array_length(v.w, 1) * power(random(), 1.6))::int]
                    from generate_series(1, 6 + (i % 5)) where i > 0), ' '),
                 'Ủy ban nhân dân tỉnh', date '2026-01-01' + (i % 330), 'electronic',
                 ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
                 timestamptz '2026-01-01' + (i * interval '25 seconds'),
                 array_to_string(array(
                    select v.w[1 + floor(array_length(v.w, 1) * power(random(), 1.6))::int]
                    from generate_series(1, 30) where i > 0), ' '),
                 '{}'::jsonb, timestamptz '2026-01-01' + (i * interval '25 seconds'), now()
          from generate_series(${from}::int, ${to}::int) i, v`,
    );
  }
}

/**
 * A database a run kept (BENCH_KEEP_DATABASE=1) given as BENCH_DOCUMENTS_DATABASE: migrated to this code's
 * schema, measured again without generating (before/after a change at the same size: generation takes long).
 */
async function keptDatabase(databaseUrl: string) {
  const connection = await connect({ databaseUrl, poolSize: 5, poolTimeoutMs: 60_000 });
  await migrate(connection);
  return { connection, databaseUrl, drop: () => connection.close() };
}

export async function documents() {
  const kept = process.env.BENCH_DOCUMENTS_DATABASE;
  let total = Number(process.env.BENCH_DOCUMENTS ?? 1_000_000);
  const db = kept ? await keptDatabase(kept) : await seeded();
  const d = db.connection.db;
  try {
    const agencies = (
      await queryRows<{ id: string }>(d, sql`select id from agencies where valid_to is null order by code limit 100`)
    ).map((r) => r.id);
    const started = performance.now();
    if (kept) {
      const [row] = await queryRows<{ n: number }>(d, sql`select count(*)::int as n from office_documents`);
      total = Number(row?.n ?? 0);
    } else await generateDocuments(db, total, agencies);
    const loadedMs = kept ? 0 : performance.now() - started;
    const indexStarted = performance.now();
    if (!kept) {
      await queryRows(
        d,
        sql`create index office_documents_search_trgm_idx on office_documents using gin (search_text gin_trgm_ops)`,
      );
    }
    await queryRows(d, sql`analyze office_documents`);
    const indexMs = kept ? 0 : performance.now() - indexStarted;
    const size = await queryRows<{ table: string; index: string }>(
      d,
      sql`select pg_size_pretty(pg_total_relation_size('office_documents')) as table,
                 pg_size_pretty(pg_relation_size('office_documents_search_trgm_idx')) as index`,
    );

    const agencyId = agencies[4] as string;
    const qs = queries();
    const timeQuery = async (run: () => Promise<unknown[]>) => {
      const t0 = performance.now();
      const rows = await run();
      return { ms: performance.now() - t0, rows: rows.length };
    };
    // Warm-up, then the indexed search: province-wide and within one agency (what the API does).
    for (const q of qs.slice(0, 5)) await searchOfficeDocuments(d, { query: q, limit: 20 });
    const wide: number[] = [];
    const own: number[] = [];
    let found = 0;
    for (const q of qs) {
      const a = await timeQuery(() => searchOfficeDocuments(d, { query: q, limit: 20 }));
      wide.push(a.ms);
      found += a.rows > 0 ? 1 : 0;
      own.push((await timeQuery(() => searchOfficeDocuments(d, { agencyId, query: q, limit: 20 }))).ms);
    }
    // The naive scan: ILIKE over the unfolded columns (a sample of the queries: each one reads the table).
    const naive: number[] = [];
    for (const q of qs.filter((_, i) => i % 5 === 0)) {
      naive.push((await timeQuery(() => searchOfficeDocumentsNaive(d, { query: q, limit: 20 }))).ms);
    }
    const sort = (a: number[]) => [...a].sort((x, y) => x - y);
    const [w, o, n] = [sort(wide), sort(own), sort(naive)];
    const result = {
      engine: db.databaseUrl ? 'postgresql' : 'pglite',
      documents: total,
      generated: !kept,
      loadSeconds: round(loadedMs / 1000),
      indexSeconds: round(indexMs / 1000),
      tableSize: size[0]?.table,
      indexSize: size[0]?.index,
      queries: qs.length,
      queriesWithResults: found,
      provinceP50Ms: round(percentile(w, 50)),
      provinceP95Ms: round(percentile(w, 95)),
      agencyP50Ms: round(percentile(o, 50)),
      agencyP95Ms: round(percentile(o, 95)),
      naiveQueries: n.length,
      naiveP50Ms: round(percentile(n, 50)),
      naiveP95Ms: round(percentile(n, 95)),
      speedupP50: round(percentile(n, 50) / Math.max(0.01, percentile(w, 50))),
    };
    console.log(
      `documents: ${total} generated in ${result.loadSeconds} s + trigram index ${result.indexSeconds} s (${result.tableSize}, index ${result.indexSize}); ` +
        `search p50/p95 ${result.provinceP50Ms}/${result.provinceP95Ms} ms province-wide, ${result.agencyP50Ms}/${result.agencyP95Ms} ms in one agency; ` +
        `naive ILIKE p50/p95 ${result.naiveP50Ms}/${result.naiveP95Ms} ms`,
    );
    return result;
  } finally {
    // BENCH_KEEP_DATABASE=1 leaves the generated database for EXPLAIN (drop it by hand afterwards).
    if (kept) await db.drop();
    else if (process.env.BENCH_KEEP_DATABASE === '1') {
      console.error(`documents: database kept at ${db.databaseUrl ?? '(PGlite, in memory)'}`);
      await db.connection.close();
    } else await db.drop();
  }
}
