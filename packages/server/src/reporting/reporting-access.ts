/**
 * Who reaches what in the reporting system: the caller's province (root agency), the agencies whose reports the
 * caller reads, enters or reviews. Reviewing, the catalogue and the programme are checked against the root
 * agency (core policy: the province's leaders review, its administrators manage).
 */
import { type Actor, CongsoError, can, type Permission } from '@congso/core';
import { type AgencyRow, agencyPath, getAgencyById, loadAgencyTree } from '@congso/db';
import { isUuid } from '../http/schemas';
import type { AppContext } from '../platform/context';

export interface Reach {
  rootId: string;
  /** The agencies whose reports the caller reads. */
  readable: Set<string>;
  tree: { id: string; parentId: string | null; kind: string; name: string }[];
}

export async function rootOf(ctx: AppContext, actor: Actor): Promise<string> {
  if (!actor.agencyId) throw new CongsoError('FORBIDDEN');
  const path = await agencyPath(ctx.connection.db, actor.agencyId);
  return (path[0]?.id ?? actor.agencyId) as string;
}

/** 403 unless the caller holds the permission over the province (its root agency). */
export async function requireProvince(ctx: AppContext, actor: Actor, permission: Permission): Promise<string> {
  if (!actor.agencyId || !can(actor, permission)) throw new CongsoError('FORBIDDEN');
  const rootId = await rootOf(ctx, actor);
  if (!can(actor, permission, { agencyPath: [rootId] })) throw new CongsoError('FORBIDDEN');
  return rootId;
}

export function isReviewer(actor: Actor, rootId: string): boolean {
  return can(actor, 'reporting.review', { agencyPath: [rootId] });
}

/** Ids from the root down to an agency, from the tree in memory. */
export function pathIn(tree: Reach['tree'], id: string): string[] {
  const byId = new Map(tree.map((a) => [a.id, a]));
  const out: string[] = [];
  let at = byId.get(id);
  while (at && out.length < 32) {
    out.unshift(at.id);
    at = at.parentId ? byId.get(at.parentId) : undefined;
  }
  return out;
}

/** The agencies the caller reads reports of (reporting.read, or reviewing: the whole province). */
export async function reachOf(ctx: AppContext, actor: Actor): Promise<Reach> {
  if (!actor.agencyId || !(can(actor, 'reporting.read') || can(actor, 'reporting.review'))) {
    throw new CongsoError('FORBIDDEN');
  }
  const tree = await loadAgencyTree(ctx.connection.db);
  const rootId = pathIn(tree, actor.agencyId)[0] ?? actor.agencyId;
  const review = isReviewer(actor, rootId);
  const readable = new Set<string>();
  for (const a of tree) {
    const path = pathIn(tree, a.id);
    if (path[0] !== rootId) continue;
    if (review || can(actor, 'reporting.read', { agencyPath: path })) readable.add(a.id);
  }
  return { rootId, readable, tree };
}

/** The subtree of an agency within the tree. */
export function subtreeIn(tree: Reach['tree'], id: string): string[] {
  const children = new Map<string, string[]>();
  for (const a of tree) if (a.parentId) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
  const out: string[] = [];
  const stack = [id];
  while (stack.length) {
    const at = stack.pop() as string;
    out.push(at);
    stack.push(...(children.get(at) ?? []));
  }
  return out;
}

/** An agency the caller reads; 404 otherwise. */
export async function readableAgency(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ reach: Reach; agency: AgencyRow }> {
  const reach = await reachOf(ctx, actor);
  const agency = isUuid(id) && reach.readable.has(id) ? await getAgencyById(ctx.connection.db, id) : undefined;
  if (!agency) throw new CongsoError('NOT_FOUND');
  return { reach, agency };
}
