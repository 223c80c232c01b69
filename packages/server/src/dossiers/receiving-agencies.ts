import { CongsoError } from '@congso/core';
import { type Executor, getAgencyById } from '@congso/db';
import type { AppContext } from '../platform/context';

/** What filing needs of a receiving agency. */
export interface ReceivingAgency {
  id: string;
  code: string;
  name: string;
  /** commune, department, unit, province (what a procedure's levels are filed with). */
  kind: string;
}

export const agencyNotValid = () =>
  new CongsoError('VALIDATION_FAILED', {
    messages: { vi: 'Cơ quan tiếp nhận không hợp lệ.', en: 'The receiving agency is not valid.' },
    details: [{ path: 'receivingAgencyId', code: 'not_found' }],
  });

const MAX_ENTRIES = 5_000;

/**
 * Agencies found in force, by id, in this process. An entry is only a hint that saves a query before the
 * transaction: the filing's counter statement (`nextDossierSequencesAtAgencies`) checks again, in the
 * transaction, that the agency is still in force with that code, so an agency closed since — by this
 * process or another — is refused all the same (and forgotten here). Closed or unknown agencies are never
 * kept: they are read every time.
 */
export class ReceivingAgencyCache {
  private readonly open = new Map<string, ReceivingAgency>();

  constructor(private readonly ctx: AppContext) {}

  /** The agency if it is in force (from this process's memory or the database); VALIDATION_FAILED otherwise. */
  async get(id: string): Promise<ReceivingAgency> {
    const known = this.open.get(id);
    if (known) return known;
    return this.read(this.ctx.connection.db, id);
  }

  /** Reads the agency again (inside `executor`'s transaction, when given one) after the hint was wrong. */
  async read(executor: Executor, id: string): Promise<ReceivingAgency> {
    this.open.delete(id);
    const row = await getAgencyById(executor, id);
    if (!row || row.validTo) throw agencyNotValid();
    const agency = { id: row.id, code: row.code, name: row.name, kind: row.kind };
    if (this.open.size >= MAX_ENTRIES) this.open.delete(this.open.keys().next().value as string);
    this.open.set(id, agency);
    return agency;
  }

  forget(id: string) {
    this.open.delete(id);
  }
}
