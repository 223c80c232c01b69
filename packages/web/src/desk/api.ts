import type { DossierStatus, receivedDocumentSchema } from '@congso/core';
import type { z } from 'zod';
import { api, apiBase } from '../app/api';
import { type Applicant, type DossierDetail, type DossierSummary, dossiersKeys } from '../dossiers/api';
import type { ProcedurePage } from '../portal/api';

/**
 * The desk's own calls of the one-stop API (base /api/v1; the OpenAPI document is at /docs): the queue and
 * its counts, the dossier book, intake at the counter. A dossier's shapes, reading it, acting on it and
 * files are shared with the portal: ../dossiers/api.
 */

/** A document received at the counter (core's receivedDocumentSchema): in which form, how many, its scans. */
export type IntakeDocument = z.input<typeof receivedDocumentSchema>;

export interface IntakeInput {
  procedureCode: string;
  channel: 'counter' | 'postal';
  applicant: Applicant;
  documents?: IntakeDocument[];
}

export const queuePageSize = 25;

export const dossierBookUrl = (format: 'pdf' | 'xlsx') => `${apiBase}/desk/dossier-book.${format}`;

export const deskApi = {
  queue: (query: {
    status?: DossierStatus;
    open?: boolean;
    mine?: boolean;
    q?: string;
    limit: number;
    offset: number;
  }) => api.get<{ items: DossierSummary[]; total: number }>('/dossiers', query),
  counts: () => api.get<{ byStatus: Record<DossierStatus, number>; open: number; total: number }>('/dossiers/counts'),
  mineCount: () => api.get<{ total: number; open: number }>('/dossiers/counts', { mine: true }),
  /** With the intake form's Idempotency-Key, sent again on a network error, 502 or 503: one dossier. */
  intake: (input: IntakeInput, idempotencyKey: string) =>
    api.post<DossierDetail>('/desk/dossiers', input, { idempotencyKey, retry: true }),
  searchProcedures: (q: string) => api.get<ProcedurePage>('/procedures', { q, limit: 15, offset: 0 }),
};

export const deskKeys = {
  queue: (status: string, page: number, q: string) => [...dossiersKeys.all, 'queue', status, page, q] as const,
  counts: [...dossiersKeys.all, 'counts'] as const,
  mineCount: [...dossiersKeys.all, 'counts', 'mine'] as const,
};
