import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Actor,
  availableActions,
  type DossierActionInput,
  type IocDossierFact,
  isLateWhileOpen,
  isOpenAt,
  replay,
} from '@congso/core';
import { allIocCounts, countIocOpenNow, countIocPending, loadDossierEvents, queryRows, readIocState } from '@congso/db';
import { sql } from 'drizzle-orm';
import { actOnDossier } from '../dossiers/acting';
import { demoHistoryProcedureCodes, seedDemoHistory } from '../dossiers/demo-history';
import { createTestApp, type TestApp } from '../testing';
import { catchUpIoc, rebuildIoc } from './ioc-upkeep';

const DAY = 86_400_000;
let t: TestApp;
let t0: Date;

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures(...demoHistoryProcedureCodes);
  t0 = t.clock.now;
  await seedDemoHistory(t.ctx.connection, { now: t0 });
});
after(() => t.close());

async function allFacts(): Promise<IocDossierFact[]> {
  const rows = await queryRows<{ fact: IocDossierFact }>(
    t.ctx.connection.db,
    sql`select fact from ioc_facts order by dossier_id`,
  );
  return rows.map((r) => (typeof r.fact === 'string' ? JSON.parse(r.fact) : r.fact));
}

/** Acts on some open dossiers as an officer who may: stops and supplement requests. */
async function actOnSome(count: number): Promise<number> {
  const db = t.ctx.connection.db;
  const open = await queryRows<{ id: string }>(
    db,
    sql`select id from dossiers where status in ('received', 'processing') order by code limit ${count}`,
  );
  const officers = await queryRows<{ id: string; agency_id: string; roles: string[] }>(
    db,
    sql`select id, agency_id, roles from people where kind = 'officer' and active order by username`,
  );
  let acted = 0;
  for (const [i, { id }] of open.entries()) {
    const state = replay(await loadDossierEvents(db, id));
    const wanted = i % 2 === 0 ? 'stop' : 'request_supplement';
    for (const o of officers) {
      const actor: Actor = {
        id: o.id,
        kind: 'officer',
        active: true,
        agencyId: o.agency_id,
        roles: o.roles as Actor['roles'],
      };
      if (!availableActions(actor, state).includes(wanted)) continue;
      const input: DossierActionInput =
        wanted === 'stop'
          ? { action: 'stop', reason: 'Có tranh chấp' }
          : { action: 'request_supplement', items: ['Bản sao giấy tờ'], reason: 'Thiếu giấy tờ' };
      await actOnDossier(t.ctx, actor, id, state.version, input, { ip: null, requestId: 'test' });
      acted++;
      break;
    }
  }
  return acted;
}

describe('ioc counters: incremental upkeep and rebuild', () => {
  test('counted in steps as dossiers change and months end, the counters equal a rebuild from the events', async () => {
    const db = t.ctx.connection.db;
    const marked = await countIocPending(db);
    assert.ok(marked > 300, `the demo history marks its dossiers (${marked})`);

    // First pass 40 days early (only October's start sealed), in small batches.
    const first = await catchUpIoc(db, new Date(t0.getTime() - 40 * DAY), { batch: 37 });
    assert.equal(first.dossiers, marked);
    assert.equal(await countIocPending(db), 0);

    // Officers act (each change marks its dossier in its own transaction), then the clock reaches now:
    // October's end is sealed.
    t.clock.advance(3_600_000);
    const acted = await actOnSome(12);
    assert.ok(acted >= 8, `acted on ${acted}`);
    assert.equal(await countIocPending(db), acted);
    const second = await catchUpIoc(db, t.clock.now, { batch: 5 });
    assert.deepEqual([second.dossiers, second.sealed], [acted, true]);

    // A month later: November's end is sealed too.
    t.clock.advance(35 * DAY);
    const third = await catchUpIoc(db, t.clock.now);
    assert.deepEqual([third.dossiers, third.sealed], [0, true]);
    assert.equal((await readIocState(db)).horizon?.toISOString(), '2026-11-30T17:00:00.000Z');

    const incremental = await allIocCounts(db);
    const incrementalFacts = await allFacts();
    assert.ok(incremental.length > 500, String(incremental.length));
    assert.ok(incremental.some((k) => k.includes('|month|2026-10|open_end=')));

    const rebuilt = await rebuildIoc(db, t.clock.now, { batch: 100 });
    assert.ok(rebuilt.marked >= marked);
    assert.deepEqual(await allIocCounts(db), incremental);
    // The rebuild also holds the facts of dossiers never received (they add nothing).
    const received = (await allFacts()).filter((f) => incrementalFacts.some((g) => g.dossierId === f.dossierId));
    assert.deepEqual(received, incrementalFacts);
  });

  test('the live count of dossiers in progress agrees with the core rule', async () => {
    const db = t.ctx.connection.db;
    const now = t.clock.now;
    const facts = await allFacts();
    const open = facts.filter((f) => isOpenAt(f, now));
    const provinceId = facts[0]?.provinceId as string;
    const live = await countIocOpenNow(db, { scopeKind: 'province', scopeId: null, provinceId, now });
    assert.deepEqual(live.get(provinceId), {
      open: open.length,
      late: open.filter((f) => isLateWhileOpen(f, now)).length,
    });
    assert.ok(open.length > 0);
    const byAgency = await countIocOpenNow(db, { scopeKind: 'agency', scopeId: null, provinceId, now });
    assert.equal(
      [...byAgency.values()].reduce((s, x) => s + x.open, 0),
      open.length,
    );
  });

  test('a second consumer finds the first at work and returns', async () => {
    const db = t.ctx.connection.db;
    if (t.db.databaseUrl === undefined) return; // PGlite runs one transaction at a time
    let report: Awaited<ReturnType<typeof catchUpIoc>> | null = null;
    await db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from ioc_state where id = 1 for update`);
      report = await catchUpIoc(db, t.clock.now);
    });
    assert.deepEqual(report, { dossiers: 0, sealed: false, busy: true });
  });
});
