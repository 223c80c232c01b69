/**
 * The demo's fee schedules (seed-data/tay-ninh/fee-schedules.json): set as the province would set them, for
 * the demo's procedures with a fee, so that filing asks the fee and paying online works in the demo.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FeeSchedule, feeScheduleSchema } from '@congso/core';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.queries';
import { getProcedureInForce } from '../catalog/catalog.queries';
import type { Database } from '../connection';
import { feeSchedules } from '../schema/index';

const file = resolve(dirname(fileURLToPath(import.meta.url)), '../../seed-data/tay-ninh/fee-schedules.json');

export interface DemoFeeSchedule {
  code: string;
  schedule: FeeSchedule;
}

export function loadDemoFeeSchedules(): { validFrom: string; schedules: DemoFeeSchedule[] } {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { validFrom: string; schedules: unknown[] };
  return {
    validFrom: raw.validFrom,
    schedules: raw.schedules.map((s) => {
      const entry = s as { code: string; schedule: unknown };
      return { code: entry.code, schedule: feeScheduleSchema.parse(entry.schedule) as FeeSchedule };
    }),
  };
}

/** Sets each demo schedule on its procedure's version in force, where the province has none yet. */
export async function seedDemoFeeSchedules(db: Database, now: Date): Promise<number> {
  const { validFrom, schedules } = loadDemoFeeSchedules();
  const on = now.toISOString().slice(0, 10);
  let inserted = 0;
  for (const { code, schedule } of schedules) {
    const version = await getProcedureInForce(db, code, on);
    if (!version) continue;
    await db.transaction(async (tx) => {
      const existing = await tx
        .select({ id: feeSchedules.id })
        .from(feeSchedules)
        .where(eq(feeSchedules.procedureVersionId, version.id))
        .limit(1);
      if (existing.length > 0) return;
      await tx.insert(feeSchedules).values({
        procedureVersionId: version.id,
        validFrom,
        schedule,
        updatedBy: null,
        updatedAt: now,
      });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: null,
        action: 'fee_schedule.save',
        entityType: 'procedure_version',
        entityId: version.id,
        reason: 'Dữ liệu minh họa / demo data',
        data: { code, validFrom, version: 1, items: schedule.items.map((i) => ({ id: i.id, amounts: i.amounts })) },
      });
      inserted++;
    });
  }
  return inserted;
}
