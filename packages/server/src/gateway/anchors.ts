/**
 * Anchors and verification of the gateway's exchange log. An anchor is the province seal's CMS signature
 * (the organisation certificate of the province's root agency, through the signing service's environment)
 * over the chain's head: "congso-gateway-anchor\n<seq>\n<hash>". Verification walks the whole chain
 * (core/gateway/chain.ts) and checks every anchor's signature with the registry's trust anchors.
 */
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { type AnchorRow, anchorText, type ChainReport, CongsoError, type LogRow, verifyChain } from '@congso/core';
import {
  type Executor,
  gatewayLogHead,
  gatewayLogPage,
  insertGatewayAnchor,
  listGatewayAnchors,
  queryRows,
  recordAudit,
  sql,
} from '@congso/db';
import type { AppContext } from '../platform/context';
import { signingEnvironment } from '../signing/environment';
import { buildSignedData } from '../signing/pades/cms';
import { buildChain, checkSignedData } from '../signing/pades/verify';
import { existingProvinceAuthority, type RegistryContext } from '../signing/registry';
import { sha256 } from '../signing/signer';
import { sha256Hex } from './gateway-log';

/** The province's root agency: the holder of the seal that signs anchors. */
export async function provinceRootAgencyId(db: Executor): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from agencies where parent_id is null and valid_to is null order by code limit 1`,
  );
  return rows[0]?.id ?? null;
}

/**
 * Signs the chain's head with the province seal and stores the anchor. Nothing to do when the head is already
 * anchored (or the log is empty): null. GATEWAY_NO_SIGNER when the province has no organisation certificate.
 */
export async function anchorGatewayLog(ctx: AppContext, actorId: string | null) {
  const db = ctx.connection.db;
  const head = await gatewayLogHead(db);
  if (!head) return null;
  const anchors = await listGatewayAnchors(db);
  const last = anchors[anchors.length - 1];
  if (last && last.seq === head.seq) return null;
  const agencyId = await provinceRootAgencyId(db);
  const env = await signingEnvironment(ctx);
  const signer = agencyId ? await env.signerFor({ agencyId }) : null;
  if (!agencyId || !signer) throw new CongsoError('GATEWAY_NO_SIGNER');
  const cms = await buildSignedData({
    signer,
    contentDigest: sha256(Buffer.from(anchorText(head.seq, head.hash), 'utf8')),
  });
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const row = await insertGatewayAnchor(tx, {
      id: randomUUID(),
      seq: head.seq,
      headHash: head.hash,
      signedAt: now,
      agencyId,
      cms: cms.toString('base64'),
    });
    await recordAudit(tx, {
      occurredAt: now,
      actorId,
      action: 'gateway.log_anchored',
      entityType: 'gateway_anchor',
      entityId: row.id,
      data: { seq: row.seq, headHash: row.headHash },
    });
    return row;
  });
}

/** Starts the periodic anchoring (GATEWAY_ANCHOR_EVERY_SECONDS; 0: only on demand). */
export function startGatewayAnchoring(ctx: AppContext) {
  const every = ctx.config.GATEWAY_ANCHOR_EVERY_SECONDS;
  if (every <= 0) return;
  setInterval(() => void anchorGatewayLog(ctx, null).catch(() => {}), every * 1000).unref();
}

/**
 * Walks the whole log and every anchor. `trustAnchors`: the province root certificates (DER) an anchor's signer
 * must chain to; empty: the signature is checked, not its chain.
 */
export async function verifyGatewayLog(
  db: Executor,
  trust: { trustAnchors: Buffer[]; intermediates: Buffer[] },
): Promise<ChainReport> {
  const rows: LogRow[] = [];
  let after = 0;
  for (;;) {
    const page = await gatewayLogPage(db, after, 5000);
    for (const r of page) rows.push(r);
    if (page.length < 5000) break;
    after = page[page.length - 1]?.seq ?? after;
  }
  const anchors = await listGatewayAnchors(db);
  const cmsById = new Map(anchors.map((a) => [a.id, a.cms]));
  const anchorsX = trust.trustAnchors.map((d) => new X509Certificate(d));
  const pool = trust.intermediates.map((d) => new X509Certificate(d));
  const signed = (anchor: AnchorRow) => {
    const cms = Buffer.from(cmsById.get(anchor.id) ?? '', 'base64');
    const text = Buffer.from(anchorText(anchor.seq, anchor.headHash), 'utf8');
    const check = checkSignedData(cms, { digestOf: (hash) => createHash(hash).update(text).digest() });
    if (!check.ok || !check.certificate) return false;
    if (anchorsX.length === 0) return true;
    return buildChain(check.certificate, [...pool, ...check.certificates], anchorsX).trusted;
  };
  return verifyChain(rows, anchors, sha256Hex, signed);
}

/** Verifies with the signing environment of a server context (its registry's trust anchors). */
export async function verifyGatewayLogOf(ctx: AppContext): Promise<ChainReport> {
  const env = await signingEnvironment(ctx);
  return verifyGatewayLog(ctx.connection.db, { trustAnchors: env.trustAnchors, intermediates: env.intermediates });
}

/** Verifies with the province CA of a database (the CLI: no server context). */
export async function verifyGatewayLogOfRegistry(ctx: RegistryContext): Promise<ChainReport> {
  const authority = await existingProvinceAuthority(ctx);
  return verifyGatewayLog(ctx.connection.db, {
    trustAnchors: authority ? [authority.root.der] : [],
    intermediates: authority ? [authority.issuing.der] : [],
  });
}
