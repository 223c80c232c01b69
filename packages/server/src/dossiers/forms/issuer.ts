/**
 * Who issues and signs a one-stop form: the agency block of its heading (the agency, its parent, the one-stop
 * unit, the place of the place-and-date line) and the officer or head who signs, with their title. The rules
 * are the functions on names; `formAgency`, `agencyHeaderNames` and `issuerOf` read what they need.
 */
import { actionPerformers, type DossierEvent, roleLabels } from '@congso/core';
import {
  agencyNamesById,
  agencyPath,
  type DossierRow,
  type Executor,
  getAgencyById,
  type PersonName,
  personNames,
} from '@congso/db';
import type { FormAgency, FormOfficer } from './types';

const UBND = /^Ủy ban nhân dân\b/u;

/** Agency names as the forms' headers print them: "UBND phường Tân Ninh", "Sở Tư pháp". */
export function headerName(name: string): string {
  return name.replace(UBND, 'UBND');
}

/** "Tân Ninh" from "Phường Tân Ninh"; "Tây Ninh" from "Ủy ban nhân dân tỉnh Tây Ninh". */
export function placeName(name: string): string {
  return name
    .replace(UBND, '')
    .trim()
    .replace(/^(phường|xã|đặc khu|thị trấn|tỉnh|thành phố|huyện|quận|thị xã)\s+/iu, '');
}

/** The title of an agency's head as a signature prints it: "Chủ tịch" of a UBND, "Giám đốc" of a Sở, ... */
export function headTitle(agencyName: string): string {
  const titles: [RegExp, string][] = [
    [UBND, 'Chủ tịch'],
    [/^UBND\b/u, 'Chủ tịch'],
    [/^(Sở|Trung tâm)\s/u, 'Giám đốc'],
    [/^Văn phòng\s/u, 'Chánh Văn phòng'],
    [/^Thanh tra\s/u, 'Chánh Thanh tra'],
    [/^Ban\s/u, 'Trưởng ban'],
    [/^Phòng\s/u, 'Trưởng phòng'],
    [/^Chi cục\s/u, 'Chi cục trưởng'],
  ];
  return titles.find(([re]) => re.test(agencyName))?.[1] ?? 'Thủ trưởng cơ quan';
}

/** How the head who acted signs: an agency leader by the agency's head title, a department head as such. */
export function headPosition(event: DossierEvent, agencyName: string): string {
  return event.actor.roles.includes('agency_leader') ? headTitle(agencyName) : 'Trưởng phòng';
}

/** The officer who performed an event, with the role they acted in ("Chuyên viên", "Cán bộ một cửa"). */
export function eventOfficer(event: DossierEvent, names: ReadonlyMap<string, PersonName>): FormOfficer {
  const performers = actionPerformers[event.action] as readonly string[];
  const role = event.actor.roles.find((r) => performers.includes(r));
  return {
    name: names.get(event.actor.id)?.fullName ?? '',
    ...(role ? { position: roleLabels[role].vi } : {}),
  };
}

/**
 * The agency block of a form: the agency (short name), its parent for a department or unit ("UBND tỉnh
 * Tây Ninh" above "Sở Tư pháp"; a commune's UBND prints alone), the one-stop unit, and the place of the
 * place-and-date line (the agency's commune or ward, otherwise the province).
 */
export async function formAgency(db: Executor, agencyId: string): Promise<FormAgency> {
  const [row, path] = await Promise.all([getAgencyById(db, agencyId), agencyPath(db, agencyId)]);
  const parent = path.length >= 2 ? path[path.length - 2] : undefined;
  const root = path[0];
  const withParent = row?.kind === 'department' || row?.kind === 'unit';
  return {
    name: headerName(row?.name ?? ''),
    ...(withParent && parent ? { parentName: headerName(parent.name) } : {}),
    oneStopUnit: 'Bộ phận Một cửa',
    place: placeName(row?.adminUnitName ?? root?.name ?? ''),
  };
}

/** Agency names as headers print them, by id, in one query. */
export async function agencyHeaderNames(
  db: Executor,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const names = await agencyNamesById(db, ids);
  return new Map([...names].map(([id, name]) => [id, headerName(name)]));
}

/**
 * The agency a form about `event` is issued under, and the officer who performed it: a head's decision (a
 * refusal, a stop) under the agency the head leads, anything else under the receiving agency.
 */
export async function issuerOf(db: Executor, event: DossierEvent, row: DossierRow, byHead: boolean) {
  const agencyId = byHead ? (event.actor.agencyId ?? row.receivingAgencyId) : row.receivingAgencyId;
  const [agency, names] = await Promise.all([formAgency(db, agencyId), personNames(db, [event.actor.id])]);
  return { agency, officer: eventOfficer(event, names) };
}
