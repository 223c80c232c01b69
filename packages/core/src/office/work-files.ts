/**
 * Work files (hồ sơ công việc): the folder of the documents about one matter, opened and closed, kept for a
 * retention period. The share of work files handled entirely online — closed files whose every document is
 * electronic (received electronically, or issued with a digital signature) — is computed per agency and
 * compared with the target of its level (data, a province can change it).
 */

import { z } from 'zod';
import { vnDateKey } from '../calendar/vn-time';
import type { AgencyKind } from '../identity/roles';
import { CongsoError, type LocalizedText } from '../shared/errors';
import type { DocumentMedium } from './action-inputs';
import { optionalText, requiredText } from './metadata';

/** Retention (thời hạn bảo quản): a number of years, or permanent. */
export const retentionSchema = z.union([
  z.literal('permanent'),
  z.number({ error: 'count' }).int({ error: 'count' }).min(1, { error: 'count' }).max(100, { error: 'count' }),
]);
export type Retention = z.output<typeof retentionSchema>;

/** The body of `POST /api/v1/office/work-files`. */
export const openWorkFileBodySchema = z.strictObject({
  /** Ký hiệu hồ sơ as in the agency's file list (danh mục hồ sơ), e.g. `01.VP`. */
  code: requiredText(30),
  title: requiredText(500),
  retention: retentionSchema,
  note: optionalText(1000),
});
export type OpenWorkFileBody = z.input<typeof openWorkFileBodySchema>;

export interface WorkFileState {
  id: string;
  agencyId: string;
  code: string;
  title: string;
  year: number;
  retention: Retention;
  openedAt: Date;
  openedById: string;
  closedAt: Date | null;
  version: number;
}

export function closeWorkFileCheck(file: Pick<WorkFileState, 'closedAt'>, documentCount: number): void {
  if (file.closedAt) {
    throw new CongsoError('INVALID_STATE', {
      messages: { vi: 'Hồ sơ công việc đã đóng.', en: 'The work file is already closed.' },
    });
  }
  if (documentCount === 0) {
    throw new CongsoError('INVALID_STATE', {
      messages: { vi: 'Hồ sơ công việc chưa có văn bản nào.', en: 'The work file has no document yet.' },
    });
  }
}

/** The last day the file must be kept (31/12 of the closing year + retention years), or null when permanent. */
export function retentionEnd(file: Pick<WorkFileState, 'closedAt' | 'retention'>): string | null {
  if (!file.closedAt || file.retention === 'permanent') return null;
  const year = Number(vnDateKey(file.closedAt).slice(0, 4));
  return `${year + file.retention}-12-31`;
}

/** Whether a closed work file was handled entirely online: at least one document, all electronic. */
export function workFileHandledOnline(
  file: Pick<WorkFileState, 'closedAt'>,
  documents: readonly { medium: DocumentMedium }[],
): boolean {
  return file.closedAt !== null && documents.length > 0 && documents.every((d) => d.medium === 'electronic');
}

export const agencyLevels = ['province', 'district', 'commune'] as const;
export type AgencyLevel = (typeof agencyLevels)[number];

export const agencyLevelLabels = {
  province: { vi: 'Cấp tỉnh', en: 'Province level' },
  district: { vi: 'Cấp huyện (trước 1/7/2025)', en: 'District level (before 1 July 2025)' },
  commune: { vi: 'Cấp xã', en: 'Commune level' },
} as const satisfies Record<AgencyLevel, LocalizedText>;

/** The level an agency reports at. */
export function agencyLevelOf(kind: AgencyKind): AgencyLevel {
  if (kind === 'commune') return 'commune';
  if (kind === 'district') return 'district';
  return 'province';
}

/**
 * Targets of the share of work files handled online (Chính phủ's digital-government targets, as the
 * provinces report them: 90 % province, 80 % district, 60 % commune). Data: a province can set its own.
 */
export const onlineShareTargets: Readonly<Record<AgencyLevel, number>> = {
  province: 0.9,
  district: 0.8,
  commune: 0.6,
};

export interface WorkFileTally {
  agencyId: string;
  level: AgencyLevel;
  /** Closed work files in the period. */
  closed: number;
  /** Of them, handled entirely online. */
  online: number;
}

export interface OnlineShare extends WorkFileTally {
  /** online / closed, rounded to 4 decimals; null when no file was closed. */
  share: number | null;
  target: number;
  meetsTarget: boolean | null;
}

/** Per agency and per level (the level's row sums its agencies). */
export function onlineShare(
  tallies: readonly WorkFileTally[],
  targets: Readonly<Record<AgencyLevel, number>> = onlineShareTargets,
): { agencies: OnlineShare[]; levels: (Omit<OnlineShare, 'agencyId'> & { agencies: number })[] } {
  const rate = (online: number, closed: number) =>
    closed === 0 ? null : Math.round((online / closed) * 10_000) / 10_000;
  const share = (t: Omit<WorkFileTally, 'agencyId'>) => {
    const s = rate(t.online, t.closed);
    return { share: s, target: targets[t.level], meetsTarget: s === null ? null : s >= targets[t.level] };
  };
  const agencies = tallies.map((t) => ({ ...t, ...share(t) }));
  const levels = agencyLevels.flatMap((level) => {
    const of = tallies.filter((t) => t.level === level);
    if (of.length === 0) return [];
    const closed = of.reduce((n, t) => n + t.closed, 0);
    const online = of.reduce((n, t) => n + t.online, 0);
    return [{ level, closed, online, agencies: of.length, ...share({ level, closed, online }) }];
  });
  return { agencies, levels };
}
