/**
 * The edXML exchange between installations: receiving a signed package or status message, queueing outgoing
 * ones in the business transaction (the outbox: a message row and its `exchange.deliver` job), and delivering
 * them with signed requests whose signed answers are checked.
 */
import { randomUUID } from 'node:crypto';
import {
  buildEdxmlPackage,
  buildEdxmlStatus,
  CongsoError,
  type EdxmlPackage,
  edxmlIssue,
  edxmlKindOf,
  type FieldIssue,
  parseDocumentId,
  parseEdxmlPackage,
  parseEdxmlStatus,
  type StaffInfo,
  type StatusCode,
} from '@congso/core';
import {
  currentAgenciesByCode,
  type ExchangeMessageRow,
  type ExchangePeerRow,
  type Executor,
  findExchangeMessage,
  findExchangePeer,
  findExchangePeerForOrgan,
  findInboundByExchangeId,
  findPackageByDocumentId,
  insertExchangeMessage,
  recordAudit,
  requeueExchangeMessage,
  setMessageOutcome,
} from '@congso/db';
import type { AppContext } from '../platform/context';
import type { JobRun } from '../platform/jobs';
import {
  EXCHANGE_HEADERS,
  exchangeKeyOf,
  publicKeyFromPem,
  requestSigningText,
  responseSigningText,
  sha256Hex,
  signText,
  verifyText,
} from './signatures';

export const EXCHANGE_PATH = '/api/v1/exchange/edxml';

/** Vietnam time as edXML writes it: yyyy/MM/dd HH:mm:ss. */
export function edxmlTimestamp(at: Date): string {
  const vn = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${vn.slice(0, 4)}/${vn.slice(5, 7)}/${vn.slice(8, 10)} ${vn.slice(11, 19)}`;
}

/** An edXML timestamp (Vietnam time) as an instant. */
export function instantOfEdxmlTimestamp(value: string): Date {
  const [d, t] = value.split(' ') as [string, string];
  const [y, mo, day] = d.split('/').map(Number) as [number, number, number];
  const [h, mi, s] = t.split(':').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, day, h - 7, mi, s));
}

const invalid = (issues: FieldIssue[]) => new CongsoError('VALIDATION_FAILED', { details: issues });

export interface ReceiveAnswer {
  messageId: string;
  kind: 'package' | 'status';
  duplicate: boolean;
  statusCode: string | null;
}

function answerOf(row: Pick<ExchangeMessageRow, 'id' | 'kind' | 'statusCode'>, duplicate: boolean): ReceiveAnswer {
  return { messageId: row.id, kind: row.kind as ReceiveAnswer['kind'], duplicate, statusCode: row.statusCode };
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

/**
 * One authenticated request from `peer`: a package or a status message. A repeated exchange id (the sender
 * retrying after a lost answer) gets the first answer and writes nothing. Bad packages are refused whole.
 */
export async function receiveExchange(
  ctx: AppContext,
  peer: ExchangePeerRow,
  exchangeId: string,
  body: Buffer,
): Promise<ReceiveAnswer> {
  const db = ctx.connection.db;
  const seen = await findInboundByExchangeId(db, peer.id, exchangeId);
  if (seen) return answerOf(seen, true);
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw invalid([edxmlIssue('', { code: 'malformed_xml', detail: 'not UTF-8' })]);
  }
  const kind = edxmlKindOf(xml);
  if (kind === null) throw invalid([edxmlIssue('MessageHeader', { code: 'required' })]);
  try {
    return kind === 'package'
      ? await receivePackage(ctx, peer, exchangeId, xml)
      : await receiveStatus(ctx, peer, exchangeId, xml);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const first = await findInboundByExchangeId(db, peer.id, exchangeId);
    if (!first) throw error;
    return answerOf(first, true);
  }
}

async function receivePackage(
  ctx: AppContext,
  peer: ExchangePeerRow,
  exchangeId: string,
  xml: string,
): Promise<ReceiveAnswer> {
  const parsed = parseEdxmlPackage(xml, { maxAttachmentBytes: ctx.config.EXCHANGE_MAX_PACKAGE_MB * 1024 * 1024 });
  if (!parsed.ok) throw invalid(parsed.issues);
  const pkg = parsed.value;
  const h = pkg.header;
  if (!peer.organIds.includes(h.from.organId)) {
    throw new CongsoError('EXCHANGE_ORGAN_NOT_ALLOWED', { details: { organId: h.from.organId } });
  }
  const toIds = h.to.map((t) => t.organId);
  const local = await currentAgenciesByCode(ctx.connection.db, toIds);
  if (local.size === 0) throw new CongsoError('EXCHANGE_UNKNOWN_RECIPIENT', { details: { organIds: toIds } });
  // The same package sent again under another exchange id (the sender queued it twice): kept once.
  const same = await findPackageByDocumentId(ctx.connection.db, peer.id, 'in', h.documentId);
  if (same) return answerOf(same, true);
  const now = ctx.now();
  const messageId = randomUUID();
  const [firstCode, firstAgency] = [...local.entries()][0] as [string, { id: string; name: string }];
  const answered = await ctx.connection.db
    .transaction(async (tx): Promise<ReceiveAnswer | undefined> => {
      await insertExchangeMessage(tx, {
        id: messageId,
        direction: 'in',
        kind: 'package',
        peerId: peer.id,
        exchangeId,
        documentId: h.documentId,
        fromOrganId: h.from.organId,
        toOrganIds: toIds,
        subject: h.subject,
        statusCode: '01',
        statusAt: now,
        state: 'received',
        body: xml,
        bytes: Buffer.byteLength(xml),
        summary: summaryOf(pkg),
        createdAt: now,
      });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: null,
        action: 'exchange.package_received',
        entityType: 'exchange_message',
        entityId: messageId,
        agencyId: firstAgency.id,
        data: {
          peerId: peer.id,
          documentId: h.documentId,
          from: h.from.organId,
          to: toIds,
          attachments: pkg.attachments.length,
        },
      });
      // "01 arrived" goes back at once, in the same commit as the package.
      await queueStatusMessage(
        tx,
        ctx,
        peer,
        {
          responseFor: responseForOf(h.documentId, h.from.organId),
          from: { organId: firstCode, organName: firstAgency.name },
          statusCode: '01',
          timestamp: edxmlTimestamp(now),
        },
        now,
      );
      return undefined;
    })
    .catch(async (error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      const first = await findPackageByDocumentId(ctx.connection.db, peer.id, 'in', h.documentId);
      if (!first) throw error;
      return answerOf(first, true);
    });
  return answered ?? { messageId, kind: 'package', duplicate: false, statusCode: '01' };
}

/** What lists show of a package without parsing its text again. */
export interface PackageSummary {
  fromOrganName: string;
  typeName: string;
  notation: string;
  promulgationDate: string;
  priority: number;
}

function summaryOf(pkg: EdxmlPackage): PackageSummary {
  const h = pkg.header;
  return {
    fromOrganName: h.from.organName,
    typeName: h.documentType.typeName,
    notation: `${h.code.codeNumber}/${h.code.codeNotation}`,
    promulgationDate: h.promulgationInfo.promulgationDate,
    priority: h.otherInfo.priority,
  };
}

function responseForOf(documentId: string, organId: string) {
  const id = parseDocumentId(documentId);
  if (!id) throw new CongsoError('INVALID_STATE');
  return { organId, code: `${id.codeNumber}/${id.codeNotation}`, promulgationDate: id.promulgationDate, documentId };
}

async function receiveStatus(
  ctx: AppContext,
  peer: ExchangePeerRow,
  exchangeId: string,
  xml: string,
): Promise<ReceiveAnswer> {
  const parsed = parseEdxmlStatus(xml);
  if (!parsed.ok) throw invalid(parsed.issues);
  const status = parsed.value;
  const db = ctx.connection.db;
  const sent = await findPackageByDocumentId(db, peer.id, 'out', status.responseFor.documentId);
  if (!sent) throw new CongsoError('NOT_FOUND', { details: { documentId: status.responseFor.documentId } });
  if (!peer.organIds.includes(status.from.organId) || !sent.toOrganIds.includes(status.from.organId)) {
    throw new CongsoError('EXCHANGE_ORGAN_NOT_ALLOWED', { details: { organId: status.from.organId } });
  }
  const now = ctx.now();
  const statusAt = instantOfEdxmlTimestamp(status.timestamp);
  const messageId = randomUUID();
  await db.transaction(async (tx) => {
    await insertExchangeMessage(tx, {
      id: messageId,
      direction: 'in',
      kind: 'status',
      peerId: peer.id,
      exchangeId,
      documentId: status.responseFor.documentId,
      fromOrganId: status.from.organId,
      toOrganIds: [status.responseFor.organId],
      subject: status.description ?? null,
      statusCode: status.statusCode,
      statusAt,
      state: 'received',
      body: xml,
      bytes: Buffer.byteLength(xml),
      createdAt: now,
    });
    // Status messages may arrive out of order (each is delivered and retried on its own): the newest by the
    // receiver's timestamp is the package's status.
    if (!sent.statusAt || sent.statusAt.getTime() <= statusAt.getTime()) {
      await setMessageOutcome(tx, sent.id, { statusCode: status.statusCode, statusAt });
    }
    await recordAudit(tx, {
      occurredAt: now,
      actorId: null,
      action: 'exchange.status_received',
      entityType: 'exchange_message',
      entityId: sent.id,
      data: {
        peerId: peer.id,
        documentId: status.responseFor.documentId,
        statusCode: status.statusCode,
        from: status.from.organId,
      },
    });
  });
  return { messageId, kind: 'status', duplicate: false, statusCode: status.statusCode };
}

async function queueStatusMessage(
  tx: Executor,
  ctx: AppContext,
  peer: ExchangePeerRow,
  status: Parameters<typeof buildEdxmlStatus>[0],
  now: Date,
): Promise<string> {
  const xml = buildEdxmlStatus(status);
  const id = randomUUID();
  await insertExchangeMessage(tx, {
    id,
    direction: 'out',
    kind: 'status',
    peerId: peer.id,
    exchangeId: randomUUID(),
    documentId: status.responseFor.documentId,
    fromOrganId: status.from.organId,
    toOrganIds: [status.responseFor.organId],
    subject: status.description ?? null,
    statusCode: status.statusCode,
    statusAt: now,
    state: 'queued',
    body: xml,
    bytes: Buffer.byteLength(xml),
    createdAt: now,
  });
  await ctx.jobs.send(tx, 'exchange.deliver', { messageId: id });
  return id;
}

/**
 * Sends a status message back for a package received here (03 registered, 04 assigned, 05 processing,
 * 06 done, 02 refused, ...), inside the caller's transaction. The documents office calls it when an incoming
 * document that came by edXML changes status.
 */
export async function queueExchangeStatus(
  tx: Executor,
  ctx: AppContext,
  input: {
    messageId: string;
    statusCode: StatusCode;
    description?: string;
    staffInfo?: StaffInfo;
    /** The recipient of this installation whose status it is (default: the package's first one here). */
    organId?: string;
    actorId: string | null;
  },
): Promise<string> {
  const received = await findExchangeMessage(tx, input.messageId);
  if (received?.direction !== 'in' || received.kind !== 'package') throw new CongsoError('NOT_FOUND');
  const peer = await findExchangePeer(tx, received.peerId);
  if (!peer) throw new CongsoError('NOT_FOUND');
  const local = await currentAgenciesByCode(
    tx,
    received.toOrganIds.filter((code) => !input.organId || code === input.organId),
  );
  const first = [...local.entries()][0];
  if (!first) throw new CongsoError('INVALID_STATE');
  const now = ctx.now();
  const id = await queueStatusMessage(
    tx,
    ctx,
    peer,
    {
      responseFor: responseForOf(received.documentId, received.fromOrganId),
      from: { organId: first[0], organName: first[1].name },
      statusCode: input.statusCode,
      ...(input.description ? { description: input.description } : {}),
      timestamp: edxmlTimestamp(now),
      ...(input.staffInfo ? { staffInfo: input.staffInfo } : {}),
    },
    now,
  );
  await setMessageOutcome(tx, received.id, { statusCode: input.statusCode, statusAt: now });
  await recordAudit(tx, {
    occurredAt: now,
    actorId: input.actorId,
    action: 'exchange.status_queued',
    entityType: 'exchange_message',
    entityId: received.id,
    agencyId: first[1].id,
    data: { statusMessageId: id, statusCode: input.statusCode },
  });
  return id;
}

/**
 * Queues a package for every installation its recipients belong to, inside the caller's transaction: one
 * message (and one `exchange.deliver` job) per peer. Recipients of this installation are not sent anywhere.
 */
export async function queueEdxmlSend(
  tx: Executor,
  ctx: AppContext,
  input: { pkg: EdxmlPackage; actorId: string | null },
): Promise<{ messageIds: string[] }> {
  const xml = buildEdxmlPackage(input.pkg, { maxAttachmentBytes: ctx.config.EXCHANGE_MAX_PACKAGE_MB * 1024 * 1024 });
  const h = input.pkg.header;
  const local = await currentAgenciesByCode(
    tx,
    h.to.map((t) => t.organId),
  );
  const byPeer = new Map<string, { peer: ExchangePeerRow; organIds: string[] }>();
  for (const to of h.to) {
    if (local.has(to.organId)) continue;
    const peer = await findExchangePeerForOrgan(tx, to.organId);
    if (!peer) throw new CongsoError('EXCHANGE_NO_PEER', { details: { organId: to.organId } });
    const entry = byPeer.get(peer.id) ?? { peer, organIds: [] };
    entry.organIds.push(to.organId);
    byPeer.set(peer.id, entry);
  }
  const now = ctx.now();
  const messageIds: string[] = [];
  for (const { peer, organIds } of byPeer.values()) {
    const id = randomUUID();
    await insertExchangeMessage(tx, {
      id,
      direction: 'out',
      kind: 'package',
      peerId: peer.id,
      exchangeId: randomUUID(),
      documentId: h.documentId,
      fromOrganId: h.from.organId,
      toOrganIds: organIds,
      subject: h.subject,
      state: 'queued',
      body: xml,
      bytes: Buffer.byteLength(xml),
      summary: summaryOf(input.pkg),
      createdAt: now,
    });
    await ctx.jobs.send(tx, 'exchange.deliver', { messageId: id });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: input.actorId,
      action: 'exchange.package_queued',
      entityType: 'exchange_message',
      entityId: id,
      data: { peerId: peer.id, documentId: h.documentId, to: organIds },
    });
    messageIds.push(id);
  }
  return { messageIds };
}

/**
 * An administrator sends a failed or refused message again: back in the queue with a new `exchange.deliver`
 * job, under the same exchange id (a receiver that did keep it answers the repeat without writing twice).
 */
export async function retryExchangeMessage(
  ctx: AppContext,
  input: { messageId: string; actorId: string; ip: string | null; requestId: string },
): Promise<ExchangeMessageRow> {
  const now = ctx.now();
  return ctx.connection.db.transaction(async (tx) => {
    const before = await findExchangeMessage(tx, input.messageId);
    if (before?.direction !== 'out') throw new CongsoError('NOT_FOUND');
    const row = await requeueExchangeMessage(tx, input.messageId);
    if (!row) {
      throw new CongsoError('INVALID_STATE', {
        messages: {
          vi: 'Chỉ gửi lại được gói tin đã thất bại hoặc bị từ chối.',
          en: 'Only a failed or refused message can be sent again.',
        },
      });
    }
    await ctx.jobs.send(tx, 'exchange.deliver', { messageId: row.id });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: input.actorId,
      action: 'exchange.message_retried',
      entityType: 'exchange_message',
      entityId: row.id,
      data: { previousState: before.state, attempts: before.attempts, error: before.error },
      ip: input.ip,
      requestId: input.requestId,
    });
    return row;
  });
}

/** Refusals from the peer that a retry would not change: the message is marked refused, not retried. */
const definitive = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * One `exchange.deliver` job: signs and sends the message, checks the peer's signed answer. A network error,
 * a 5xx or an answer without a valid signature is thrown (the queue retries with backoff; the last try marks
 * the message failed); a 4xx is the peer's decision and marks it refused.
 */
export async function deliverExchangeMessage(
  ctx: AppContext,
  data: Record<string, unknown>,
  run: JobRun,
): Promise<void> {
  const db = ctx.connection.db;
  const message = await findExchangeMessage(db, String(data.messageId));
  if (message?.direction !== 'out' || message.state !== 'queued') return;
  const peer = await findExchangePeer(db, message.peerId);
  if (!peer) return;
  const key = await exchangeKeyOf(ctx.config);
  const peerKey = publicKeyFromPem(peer.publicKey);
  const url = new URL(EXCHANGE_PATH, peer.baseUrl.endsWith('/') ? peer.baseUrl : `${peer.baseUrl}/`);
  const path = EXCHANGE_PATH;
  const date = ctx.now().toISOString();
  const body = Buffer.from(message.body);
  const signature = signText(
    key.privateKey,
    requestSigningText('POST', path, date, message.exchangeId, sha256Hex(body)),
  );
  const fail = async (error: { message: string; status?: number; body?: unknown }) => {
    await setMessageOutcome(db, message.id, {
      attempts: run.attempt,
      error,
      ...(run.lastAttempt ? { state: 'failed' } : {}),
    });
    throw new Error(`exchange ${message.id}: ${error.message}`);
  };
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/xml; charset=utf-8',
        [EXCHANGE_HEADERS.keyId]: key.keyId,
        [EXCHANGE_HEADERS.date]: date,
        [EXCHANGE_HEADERS.id]: message.exchangeId,
        [EXCHANGE_HEADERS.signature]: signature,
      },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    text = await response.text();
  } catch (error) {
    return fail({ message: error instanceof Error ? error.message : String(error) });
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text.slice(0, 500);
  }
  if (definitive(response.status)) {
    await setMessageOutcome(db, message.id, {
      state: 'refused',
      attempts: run.attempt,
      error: { message: `refused: ${response.status}`, status: response.status, body: parsed },
    });
    return;
  }
  if (!response.ok) return fail({ message: `status ${response.status}`, status: response.status, body: parsed });
  const answerDate = response.headers.get(EXCHANGE_HEADERS.date) ?? '';
  const signed =
    peerKey !== null &&
    response.headers.get(EXCHANGE_HEADERS.keyId) === peer.keyId &&
    verifyText(
      peerKey,
      responseSigningText(response.status, answerDate, message.exchangeId, sha256Hex(text)),
      response.headers.get(EXCHANGE_HEADERS.signature) ?? '',
    );
  if (!signed) return fail({ message: 'the answer is not signed by the peer', status: response.status });
  await setMessageOutcome(db, message.id, {
    state: 'delivered',
    attempts: run.attempt,
    deliveredAt: ctx.now(),
    error: null,
  });
}
