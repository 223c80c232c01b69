/**
 * Biểu II.06a/VPCP/KSTT (Thông tư 01/2020/TT-VPCP, Phụ lục II; REFERENCES.md section 3): the results of handling
 * administrative procedures of a unit in a period, in numbers of dossiers, from the same counters as the
 * service-quality index. Columns:
 *   (1) TT · (2) Lĩnh vực, công việc giải quyết theo cấp · Số hồ sơ nhận giải quyết: (3) Tổng số, trong kỳ
 *   (4) Trực tuyến, (5) Trực tiếp, dịch vụ bưu chính, (6) Từ kỳ trước chuyển sang · Số lượng hồ sơ đã giải
 *   quyết: (7) Tổng số, (8) Trước hạn, (9) Đúng hạn, (10) Quá hạn · Số lượng hồ sơ đang giải quyết:
 *   (11) Tổng số, (12) Trong hạn, (13) Quá hạn.
 * (3) = (4) + (5) + (6) = (7) + (11) when every dossier received is either ended or in progress at the end.
 */
import type { IocCounts } from '../ioc/measures';

export interface Ii06aFigures {
  received: number; // (3)
  receivedOnline: number; // (4)
  receivedOffline: number; // (5)
  carriedOver: number; // (6)
  finished: number; // (7)
  finishedEarly: number; // (8)
  finishedOnTime: number; // (9)
  finishedLate: number; // (10)
  open: number; // (11)
  openWithin: number; // (12)
  openLate: number; // (13)
}

export interface Ii06aRow extends Ii06aFigures {
  /** (1) */
  order: string;
  /** (2) */
  label: string;
}

export const ii06aColumns = [
  { no: 1, heading: 'TT' },
  { no: 2, heading: 'Lĩnh vực, công việc giải quyết theo cấp' },
  { no: 3, group: 'Số hồ sơ nhận giải quyết', heading: 'Tổng số' },
  { no: 4, group: 'Số hồ sơ nhận giải quyết', sub: 'Trong kỳ', heading: 'Trực tuyến' },
  { no: 5, group: 'Số hồ sơ nhận giải quyết', sub: 'Trong kỳ', heading: 'Trực tiếp, dịch vụ bưu chính' },
  { no: 6, group: 'Số hồ sơ nhận giải quyết', heading: 'Từ kỳ trước chuyển sang' },
  { no: 7, group: 'Số lượng hồ sơ đã giải quyết', heading: 'Tổng số' },
  { no: 8, group: 'Số lượng hồ sơ đã giải quyết', heading: 'Trước hạn' },
  { no: 9, group: 'Số lượng hồ sơ đã giải quyết', heading: 'Đúng hạn' },
  { no: 10, group: 'Số lượng hồ sơ đã giải quyết', heading: 'Quá hạn' },
  { no: 11, group: 'Số lượng hồ sơ đang giải quyết', heading: 'Tổng số' },
  { no: 12, group: 'Số lượng hồ sơ đang giải quyết', heading: 'Trong hạn' },
  { no: 13, group: 'Số lượng hồ sơ đang giải quyết', heading: 'Quá hạn' },
] as const;

/**
 * The figures of a period from the counters of its calendar months (`months`, in order) and the month before
 * (`before`): flows summed over the months, in progress taken at the last month's end, carried over = in
 * progress at the end of the month before. Dossiers whose processing ended without a result in time
 * (stopped, withdrawn) are counted where the index counts them (its `finished_*`).
 */
export function ii06aFigures(months: readonly IocCounts[], before: IocCounts | null): Ii06aFigures {
  const sum = (k: keyof IocCounts) => months.reduce((a, c) => a + c[k], 0);
  const last = months[months.length - 1];
  const receivedOnline = sum('received_online');
  const receivedOffline = sum('received_offline');
  const carriedOver = before?.open_end ?? 0;
  const open = last?.open_end ?? 0;
  const openLate = last?.open_end_late ?? 0;
  return {
    received: receivedOnline + receivedOffline + carriedOver,
    receivedOnline,
    receivedOffline,
    carriedOver,
    finished: sum('finished'),
    finishedEarly: sum('finished_early'),
    finishedOnTime: sum('finished_on_time'),
    finishedLate: sum('finished_late'),
    open,
    openWithin: open - openLate,
    openLate,
  };
}

export function addIi06a(a: Ii06aFigures, b: Ii06aFigures): Ii06aFigures {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof Ii06aFigures)[]) out[k] += b[k];
  return out;
}

/** A row's figures in column order (3)…(13). */
export const ii06aCells = (f: Ii06aFigures): number[] => [
  f.received,
  f.receivedOnline,
  f.receivedOffline,
  f.carriedOver,
  f.finished,
  f.finishedEarly,
  f.finishedOnTime,
  f.finishedLate,
  f.open,
  f.openWithin,
  f.openLate,
];
