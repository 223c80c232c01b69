import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  childAgencyCode,
  isValidNationalId,
  isValidTaxCode,
  type OfficerRole,
  parseAgencyCode,
  parseCsvRecords,
} from '@congso/core';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.queries';
import type { Database, Executor } from '../connection';
import { type AgencyRow, insertAgency, linkSuccession } from '../identity/agencies.queries';
import { getPersonByUsername, insertPerson } from '../identity/people.queries';
import { agencies, settings } from '../schema/index';

const seedDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../seed-data/tay-ninh');

interface UnitSpec {
  ordinal: number;
  name: string;
  shortName: string;
  units?: UnitSpec[];
}

interface ProvinceSeed {
  province: { code: string; name: string; fullName: string; nameEn: string };
  validFrom: string;
  root: { code: string; name: string; shortName: string };
  departments: UnitSpec[];
  communes: { file: string; codeBlock: string; shortName: string };
  history: {
    validTo: string;
    provinces: { oldProvinceCode: string; code: string; name: string; shortName: string; validFrom: string }[];
    districts: { file: string; firstOrdinal: number };
  };
  demoPassword: string;
  officers: { username: string; fullName: string; agency: string; roles: OfficerRole[] }[];
  citizens: {
    kind: 'citizen' | 'organisation';
    nationalId?: string;
    taxCode?: string;
    fullName: string;
    phone?: string;
    email?: string;
  }[];
}

export interface ProvinceSetting {
  code: string;
  name: string;
  fullName: string;
  nameEn: string;
  rootAgencyCode: string;
}

export interface SeedReport {
  agenciesInserted: number;
  peopleInserted: number;
  demoLogins: { username: string; password: string; agency: string; roles: string[] }[];
}

export function loadDemoProvinceSeed(): ProvinceSeed {
  return JSON.parse(readFileSync(resolve(seedDir, 'province.json'), 'utf8')) as ProvinceSeed;
}

function readSeedCsv(file: string) {
  return parseCsvRecords(readFileSync(resolve(seedDir, file), 'utf8'));
}

/** "Phường Tân Ninh" → "Ủy ban nhân dân phường Tân Ninh". */
function communeAgencyName(fullName: string, type: string): string {
  return `Ủy ban nhân dân ${type.toLowerCase()}${fullName.slice(type.length)}`;
}

/**
 * Loads the demo province (Tây Ninh since 1/7/2025, with the two provinces it was merged from and
 * their districts as history) and demo people. Idempotent: whatever exists is left as it is.
 */
export async function seedDemoProvince(
  database: Database,
  options: { hashPassword: (password: string) => Promise<string>; now: Date },
): Promise<SeedReport> {
  const seed = loadDemoProvinceSeed();
  const communes = readSeedCsv(seed.communes.file);
  const districts = readSeedCsv(seed.history.districts.file);
  // Hash outside the transaction: it is slow on purpose.
  const demoHash = await options.hashPassword(seed.demoPassword);

  return database.transaction(async (tx) => {
    let agenciesInserted = 0;
    let peopleInserted = 0;
    const ensure = async (values: {
      code: string;
      name: string;
      shortName: string;
      kind: string;
      parentId: string | null;
      validFrom: string;
      validTo?: string | null;
      adminUnitCode?: string | null;
      adminUnitName?: string | null;
    }): Promise<AgencyRow> => {
      const validTo = values.validTo ?? null;
      const [existing] = await tx
        .select()
        .from(agencies)
        .where(
          and(
            eq(agencies.code, values.code),
            eq(agencies.validFrom, values.validFrom),
            validTo ? eq(agencies.validTo, validTo) : isNull(agencies.validTo),
          ),
        )
        .limit(1);
      if (existing) return existing;
      const parsed = parseAgencyCode(values.code);
      if (!parsed.ok) throw new Error(`seed: bad agency code ${values.code}`);
      agenciesInserted++;
      return insertAgency(tx, {
        ...values,
        validTo,
        codeLevel: parsed.value.level,
        provinceCode: seed.province.code,
        isDemoCode: true,
        adminUnitCode: values.adminUnitCode ?? null,
        adminUnitName: values.adminUnitName ?? null,
      });
    };

    const provinceSetting: ProvinceSetting = { ...seed.province, rootAgencyCode: seed.root.code };
    await tx
      .insert(settings)
      .values({ key: 'province', value: provinceSetting, updatedAt: options.now })
      .onConflictDoNothing();

    // History: the provinces merged on 1/7/2025 and their districts.
    const oldProvinces = new Map<string, AgencyRow>();
    for (const p of seed.history.provinces) {
      oldProvinces.set(
        p.oldProvinceCode,
        await ensure({
          code: p.code,
          name: p.name,
          shortName: p.shortName,
          kind: 'province',
          parentId: null,
          validFrom: p.validFrom,
          validTo: seed.history.validTo,
        }),
      );
    }
    const districtOrdinal = new Map<string, number>();
    for (const d of districts) {
      const parent = oldProvinces.get(d.old_province_code as string);
      if (!parent) continue;
      const ordinal = (districtOrdinal.get(parent.id) ?? seed.history.districts.firstOrdinal) + 0;
      districtOrdinal.set(parent.id, ordinal + 1);
      const type = d.district_type as string;
      await ensure({
        code: childAgencyCode(parent.code, ordinal),
        name: `Ủy ban nhân dân ${type.toLowerCase()}${(d.district_name as string).slice(type.length)}`,
        shortName: 'UBND',
        kind: 'district',
        parentId: parent.id,
        validFrom: '2008-01-01',
        validTo: seed.history.validTo,
        adminUnitCode: null,
        adminUnitName: d.district_name as string,
      });
    }

    const root = await ensure({ ...seed.root, kind: 'province', parentId: null, validFrom: seed.validFrom });
    for (const old of oldProvinces.values()) {
      await linkSuccession(tx, {
        predecessorId: old.id,
        successorId: root.id,
        kind: 'merge',
        effectiveOn: seed.validFrom,
        reason: 'Nghị quyết 202/2025/QH15 sắp xếp đơn vị hành chính cấp tỉnh',
      });
    }

    const named = new Map<string, AgencyRow>([['root', root]]);
    const ensureUnits = async (parent: AgencyRow, specs: UnitSpec[], kind: string, prefix: string) => {
      for (const spec of specs) {
        const row = await ensure({
          code: childAgencyCode(parent.code, spec.ordinal),
          name: spec.name,
          shortName: spec.shortName,
          kind,
          parentId: parent.id,
          validFrom: seed.validFrom,
        });
        named.set(`${prefix}${spec.ordinal}`, row);
        if (spec.units) await ensureUnits(row, spec.units, 'unit', `${prefix}${spec.ordinal}.`);
      }
    };
    await ensureUnits(root, seed.departments, 'department', 'dept:');

    const rootSegment = (parseAgencyCode(root.code) as { ok: true; value: { segments: readonly string[] } }).value
      .segments[0];
    let ordinal = 0;
    for (const c of communes) {
      ordinal++;
      const row = await ensure({
        code: `000.${String(ordinal).padStart(2, '0')}.${seed.communes.codeBlock}.${rootSegment}`,
        name: communeAgencyName(c.full_name as string, c.type as string),
        shortName: seed.communes.shortName,
        kind: 'commune',
        parentId: root.id,
        validFrom: seed.validFrom,
        adminUnitCode: c.ward_code as string,
        adminUnitName: c.full_name as string,
      });
      named.set(`commune:${c.ward_code}`, row);
    }

    const demoLogins: SeedReport['demoLogins'] = [];
    for (const o of seed.officers) {
      const agency = named.get(o.agency);
      if (!agency) throw new Error(`seed: unknown agency ${o.agency}`);
      demoLogins.push({ username: o.username, password: seed.demoPassword, agency: agency.name, roles: o.roles });
      if (await getPersonByUsername(tx, o.username)) continue;
      await insertPerson(tx, {
        kind: 'officer',
        username: o.username,
        fullName: o.fullName,
        agencyId: agency.id,
        roles: o.roles,
        passwordHash: demoHash,
        passwordChangedAt: options.now,
      });
      peopleInserted++;
    }
    for (const c of seed.citizens) {
      const username = (c.nationalId ?? c.taxCode) as string;
      const valid = c.nationalId
        ? isValidNationalId(c.nationalId, options.now.getUTCFullYear())
        : isValidTaxCode(username);
      if (!valid) throw new Error(`seed: invalid ${c.nationalId ? 'citizen ID' : 'tax code'} ${username}`);
      demoLogins.push({
        username,
        password: seed.demoPassword,
        agency: c.kind === 'citizen' ? 'Công dân' : 'Tổ chức',
        roles: [],
      });
      if (await getPersonByUsername(tx, username)) continue;
      await insertPerson(tx, {
        kind: c.kind,
        username,
        fullName: c.fullName,
        nationalId: c.nationalId ?? null,
        taxCode: c.taxCode ?? null,
        phone: c.phone ?? null,
        email: c.email ?? null,
        passwordHash: demoHash,
        passwordChangedAt: options.now,
      });
      peopleInserted++;
    }

    if (agenciesInserted + peopleInserted > 0) {
      await recordAudit(tx, {
        occurredAt: options.now,
        actorId: null,
        action: 'seed.demo_province',
        entityType: 'province',
        entityId: seed.province.code,
        data: { agenciesInserted, peopleInserted },
      });
    }
    return { agenciesInserted, peopleInserted, demoLogins };
  });
}

export async function getProvinceSetting(db: Executor): Promise<ProvinceSetting | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.key, 'province')).limit(1);
  return row?.value as ProvinceSetting | undefined;
}
