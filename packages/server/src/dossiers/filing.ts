/**
 * Filing a dossier: online by the applicant (`submit_online`), or at the counter by a one-stop clerk
 * (`receive`: filed and received at once). A filing is checked here, outside any transaction, then written
 * with the filings that arrive meanwhile (filing-writes.ts, group commit): the day's sequence number, the
 * dossier, its first event, files, notification, e-mail job and the audit event. When the procedure's schedule
 * asks a fee at filing, the installation asks it right after (fees.service `askFeeAtFiling`).
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type ApplicantInput,
  CongsoError,
  type DossierEvent,
  isValidNationalId,
  type Procedure,
  receivingAgencyKinds,
} from '@congso/core';
import {
  type AttachedFile,
  type DossierRow,
  findDeskDossierByKey,
  findDossierByIdempotencyKey,
  findPopulationLookup,
  getPersonByUsername,
} from '@congso/db';
import type { FastifyRequest } from 'fastify';
import { vietnamDate } from '../catalog/catalog-index';
import { resolveReuse } from '../digitisation/digitisation.service';
import { askFeeAtFiling } from '../fees/fees.service';
import { actsFor } from '../identity/representatives';
import type { AppContext } from '../platform/context';
import type { RequestMeta } from './acting';
import type { FiledDocument } from './filing-writes';
import { canReadDossier } from './read-access';

async function procedureForFiling(ctx: AppContext, code: string) {
  const row = await ctx.memory.catalog.versionInForce(code);
  if (!row) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Thủ tục không tồn tại hoặc chưa có hiệu lực.', en: 'No such procedure in force.' },
      details: [{ path: 'procedureCode', code: 'not_found' }],
    });
  }
  return row;
}

const sameText = (a: string, b: string) => a.normalize('NFC').trim() === b.normalize('NFC').trim();

/**
 * Checks the e-form against the procedure version: each entry names a required document of it, no file
 * is given twice, and — online — every mandatory document has at least one file.
 */
export function checkFiledDocuments(procedure: Procedure, documents: readonly FiledDocument[], online: boolean) {
  const problems: { path: string; code: string; message?: { vi: string; en: string } }[] = [];
  const seenIndexes = new Set<number>();
  const seenFiles = new Set<string>();
  documents.forEach((d, i) => {
    const required = procedure.requiredDocuments[d.index];
    if (!required || !sameText(required.name, d.name)) {
      problems.push({
        path: `documents.${i}`,
        code: 'changed',
        message: {
          vi: 'Thành phần hồ sơ không khớp với thủ tục hiện hành; vui lòng tải lại trang.',
          en: 'The document does not match the procedure in force; please reload the page.',
        },
      });
    } else if (seenIndexes.has(d.index)) {
      problems.push({ path: `documents.${i}`, code: 'duplicate' });
    }
    seenIndexes.add(d.index);
    for (const f of d.fileIds) {
      if (seenFiles.has(f)) problems.push({ path: `documents.${i}.fileIds`, code: 'duplicate' });
      seenFiles.add(f);
    }
  });
  if (online) {
    procedure.requiredDocuments.forEach((required, index) => {
      if (!required.mandatory) return;
      const given = documents.find((d) => d.index === index);
      if (!given || given.fileIds.length + (given.storeItemIds?.length ?? 0) === 0) {
        problems.push({
          path: `documents.${index}`,
          code: 'required',
          message: {
            vi: `Chưa đính kèm: ${required.name}`,
            en: `Missing attachment: ${required.name}`,
          },
        });
      }
    });
  }
  if (problems.length > 0) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: {
        vi: 'Thành phần hồ sơ chưa đầy đủ hoặc không hợp lệ.',
        en: 'The dossier’s documents are incomplete or not valid.',
      },
      details: problems,
    });
  }
}

/** The key a filing is kept under: a citizen's own, online; at the counter, the officer's under their id. */
function storedKey(mode: 'online' | 'counter', actor: Actor, key: string | null): string | null {
  if (key === null) return null;
  return mode === 'online' ? key : `desk:${actor.id}:${key}`;
}

/** A filing made earlier with the same key: a citizen's by their id and key, an officer's by their key. */
async function earlierFiling(ctx: AppContext, actor: Actor, mode: 'online' | 'counter', key: string) {
  const db = ctx.connection.db;
  return mode === 'online' ? findDossierByIdempotencyKey(db, actor.id, key) : findDeskDossierByKey(db, key);
}

/**
 * Files a dossier: online by the applicant (`submit_online`), or at the counter by a one-stop clerk
 * (`receive`: filed and received at once). Checked here, then written in one transaction with the filings
 * that arrive meanwhile (`createFilingBatcher`). A filing repeated with the same Idempotency-Key (the
 * citizen's online, the officer's at the counter) answers the first dossier, and writes nothing.
 */
export async function fileDossier(
  ctx: AppContext,
  actor: Actor,
  input: {
    mode: 'online' | 'counter';
    procedureCode: string;
    receivingAgencyId: string;
    applicant: ApplicantInput;
    channel?: 'counter' | 'postal';
    documents?: readonly FiledDocument[];
    idempotencyKey: string | null;
    /** A lookup in the national population database this filing's applicant came from (consent given). */
    populationLookupId?: string | undefined;
    /** Online: the organisation the citizen files for, one they act for now (its data store is reused). */
    organisationId?: string | undefined;
  },
  meta: RequestMeta,
): Promise<{
  row: DossierRow;
  created: boolean;
  /** A new dossier's first event, receiving agency's name and files (the row's detail without reading it). */
  event?: DossierEvent;
  agencyName?: string;
  files?: AttachedFile[];
}> {
  const db = ctx.connection.db;
  const key = storedKey(input.mode, actor, input.idempotencyKey);
  // Online, no look-up of the key first (filing is the busiest write): the unique index decides. A repeat
  // fails its insert, its transaction rolls back (giving its sequence number back) and the first dossier is
  // answered below. At the counter the key is looked up first, so that a key repeated for another applicant
  // still answers the first dossier; two requests at once with one key meet at the unique index as online.
  if (input.mode === 'counter' && key) {
    const earlier = await earlierFiling(ctx, actor, input.mode, key);
    if (earlier && (await canReadDossier(ctx, actor, earlier))) return { row: earlier, created: false };
  }
  const now = ctx.now();
  if (!isValidNationalId(input.applicant.nationalId, Number(vietnamDate(now).slice(0, 4)))) {
    throw new CongsoError('INVALID_NATIONAL_ID', { details: [{ path: 'applicant.nationalId', code: 'invalid' }] });
  }
  const procedure = await procedureForFiling(ctx, input.procedureCode);
  const agency = await ctx.memory.receivingAgencies.get(input.receivingAgencyId);
  const data = procedure.data as Procedure;
  if (input.mode === 'online' && !data.channels.includes('online')) {
    throw new CongsoError('INVALID_STATE', {
      messages: {
        vi: 'Thủ tục này không nhận hồ sơ trực tuyến.',
        en: 'This procedure does not accept online filings.',
      },
    });
  }
  // Online, a procedure is filed with an agency of its level (the portal offers only those); at the counter
  // the clerk's own desk receives and forwards it to whoever handles it.
  if (input.mode === 'online' && !receivingAgencyKinds(data.levels).some((k) => k === agency.kind)) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: {
        vi: `${agency.name} không tiếp nhận thủ tục này trực tuyến; hãy chọn cơ quan tiếp nhận trong danh sách của thủ tục.`,
        en: `${agency.name} does not receive this procedure online; choose a receiving agency from the procedure's list.`,
      },
      details: [{ path: 'receivingAgencyId', code: 'wrong_level' }],
    });
  }
  const documents = input.documents ?? [];
  checkFiledDocuments(data, documents, input.mode === 'online');
  let applicantId = actor.id;
  if (input.mode === 'counter') {
    const citizen = await getPersonByUsername(db, input.applicant.nationalId);
    applicantId = citizen?.id ?? '';
  }
  // Filing for an organisation: only a citizen acting for it now (else 404: its existence is not told).
  const organisationId = input.organisationId ?? null;
  if (
    organisationId &&
    (input.mode !== 'online' || actor.kind !== 'citizen' || !(await actsFor(ctx, actor, organisationId)))
  ) {
    throw new CongsoError('NOT_FOUND', {
      messages: {
        vi: 'Bạn không đại diện cho tổ chức này (hoặc quan hệ đại diện đã hết hạn, bị thu hồi).',
        en: 'You do not act for this organisation (or the representation has expired or been revoked).',
      },
      details: [{ path: 'organisationId', code: 'not_found' }],
    });
  }
  // Documents taken from the data store of the applicant (of the organisation, when filing for one): its own
  // and valid now, kept with where they came from.
  const reused = await resolveReuse(ctx, organisationId ?? applicantId, documents, now);
  const withReuse = reused.size === 0 ? documents : documents.map((d) => ({ ...d, reused: reused.get(d.index) }));
  const populationLookup = input.populationLookupId
    ? await populationLookupFor(ctx, actor, input.populationLookupId, input.applicant.nationalId)
    : null;
  try {
    const filed = await ctx.memory.batchers.filings.submit({
      id: randomUUID(),
      actor,
      mode: input.mode,
      procedureVersionId: procedure.id,
      procedure: data,
      agency,
      applicantId,
      applicant: input.applicant,
      organisationId,
      channel: input.channel ?? 'counter',
      documents: withReuse,
      idempotencyKey: key,
      now,
      meta,
      populationLookup,
    });
    // The fee due at filing is asked at once (the dossier waits for it); the detail is then read afresh.
    const asked = await askFeeAtFiling(ctx, filed.row, meta);
    if (asked) return { row: asked, created: true, ...(filed.agencyName ? { agencyName: filed.agencyName } : {}) };
    return { ...filed, created: true };
  } catch (error) {
    if (error instanceof CongsoError) throw error;
    // A repeated key (sent again, or by two tabs at once): the unique index let the first win; answer with it.
    if (key) {
      const existing = await earlierFiling(ctx, actor, input.mode, key);
      if (existing) return { row: existing, created: false };
    }
    throw error;
  }
}

/**
 * The lookup a filing says its applicant came from: made by the same person, for the same national id, and not
 * used by another dossier yet (the filing's transaction claims it).
 */
async function populationLookupFor(ctx: AppContext, actor: Actor, lookupId: string, nationalId: string) {
  const lookup = await findPopulationLookup(ctx.connection.db, lookupId);
  if (!lookup || lookup.requestedBy !== actor.id || lookup.subjectNationalId !== nationalId || lookup.dossierId) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: {
        vi: 'Lần tra cứu CSDL quốc gia về dân cư này không dùng được cho hồ sơ này.',
        en: 'This population-database lookup cannot be used for this dossier.',
      },
      details: [{ path: 'populationLookupId', code: 'invalid' }],
    });
  }
  return { id: lookup.id, at: lookup.at };
}

/** The Idempotency-Key header of a filing, when given (8 to 100 visible ASCII characters). */
export function idempotencyKey(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || !/^[\x21-\x7e]{8,100}$/.test(key)) {
    throw new CongsoError('VALIDATION_FAILED', {
      details: [{ path: 'headers.idempotency-key', code: 'invalid_format' }],
    });
  }
  return key;
}
