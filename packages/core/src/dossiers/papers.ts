/**
 * Which papers (the one-stop forms of Thông tư 01/2018) a dossier has, decided once from its action log: the
 * server refuses a paper the dossier does not have yet (409), the web app lists those it has.
 */
import type { LocalizedText } from '../shared/errors';
import type { DossierAction } from './actions';

/** The forms rendered per dossier, by path: /api/v1/dossiers/:id/<paper>.pdf (form 07 is per agency). */
export const dossierPapers = [
  'receipt',
  'supplement-request',
  'refusal',
  'apology',
  'stop-notice',
  'control-slip',
] as const;
export type DossierPaper = (typeof dossierPapers)[number];

/** The actions that make each paper: the latest of them is the one it prints. */
export const paperActions = {
  receipt: ['receive'],
  'supplement-request': ['request_supplement'],
  refusal: ['refuse_receipt', 'refuse'],
  apology: ['apologize'],
  'stop-notice': ['stop', 'withdraw'],
  'control-slip': ['receive'],
} as const satisfies Record<DossierPaper, readonly DossierAction[]>;

/** Why a paper is not there yet (the server's 409 message). */
export const paperMissing = {
  receipt: { vi: 'Hồ sơ chưa được tiếp nhận.', en: 'The dossier has not been received yet.' },
  'supplement-request': {
    vi: 'Hồ sơ chưa có yêu cầu bổ sung.',
    en: 'No supplement has been requested for this dossier.',
  },
  refusal: { vi: 'Hồ sơ không bị từ chối.', en: 'The dossier has not been refused.' },
  apology: { vi: 'Hồ sơ chưa có phiếu xin lỗi.', en: 'No apology has been made for this dossier.' },
  'stop-notice': {
    vi: 'Hồ sơ không bị dừng giải quyết.',
    en: 'The dossier has not been stopped or withdrawn.',
  },
  'control-slip': { vi: 'Hồ sơ chưa được tiếp nhận.', en: 'The dossier has not been received yet.' },
} as const satisfies Record<DossierPaper, LocalizedText>;

/** The event a paper prints: the latest of its actions in the log (oldest first), or undefined. */
export function paperEvent<E extends { action: DossierAction }, P extends DossierPaper>(
  log: readonly E[],
  paper: P,
): Extract<E, { action: (typeof paperActions)[P][number] }> | undefined {
  const actions: readonly DossierAction[] = paperActions[paper];
  for (let i = log.length - 1; i >= 0; i--) {
    const event = log[i] as E;
    if (actions.includes(event.action)) return event as Extract<E, { action: (typeof paperActions)[P][number] }>;
  }
  return undefined;
}

/** The papers a dossier has, in the forms' order, from its action log. */
export function papersOf(log: readonly { action: DossierAction }[]): DossierPaper[] {
  return dossierPapers.filter((paper) => paperEvent(log, paper) !== undefined);
}
