import { countCertificates, getPersonByUsername, loadDemoProvinceSeed } from '@congso/db';
import { issueRegistryCertificate, provinceAuthority, type RegistryContext } from './registry';

export interface DemoCertificatesReport {
  personal: number;
  organization: number;
}

/** Roles that sign documents: their holders get a personal certificate in the demo. */
const signerRoles = new Set(['agency_leader', 'department_head']);

/**
 * The demo's certificates: the province CA, a personal certificate for each demo signer (leaders and department
 * heads) and an organisation certificate for each of their agencies. Keys are generated together (node's
 * WebCrypto runs them on its thread pool). Skipped when the registry already holds personal certificates.
 */
export async function seedDemoCertificates(ctx: RegistryContext): Promise<DemoCertificatesReport | null> {
  const db = ctx.connection.db;
  await provinceAuthority(ctx);
  const counts = await countCertificates(db, ctx.now());
  const held = counts.byKind.personal;
  if (held.active + held.expired + held.revoked > 0) return null;
  const seed = loadDemoProvinceSeed();
  const signers = [];
  for (const officer of seed.officers) {
    if (!officer.roles.some((r) => signerRoles.has(r))) continue;
    const person = await getPersonByUsername(db, officer.username);
    if (person?.agencyId) signers.push({ personId: person.id, agencyId: person.agencyId });
  }
  const agencyIds = [...new Set(signers.map((s) => s.agencyId))];
  await Promise.all([
    ...signers.map((s) => issueRegistryCertificate(ctx, null, { kind: 'personal', personId: s.personId }, null)),
    ...agencyIds.map((agencyId) => issueRegistryCertificate(ctx, null, { kind: 'organization', agencyId }, null)),
  ]);
  return { personal: signers.length, organization: agencyIds.length };
}
