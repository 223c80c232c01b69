import type { FeeAssessment, FeeCollector, FeeDueMoment, FeeSchedule } from '@congso/core';
import { ApiError, api, apiBase, apiErrorOf, networkErrorCode } from '../app/api';

/**
 * A dossier's fees and payments as the portal and the desk read them (GET /dossiers/:id/fees and
 * /payments), and the applicant's start of an online payment (POST /dossiers/:id/payments).
 */
export interface DossierFee {
  id: string;
  status: 'requested' | 'paid' | 'waived' | 'cancelled' | 'exempt';
  due: FeeDueMoment;
  channel: string;
  lines: FeeAssessment['lines'];
  total: number;
  collector: FeeCollector;
  requestVersion: number | null;
  requestedAt: string;
  settledAt: string | null;
}

export interface DossierFees {
  items: DossierFee[];
  schedule: { source: 'province' | 'catalog'; schedule: FeeSchedule };
}

export interface Payment {
  id: string;
  provider: 'national_platform' | 'vietqr' | 'counter';
  method: 'online' | 'transfer' | 'cash' | 'card';
  reference: string;
  amount: number;
  status: 'pending' | 'paid' | 'failed' | 'cancelled';
  createdAt: string;
  paidAt: string | null;
  confirmedVia: 'callback' | 'reconciliation' | 'statement' | 'accountant' | 'clerk' | null;
  transactionId: string | null;
  settledDossier: boolean;
}

export interface Receipt {
  id: string;
  paymentId: string;
  symbol: string;
  number: number;
  year: number;
  issuedAt: string;
  total: number;
  method: string;
}

export interface StartedPayment {
  payment: Payment;
  redirectUrl: string | null;
  qr: {
    payload: string;
    svg: string;
    bankBin: string;
    accountNumber: string;
    accountName: string;
    bankName: string | null;
  } | null;
}

const path = (id: string) => `/dossiers/${encodeURIComponent(id)}`;

export const paymentsApi = {
  fees: (id: string) => api.get<DossierFees>(`${path(id)}/fees`),
  payments: (id: string) => api.get<{ items: Payment[]; receipts: Receipt[] }>(`${path(id)}/payments`),
  /**
   * Sent again on a network error, 502 or 503: the server gives the pending payment of the same provider
   * again (same reference, same platform transaction), so a retry never opens a second charge.
   */
  start: (id: string, provider: 'national_platform' | 'vietqr') =>
    api.post<StartedPayment>(`${path(id)}/payments`, { provider }, { retry: true }),
  requestFee,
};

/** The desk asks the fee from the schedule with the exemptions proved (sent again safely: version-checked). */
function requestFee(id: string, body: { version: number; exemptionIds: string[] }) {
  return api.post<{ dossierId: string; version: number; status: string }>(`${path(id)}/fees`, body, { retry: true });
}

export const receiptPdfUrl = (receiptId: string) => `/api/v1/receipts/${encodeURIComponent(receiptId)}/pdf`;

export const paymentsKeys = {
  fees: (id: string) => ['dossiers', 'detail', id, 'fees'] as const,
  payments: (id: string) => ['dossiers', 'detail', id, 'payments'] as const,
};

/** The receipt's number as printed: 7 digits. */
export const receiptNumber = (r: Pick<Receipt, 'symbol' | 'number'>) =>
  `${r.symbol} · ${String(r.number).padStart(7, '0')}`;

/** A VietQR transfer still waiting for the money to show on the account (the accountants' list). */
export interface PendingTransfer {
  id: string;
  reference: string;
  amount: number;
  createdAt: string;
  dossierId: string;
  dossierCode: string;
  applicantName: string;
  agencyName: string;
}

export type StatementResult =
  | 'confirmed'
  | 'refund'
  | 'already'
  | 'no_reference'
  | 'amount_mismatch'
  | 'not_transfer'
  | 'duplicate'
  | 'unreadable'
  | 'error';

export interface StatementReport {
  fileName: string;
  headerRow: number;
  lines: {
    row: number;
    bookedAt: string | null;
    credit: number | null;
    description: string;
    bankReference: string | null;
    result: StatementResult;
    paymentReference: string | null;
    expectedAmount: number | null;
  }[];
  counts: Record<StatementResult, number>;
}

/** The statement's media type as the server reads it: a workbook by its extension, else CSV text. */
const statementType = (file: File) =>
  /\.xlsx$/i.test(file.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';

export const transfersApi = {
  pending: () => api.get<{ items: PendingTransfer[] }>('/payments/pending-transfers'),
  /** Sent again safely: a payment leaves `pending` once, a repeat answers `already`. */
  received: (id: string, body: { bankReference: string; receivedAt: string }) =>
    api.post<{ result: 'confirmed' | 'refund' | 'already' }>(
      `/payments/${encodeURIComponent(id)}/transfer-received`,
      body,
      { retry: true },
    ),
  /** The statement's bytes as the body (importing it again confirms nothing twice). */
  async importStatement(file: File): Promise<StatementReport> {
    let response: Response;
    try {
      response = await fetch(`${apiBase}/payment-statements?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-Congso-Request': '1', 'Content-Type': statementType(file) },
        body: file,
      });
    } catch {
      throw new ApiError(0, networkErrorCode, null, null);
    }
    const data: unknown = await response.json().catch(() => null);
    if (!response.ok) throw apiErrorOf(response.status, data);
    if (data === null) throw new ApiError(0, networkErrorCode, null, null);
    return data as StatementReport;
  },
};
