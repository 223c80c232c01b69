/**
 * The payment providers behind one interface: what a payer is given for a pending payment (an address to go to,
 * or a QR code for a bank app) and, where the provider can be asked, its view of a payment for the
 * reconciliation. Two providers: the national payment platform (a transaction, a redirect, a signed callback,
 * a query) and VietQR (an EMVCo merchant-presented QR naming the amount, the account and the payment's
 * reference; a bank transfer has no callback and nothing to ask: the money is to be matched by the reference on
 * the collecting account's statement, which is not built yet). A new provider is one more implementation in
 * `paymentProviders`.
 */
import { vietQrPayload } from '@congso/core';
import type { PaymentRow } from '@congso/db';
import { qrModules } from '../dossiers/forms/qr';
import type { AppContext } from '../platform/context';
import {
  createPlatformTransaction,
  type PlatformSettings,
  type PlatformStatus,
  queryPlatformTransaction,
} from './national-platform';

export type OnlineProvider = 'national_platform' | 'vietqr';
export const onlineProviders = ['national_platform', 'vietqr'] as const satisfies readonly OnlineProvider[];

/** The account a fee is paid into (the schedule's named treasury account or the province's collection account). */
export interface CollectionAccount {
  bankBin: string;
  accountNumber: string;
  accountName: string;
  bankName: string | null;
}

/** What the payer is given to pay a pending payment. */
export interface PaymentInstructions {
  /** Where to send the payer (the provider's own page), or null. */
  redirectUrl: string | null;
  /** A QR code for a bank app, with the account it pays into, or null. */
  qr: ({ payload: string; svg: string } & CollectionAccount) | null;
  /** The provider's transaction, once it has made one. */
  transactionId: string | null;
}

/** The provider's view of a payment, as the reconciliation reads it. */
export interface ProviderPaymentView {
  status: PlatformStatus;
  amount: number;
  paidAt: Date | null;
}

export interface PaymentRequest {
  payment: PaymentRow;
  dossierId: string;
  dossierCode: string;
  account: CollectionAccount;
  now: Date;
}

export interface PaymentProvider {
  readonly id: OnlineProvider;
  /** How the money moves (the payment row's method). */
  readonly method: 'online' | 'transfer';
  /** Whether this installation is set up to take payments through it. */
  readonly configured: boolean;
  /** What the payer is given for a pending payment (called again for a payment already started). */
  instruct(request: PaymentRequest): Promise<PaymentInstructions>;
  /** The provider's view of a payment (null: this provider cannot be asked). */
  query(payment: PaymentRow, now: Date): Promise<ProviderPaymentView | null>;
}

export function platformSettings(ctx: AppContext): PlatformSettings | null {
  const c = ctx.config;
  return c.PAYMENT_PLATFORM_URL
    ? { baseUrl: c.PAYMENT_PLATFORM_URL, merchant: c.PAYMENT_PLATFORM_MERCHANT, secret: c.PAYMENT_PLATFORM_SECRET }
    : null;
}

const parsedInstant = (text: string | null): Date | null =>
  text && Number.isFinite(Date.parse(text)) ? new Date(text) : null;

/** The national payment platform: a transaction to redirect the payer to, a signed callback, a query. */
export function nationalPlatformProvider(ctx: AppContext): PaymentProvider {
  const settings = platformSettings(ctx);
  return {
    id: 'national_platform',
    method: 'online',
    configured: settings !== null,
    async instruct({ payment, dossierId, dossierCode, now }) {
      if (!settings) throw new Error('the national payment platform is not configured');
      const created = await createPlatformTransaction(
        settings,
        {
          reference: payment.reference,
          amount: payment.amount,
          description: `Phi, le phi ho so ${dossierCode}`,
          // The citizen's dossier page, which reads the platform's `thanh-toan` result and waits for the callback.
          returnUrl: `${ctx.config.PUBLIC_BASE_URL}/ho-so-cua-toi/${dossierId}`,
          callbackUrl: `${ctx.config.PUBLIC_BASE_URL}/api/v1/payments/callback`,
        },
        now,
      );
      return { redirectUrl: created.paymentUrl, qr: null, transactionId: created.transactionId };
    },
    async query(payment, now) {
      if (!settings) return null;
      const t = await queryPlatformTransaction(settings, payment.reference, now);
      return { status: t.status, amount: t.amount, paidAt: parsedInstant(t.paidAt) };
    },
  };
}

/** VietQR: the bank app reads the amount, the account and the reference from the QR; nothing to ask afterwards. */
export function vietQrProvider(): PaymentProvider {
  return {
    id: 'vietqr',
    method: 'transfer',
    configured: true,
    async instruct({ payment, account }) {
      const payload = vietQrPayload({
        bankBin: account.bankBin,
        accountNumber: account.accountNumber,
        amount: payment.amount,
        purpose: payment.reference,
      });
      return { redirectUrl: null, qr: { payload, svg: qrSvg(payload), ...account }, transactionId: null };
    },
    async query() {
      return null;
    },
  };
}

/** The installation's providers by id. */
export function paymentProviders(ctx: AppContext): Record<OnlineProvider, PaymentProvider> {
  return { national_platform: nationalPlatformProvider(ctx), vietqr: vietQrProvider() };
}

/** A QR code as a small SVG (one path, 4-module quiet zone), for the portal to show a VietQR payload. */
export function qrSvg(text: string): string {
  const { size, dark } = qrModules(text);
  const q = 4;
  let d = '';
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) if (dark(r, c)) d += `M${c + q} ${r + q}h1v1h-1z`;
  }
  const n = size + 2 * q;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
