import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../connection';

/**
 * The procedures filed since `since` (every channel and agency), most first, with their filings: the home
 * page's most used procedures (`limit`) and the search's popularity prior (all of them).
 */
export async function mostFiledProcedures(
  db: Executor,
  since: Date,
  limit?: number,
): Promise<{ code: string; filings: number }[]> {
  const rows = await queryRows<{ code: string; filings: number | string }>(
    db,
    sql`select procedure_code as code, count(*) as filings from dossiers
        where submitted_at >= ${since.toISOString()}::timestamptz
        group by procedure_code order by count(*) desc, procedure_code
        ${limit === undefined ? sql`` : sql`limit ${limit}`}`,
  );
  return rows.map((r) => ({ code: r.code, filings: Number(r.filings) }));
}
