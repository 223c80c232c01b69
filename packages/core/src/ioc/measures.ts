import type { LocalizedText } from '../shared/errors';

/**
 * The counters the index is computed from, kept per scope and period. Each is counted in the period of its
 * own instant: `received*`, `full_online*`, `fee_due`, `paid_online` and `reused` by the receipt (QĐ 766: the
 * processing's start), `finished*`, `stopped`, `withdrawn` and
 * `rated*` by the end of processing, `results*` and `digitised` by the result's issue, `open_end*` at the
 * period's end (dossiers received and not yet ended then).
 */
export const iocMeasures = [
  'received',
  'received_online',
  'received_offline',
  'portal_synced',
  'full_online_eligible',
  'full_online',
  'fee_due',
  'paid_online',
  'finished',
  'finished_early',
  'finished_on_time',
  'finished_late',
  'late_supplements',
  'stopped',
  'withdrawn',
  'rated',
  'rated_not_satisfied',
  'results',
  'results_electronic',
  'digitised',
  'reused',
  'open_end',
  'open_end_late',
] as const;
export type IocMeasure = (typeof iocMeasures)[number];

export type IocCounts = Record<IocMeasure, number>;

export function emptyCounts(): IocCounts {
  return Object.fromEntries(iocMeasures.map((m) => [m, 0])) as IocCounts;
}

export const iocMeasureLabels = {
  received: { vi: 'Hồ sơ tiếp nhận', en: 'Dossiers received' },
  received_online: { vi: 'Tiếp nhận trực tuyến', en: 'Received online' },
  portal_synced: { vi: 'Đã đồng bộ lên Cổng DVCQG', en: 'Synchronised to the national portal' },
  received_offline: { vi: 'Tiếp nhận trực tiếp, bưu chính', en: 'Received at the counter or by post' },
  full_online_eligible: {
    vi: 'Hồ sơ của TTHC đủ điều kiện toàn trình',
    en: 'Dossiers of procedures eligible for full online service',
  },
  full_online: { vi: 'Hồ sơ DVCTT toàn trình', en: 'Dossiers filed as a full online service' },
  fee_due: { vi: 'Hồ sơ có nghĩa vụ tài chính', en: 'Dossiers with a fee to pay' },
  paid_online: { vi: 'Hồ sơ thanh toán trực tuyến', en: 'Dossiers paid online' },
  finished: { vi: 'Đã kết thúc xử lý', en: 'Processing ended' },
  finished_early: { vi: 'Trước hạn', en: 'Early' },
  finished_on_time: { vi: 'Đúng hạn', en: 'On time' },
  finished_late: { vi: 'Quá hạn', en: 'Late' },
  late_supplements: {
    vi: 'Quá hạn do bổ sung nhiều lần',
    en: 'Late because of several supplement requests',
  },
  stopped: { vi: 'Dừng xử lý, từ chối', en: 'Stopped or refused' },
  withdrawn: { vi: 'Công dân rút hồ sơ', en: 'Withdrawn by the applicant' },
  rated: { vi: 'Được đánh giá', en: 'Rated' },
  rated_not_satisfied: { vi: 'Không hài lòng', en: 'Not satisfied' },
  results: { vi: 'Có kết quả giải quyết', en: 'With a result issued' },
  results_electronic: { vi: 'Có kết quả điện tử', en: 'With an electronic result' },
  digitised: { vi: 'Được số hóa', en: 'Digitised' },
  reused: { vi: 'Có thành phần tái sử dụng', en: 'With a reused document' },
  open_end: { vi: 'Đang giải quyết cuối kỳ', en: 'In progress at the end of the period' },
  open_end_late: { vi: 'Đang giải quyết, quá hạn', en: 'In progress, late' },
} as const satisfies Record<IocMeasure, LocalizedText>;
