/**
 * A receipt's PDF: rendered from the receipt row and signed with the collecting agency's seal (signPdf as
 * 'agency') on first request, then kept in the file storage (the same bytes every time after).
 */
import { type Actor, CongsoError } from '@congso/core';
import {
  getAgencyById,
  getDossierFee,
  getDossierRow,
  getPayment,
  getReceipt,
  type ReceiptRow,
  setReceiptFile,
} from '@congso/db';
import { formAgency } from '../dossiers/forms/issuer';
import { lookupUrl } from '../dossiers/forms/qr';
import { loadDossierFor } from '../dossiers/read-access';
import type { AppContext } from '../platform/context';
import { signPdf } from '../signing/signing-service';
import { collectionAccountOf } from './payments.service';
import { type FeeReceiptView, receiptNumberText, renderFeeReceipt } from './receipt-pdf';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The view model of a receipt (everything printed on it). */
export async function receiptView(ctx: AppContext, receipt: ReceiptRow): Promise<FeeReceiptView> {
  const db = ctx.connection.db;
  const [payment, agency, header] = await Promise.all([
    getPayment(db, receipt.paymentId),
    getAgencyById(db, receipt.agencyId),
    formAgency(db, receipt.agencyId),
  ]);
  if (!payment || !agency) throw new CongsoError('NOT_FOUND');
  const fee = await getDossierFee(db, payment.dossierFeeId);
  const dossier = await getDossierRow(db, { id: receipt.dossierId });
  if (!fee || !dossier) throw new CongsoError('NOT_FOUND');
  const account = payment.provider === 'counter' ? null : collectionAccountOf(ctx, fee);
  return {
    agency: {
      name: header.name,
      ...(header.parentName ? { parentName: header.parentName } : {}),
      code: agency.code,
      place: header.place,
    },
    symbol: receipt.symbol,
    number: receipt.number,
    issuedAt: receipt.issuedAt,
    payer: receipt.payer as FeeReceiptView['payer'],
    dossierCode: dossier.code,
    procedureName: dossier.procedureName,
    lines: receipt.lines as FeeReceiptView['lines'],
    total: receipt.total,
    method: receipt.method,
    reference: payment.providerTransactionId
      ? `${payment.reference} / ${payment.providerTransactionId}`
      : payment.reference,
    account: account ? { name: account.accountName, number: account.accountNumber, bank: account.bankName } : null,
    lookupUrl: lookupUrl(ctx.config.PUBLIC_BASE_URL, dossier.code),
  };
}

/** The receipt's signed PDF for whoever reads its dossier; rendered and signed once. */
export async function receiptPdf(ctx: AppContext, actor: Actor, receiptId: string) {
  const db = ctx.connection.db;
  const receipt = await getReceipt(db, receiptId);
  if (!receipt) throw new CongsoError('NOT_FOUND');
  await loadDossierFor(ctx, actor, { id: receipt.dossierId });
  const filename = `bien-lai-${receipt.symbol.replace(/[^0-9A-Za-z]/g, '')}-${receiptNumberText(receipt.number)}.pdf`;
  if (receipt.fileKey) return { pdf: await readAll(await ctx.storage.read(receipt.fileKey)), filename };
  const { pdf, sealRect } = await renderFeeReceipt(await receiptView(ctx, receipt));
  const signed = await signPdf(ctx, {
    pdf,
    as: 'agency',
    agencyId: receipt.agencyId,
    reason: `Biên lai thu phí, lệ phí ${receipt.symbol} số ${receiptNumberText(receipt.number)}`,
    appearance: { page: -1, rect: sealRect },
  });
  const key = await ctx.storage.put(signed);
  await setReceiptFile(db, receipt.id, key);
  return { pdf: signed, filename };
}
