import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CatalogRecord, type ChoiceRow, LEARNING, type Procedure, procedureFromCatalogRecord } from '@congso/core';
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.queries';
import type { Database, Executor } from '../connection';
import { procedures, procedureVersions, searchChoices, searchFiledDossiers, settings } from '../schema/index';

export type ProcedureVersionRow = typeof procedureVersions.$inferSelect;

const REVISION_KEY = 'catalog.revision';

/** A number that changes with every change to the catalogue, so that search indexes know to rebuild. */
export async function catalogRevision(db: Executor): Promise<number> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, REVISION_KEY))
    .limit(1);
  return typeof row?.value === 'number' ? row.value : 0;
}

export async function bumpRevision(tx: Executor, now: Date) {
  await tx
    .insert(settings)
    .values({ key: REVISION_KEY, value: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: sql`to_jsonb(coalesce((${settings.value})::text::int, 0) + 1)`, updatedAt: now },
    });
}

function inForce(on: string) {
  return and(
    lte(procedureVersions.validFrom, on),
    or(isNull(procedureVersions.validTo), gte(procedureVersions.validTo, on)),
  );
}

/** The versions in force on a date (YYYY-MM-DD), without their full data: what a search index needs. */
export async function listProceduresInForce(db: Executor, on: string) {
  return db
    .select({
      id: procedureVersions.id,
      code: procedureVersions.code,
      name: procedureVersions.name,
      field: procedureVersions.field,
      levels: procedureVersions.levels,
      serviceMode: procedureVersions.serviceMode,
      implementingAgencies: procedureVersions.implementingAgencies,
      version: procedureVersions.version,
      validFrom: procedureVersions.validFrom,
      deadlines: sql<Procedure['deadlines']>`${procedureVersions.data} -> 'deadlines'`,
      fees: sql<Procedure['fees']>`${procedureVersions.data} -> 'fees'`,
      // What the search reads besides the name: the names of the documents and of the results.
      requiredDocuments: sql<Procedure['requiredDocuments']>`${procedureVersions.data} -> 'requiredDocuments'`,
      results: sql<Procedure['results']>`${procedureVersions.data} -> 'results'`,
      applicantKinds: sql<Procedure['applicantKinds']>`${procedureVersions.data} -> 'applicantKinds'`,
    })
    .from(procedureVersions)
    .where(inForce(on));
}

export async function getProcedureInForce(
  db: Executor,
  code: string,
  on: string,
): Promise<ProcedureVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(procedureVersions)
    .where(and(eq(procedureVersions.code, code), inForce(on)))
    .orderBy(desc(procedureVersions.version))
    .limit(1);
  return row;
}

export async function getProcedureVersion(db: Executor, id: string): Promise<ProcedureVersionRow | undefined> {
  const [row] = await db.select().from(procedureVersions).where(eq(procedureVersions.id, id)).limit(1);
  return row;
}

export async function listProcedureVersions(db: Executor, code: string) {
  return db
    .select({
      id: procedureVersions.id,
      version: procedureVersions.version,
      validFrom: procedureVersions.validFrom,
      validTo: procedureVersions.validTo,
      name: procedureVersions.name,
      createdAt: procedureVersions.createdAt,
    })
    .from(procedureVersions)
    .where(eq(procedureVersions.code, code))
    .orderBy(asc(procedureVersions.version));
}

export async function listProcedureFields(db: Executor, on: string) {
  const rows = await db
    .select({ field: procedureVersions.field, count: sql<number>`count(*)::int` })
    .from(procedureVersions)
    .where(inForce(on))
    .groupBy(procedureVersions.field)
    .orderBy(asc(procedureVersions.field));
  return rows.map((r) => ({ field: r.field, count: Number(r.count) }));
}

/** JSON with object keys sorted, so that two equal procedures compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** Codes whose latest version starts on or after validFrom: a new version cannot start before it. */
  skipped: { code: string; reason: string }[];
}

/**
 * Imports valid procedures: new codes get version 1, changed ones a new version from `validFrom` (the
 * previous one closes the day before), identical ones are left alone. One transaction, one audit event.
 */
export async function importProcedures(
  database: Database,
  list: readonly Procedure[],
  options: {
    validFrom: string;
    now: Date;
    actorId: string | null;
    source: string;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ImportReport> {
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, skipped: [] };
  return database.transaction(async (tx) => {
    const latest = new Map<string, ProcedureVersionRow>();
    for (const row of await tx.select().from(procedureVersions).where(isNull(procedureVersions.validTo)))
      latest.set(row.code, row);
    const byCode = new Map<string, Procedure>();
    for (const p of list) byCode.set(p.code, p); // the last occurrence of a code wins
    const newCodes = [...byCode.keys()].filter((c) => !latest.has(c));
    const ids = new Map<string, string>();
    for (let i = 0; i < newCodes.length; i += 500) {
      const chunk = newCodes.slice(i, i + 500);
      const rows = await tx
        .insert(procedures)
        .values(chunk.map((code) => ({ code })))
        .onConflictDoNothing()
        .returning();
      for (const r of rows) ids.set(r.code, r.id);
    }
    if (ids.size < newCodes.length) {
      const missing = newCodes.filter((c) => !ids.has(c));
      for (const r of await tx.select().from(procedures).where(inArray(procedures.code, missing)))
        ids.set(r.code, r.id);
    }
    const inserts: (typeof procedureVersions.$inferInsert)[] = [];
    const toClose: string[] = [];
    let done = 0;
    for (const p of byCode.values()) {
      done++;
      if (done % 100 === 0) options.onProgress?.(done, byCode.size);
      const current = latest.get(p.code);
      const columns = {
        code: p.code,
        name: p.name,
        field: p.field,
        levels: p.levels,
        serviceMode: p.serviceMode,
        implementingAgencies: p.implementingAgencies,
        data: p,
      };
      if (!current) {
        inserts.push({ ...columns, procedureId: ids.get(p.code) as string, version: 1, validFrom: options.validFrom });
        report.created++;
      } else if (canonicalJson(current.data) === canonicalJson(p)) {
        report.unchanged++;
      } else if (current.validFrom >= options.validFrom) {
        report.skipped.push({ code: p.code, reason: `the current version starts on ${current.validFrom}` });
      } else {
        toClose.push(current.id);
        inserts.push({
          ...columns,
          procedureId: current.procedureId,
          version: current.version + 1,
          validFrom: options.validFrom,
        });
        report.updated++;
      }
    }
    options.onProgress?.(byCode.size, byCode.size);
    for (let i = 0; i < toClose.length; i += 500) {
      await tx
        .update(procedureVersions)
        .set({ validTo: dayBefore(options.validFrom) })
        .where(inArray(procedureVersions.id, toClose.slice(i, i + 500)));
    }
    for (let i = 0; i < inserts.length; i += 200) await tx.insert(procedureVersions).values(inserts.slice(i, i + 200));
    if (report.created + report.updated > 0) {
      await bumpRevision(tx, options.now);
      await recordAudit(tx, {
        occurredAt: options.now,
        actorId: options.actorId,
        action: 'catalog.imported',
        entityType: 'catalog',
        entityId: options.source.slice(0, 200),
        data: {
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          skipped: report.skipped.length,
          validFrom: options.validFrom,
        },
      });
    }
    return report;
  });
}

/** Creates a new version of one procedure from a date (an edit); returns the new row. */
export async function insertProcedureVersion(
  database: Database,
  procedure: Procedure,
  options: { validFrom: string; now: Date; actorId: string; reason: string; expectedVersion: number },
): Promise<ProcedureVersionRow | 'stale' | 'too_early' | 'missing'> {
  return database.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(procedureVersions)
      .where(and(eq(procedureVersions.code, procedure.code), isNull(procedureVersions.validTo)))
      .for('update')
      .limit(1);
    if (!current) return 'missing';
    if (current.version !== options.expectedVersion) return 'stale';
    if (current.validFrom >= options.validFrom) return 'too_early';
    await tx
      .update(procedureVersions)
      .set({ validTo: dayBefore(options.validFrom) })
      .where(eq(procedureVersions.id, current.id));
    const [row] = await tx
      .insert(procedureVersions)
      .values({
        procedureId: current.procedureId,
        version: current.version + 1,
        validFrom: options.validFrom,
        code: procedure.code,
        name: procedure.name,
        field: procedure.field,
        levels: procedure.levels,
        serviceMode: procedure.serviceMode,
        implementingAgencies: procedure.implementingAgencies,
        data: procedure,
      })
      .returning();
    await bumpRevision(tx, options.now);
    await recordAudit(tx, {
      occurredAt: options.now,
      actorId: options.actorId,
      action: 'procedure.version_created',
      entityType: 'procedure',
      entityId: procedure.code,
      reason: options.reason,
      data: { version: current.version + 1, validFrom: options.validFrom },
    });
    return row as ProcedureVersionRow;
  });
}

const catalogFile = resolve(dirname(fileURLToPath(import.meta.url)), '../../seed-data/catalog/procedures.jsonl');

/** The demo catalogue shipped with the project (1,601 procedures of commune and province level). */
export function loadDemoCatalog(): Procedure[] {
  return readFileSync(catalogFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => procedureFromCatalogRecord(JSON.parse(line) as CatalogRecord));
}

export async function countProcedures(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(procedures);
  return Number(row?.n ?? 0);
}

/**
 * One more choice of `code` after searching `queryKey` (learning from use): the stored count decays to `at`
 * (half-life LEARNING.halfLifeDays) and counts `weight` (1 for a procedure opened, more for one filed), in one
 * atomic upsert. A filing also counts in `filings`.
 */
export async function recordSearchChoice(
  db: Executor,
  queryKey: string,
  code: string,
  at: Date,
  options: { weight?: number; filed?: boolean } = {},
): Promise<void> {
  const halfLifeSeconds = LEARNING.halfLifeDays * 86_400;
  const weight = options.weight ?? 1;
  const filings = options.filed ? 1 : 0;
  await db
    .insert(searchChoices)
    .values({ queryKey, code, weight, updatedAt: at, filings })
    .onConflictDoUpdate({
      target: [searchChoices.queryKey, searchChoices.code],
      set: {
        weight: sql`${searchChoices.weight} * power(0.5, greatest(0, extract(epoch from (${at.toISOString()}::timestamptz - ${searchChoices.updatedAt}))) / ${halfLifeSeconds}) + ${weight}`,
        updatedAt: sql`greatest(${searchChoices.updatedAt}, ${at.toISOString()}::timestamptz)`,
        filings: sql`${searchChoices.filings} + ${filings}`,
      },
    });
}

/**
 * A filing after a search counts once: marks the dossier as counted and records the choice, in one
 * transaction. False (nothing recorded) when the dossier was counted already.
 */
export async function recordSearchFiling(
  database: Database,
  options: { dossierId: string; queryKey: string; code: string; at: Date; weight: number },
): Promise<boolean> {
  return database.transaction(async (tx) => {
    const claimed = await tx
      .insert(searchFiledDossiers)
      .values({ dossierId: options.dossierId, at: options.at })
      .onConflictDoNothing()
      .returning({ id: searchFiledDossiers.dossierId });
    if (claimed.length === 0) return false;
    await recordSearchChoice(tx, options.queryKey, options.code, options.at, { weight: options.weight, filed: true });
    return true;
  });
}

/** What people chose after searching, most chosen first (for the province's review). */
export async function listSearchLearning(db: Executor, limit = 100) {
  return db
    .select()
    .from(searchChoices)
    .orderBy(desc(searchChoices.weight), desc(searchChoices.updatedAt))
    .limit(limit);
}

/** The aggregated choices whose stored count reaches `minimum` (the only ones that can boost anything). */
export async function listSearchChoices(db: Executor, minimum: number): Promise<ChoiceRow[]> {
  return db.select().from(searchChoices).where(gte(searchChoices.weight, minimum));
}
