/**
 * The electronic result: when the desk returns a result electronically (`return_result` with method
 * `electronic`), each result PDF is signed — the signer's personal signature first when the procedure version
 * asks for it (`result_signature = signer_and_seal`: the officer who approved the dossier), then the seal of the
 * agency that issued it — before the action's transaction (nothing written on a failure); inside it, the signed
 * copy is attached to the dossier as a result file, put in the applicant's data store (the organisation's when
 * the dossier was filed for one), and the dossier's
 * `result_electronic_at` set, with the audit event.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  type Actor,
  CongsoError,
  DEFAULT_RESULT_SIGNATURE,
  type DossierEvent,
  type DossierState,
  type ResultSignatureRule,
  resultSignatureRules,
} from '@congso/core';
import {
  type DossierRow,
  type Executor,
  getFile,
  getProcedureVersion,
  insertDataStoreItem,
  insertFile,
  recordAudit,
  setDossierFlag,
} from '@congso/db';
import type { RequestMeta } from '../dossiers/acting';
import type { AppContext } from '../platform/context';
import { lastSignatureWidget, signPdf } from '../signing/signing-service';

export async function readStored(ctx: AppContext, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await ctx.storage.read(key)) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** One result document signed, its bytes already in the storage (removed again if the transaction fails). */
export interface SignedResult {
  key: string;
  bytes: Buffer;
  name: string;
  number: string | null;
  agencyId: string;
}

/** The rule of a procedure version (its column), the default when it holds none the code knows. */
export function resultSignatureOf(value: string | null | undefined): ResultSignatureRule {
  return resultSignatureRules.find((r) => r === value) ?? DEFAULT_RESULT_SIGNATURE;
}

/** The officer who approved the dossier: the last `approve` of the log. */
function approverOf(events: readonly DossierEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.action === 'approve') return e.actor.id;
  }
  return null;
}

/**
 * Signs the result PDFs of a dossier returned electronically (before the action's transaction). 409
 * ELECTRONIC_RESULT_MISSING when a result has no PDF (a paper-only result cannot be returned electronically).
 */
export async function signElectronicResults(
  ctx: AppContext,
  row: DossierRow,
  state: DossierState,
  events: readonly DossierEvent[],
): Promise<SignedResult[]> {
  const documents = state.result?.documents ?? [];
  const withFiles = documents.filter((d) => d.fileId);
  if (withFiles.length === 0) {
    throw new CongsoError('ELECTRONIC_RESULT_MISSING', { details: [{ path: 'method', code: 'no_result_file' }] });
  }
  const version = await getProcedureVersion(ctx.connection.db, row.procedureVersionId);
  const rule = resultSignatureOf(version?.resultSignature);
  const agencyId = state.handlingAgencyId ?? state.receivingAgencyId;
  const out: SignedResult[] = [];
  try {
    for (const doc of withFiles) {
      const file = await getFile(ctx.connection.db, doc.fileId as string);
      if (!file || file.dossierId !== row.id || file.mediaType !== 'application/pdf') {
        throw new CongsoError('ELECTRONIC_RESULT_MISSING', {
          details: [{ path: 'method', code: 'result_not_pdf', name: doc.name }],
        });
      }
      let pdf = await readStored(ctx, file.storageKey);
      const reason = `Kết quả giải quyết TTHC, hồ sơ ${row.code}`;
      if (rule === 'signer_and_seal' && !lastSignatureWidget(pdf)) {
        const approver = approverOf(events);
        if (!approver) throw new CongsoError('SIGNING_CERTIFICATE_MISSING', { details: { as: 'signer' } });
        pdf = await signPdf(ctx, { pdf, as: 'signer', personId: approver, reason });
      }
      const bytes = await signPdf(ctx, { pdf, as: 'agency', agencyId, reason });
      const key = await ctx.storage.put(bytes);
      out.push({ key, bytes, name: doc.name, number: doc.number ?? null, agencyId });
    }
    return out;
  } catch (error) {
    await discardSigned(ctx, out);
    throw error;
  }
}

export async function discardSigned(ctx: AppContext, signed: readonly SignedResult[]) {
  await Promise.all(signed.map((s) => ctx.storage.remove(s.key).catch(() => {})));
}

/** Inside the return's transaction: the signed copies as result files, the data store's items, the flag. */
export async function writeElectronicResults(
  tx: Executor,
  values: {
    actor: Actor;
    row: DossierRow;
    state: DossierState;
    signed: readonly SignedResult[];
    at: Date;
    meta: RequestMeta;
  },
) {
  const { actor, row, state, signed, at } = values;
  const items: string[] = [];
  for (const s of signed) {
    const file = await insertFile(tx, {
      id: randomUUID(),
      ownerId: actor.id,
      name: `ket-qua-${row.code}-da-ky-so.pdf`,
      mediaType: 'application/pdf',
      size: s.bytes.length,
      sha256: createHash('sha256').update(s.bytes).digest('hex'),
      storageKey: s.key,
      createdAt: at,
      dossierId: row.id,
      purpose: 'result',
      documentName: s.name,
      attachedAt: at,
    });
    const item = await insertDataStoreItem(tx, {
      id: randomUUID(),
      ownerId: row.organisationId ?? row.applicantId,
      kind: 'electronic_result',
      name: s.name,
      number: s.number,
      issuingAgencyId: s.agencyId,
      issuedAt: state.result?.issuedAt ?? at,
      validUntil: null,
      fileId: file.id,
      sourceDossierId: row.id,
      documentIndex: null,
      madeBy: actor.id,
      madeAt: at,
    });
    items.push(item.id);
  }
  await setDossierFlag(tx, row.id, 'resultElectronicAt', at);
  await recordAudit(tx, {
    occurredAt: at,
    actorId: actor.id,
    action: 'dossier.electronic_result',
    entityType: 'dossier',
    entityId: row.id,
    agencyId: signed[0]?.agencyId ?? row.receivingAgencyId,
    data: { code: row.code, items },
    ...values.meta,
  });
}
