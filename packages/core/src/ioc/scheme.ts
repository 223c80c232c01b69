/**
 * The service-quality index (Quyết định 766/QĐ-TTg, 2022) as the national portal scores it: six groups, each
 * indicator with its formula, points and scoring. Versioned data with effective dates: the scheme in force at
 * a period's start scores that period. Sources: ../shared/REFERENCES.md section 1 (the VPCP formula
 * description (A), the portal's maxScore values (B), scoring observed on the portal's data (C)).
 *
 * An indicator whose `measure` is null is one the platform cannot measure yet: it shows as "no data", never
 * as a made-up score, and its points are left out of the measured total.
 */

import type { LocalizedText } from '../shared/errors';
import type { IocMeasure } from './measures';

export type IocScoring =
  /** score = R × points. */
  | { kind: 'linear' }
  /** points when R ≥ threshold, otherwise R / threshold × points. */
  | { kind: 'threshold'; threshold: number };

/** A ratio of counters; `numerator` terms are added, `minus` terms subtracted. */
export interface IocRatio {
  kind: 'ratio';
  numerator: readonly IocMeasure[];
  minus?: readonly IocMeasure[];
  denominator: readonly IocMeasure[];
}

/** 1 − Σ (term / denominator): QĐ 766 5.4, 100% − (late share + share with a complaint or dislike). */
export interface IocComplement {
  kind: 'complement';
  terms: readonly IocMeasure[];
  denominator: readonly IocMeasure[];
}

export type IocFormula = IocRatio | IocComplement;

export interface IocIndicator {
  code: string;
  name: LocalizedText;
  /** The formula in words, as the sources give it. */
  formula: LocalizedText;
  /** 0: followed, not scored. */
  points: number;
  scoring: IocScoring;
  /** How the platform computes it; null: it cannot yet (no data). */
  measure: IocFormula | null;
  /** Why there is no data, or what is not confirmed. */
  note?: LocalizedText;
}

export interface IocGroup {
  code: 'CKMB' | 'TDGQ' | 'CLGQ' | 'TTTT' | 'MDSH' | 'MDHL';
  name: LocalizedText;
  points: number;
  indicators: readonly IocIndicator[];
}

export interface IocScheme {
  id: string;
  name: LocalizedText;
  /** Vietnam dates, inclusive; `validTo` null: still in force. */
  validFrom: string;
  validTo: string | null;
  groups: readonly IocGroup[];
}

const linear: IocScoring = { kind: 'linear' };
const threshold = (t: number): IocScoring => ({ kind: 'threshold', threshold: t });

const noSource = (vi: string, en: string): LocalizedText => ({ vi, en });
const CATALOGUE_PUBLICATION = noSource(
  'Chưa có dữ liệu: Congso chưa lưu quyết định công bố TTHC và ngày công khai trên CSDL quốc gia.',
  'No data: Congso does not yet keep the decisions publishing procedures and their publication dates.',
);
const NO_PROCEDURE_COUNT = noSource(
  'Chưa có dữ liệu: chỉ tiêu đếm số TTHC (không phải số hồ sơ); bộ đếm của Congso cộng theo hồ sơ nên chưa đếm được TTHC phân biệt theo kỳ.',
  'No data: the indicator counts procedures, not dossiers; Congso’s counters add up dossiers and cannot yet count distinct procedures per period.',
);
const NO_FEEDBACK = noSource(
  'Chưa có dữ liệu: Congso chưa có hệ thống phản ánh, kiến nghị.',
  'No data: Congso has no feedback (PAKN) system yet.',
);
const NO_REUSE = noSource(
  'Chưa có dữ liệu: Congso chưa kết nối kho dữ liệu của Cổng DVCQG hay CSDL quốc gia về dân cư.',
  'No data: Congso is not yet connected to the national portal’s data store or the population database.',
);

/** The portal's six groups (REFERENCES 1.1: the decision's "online services" 22 split into 12 + 10). */
export const QD766_PORTAL_SCHEME: IocScheme = {
  id: 'qd766-dvcqg',
  name: {
    vi: 'Bộ chỉ số Quyết định 766/QĐ-TTg theo cách chấm của Cổng DVCQG',
    en: 'Decision 766/QD-TTg index as scored by the national portal',
  },
  validFrom: '2022-08-01',
  validTo: null,
  groups: [
    {
      code: 'CKMB',
      name: { vi: 'Công khai, minh bạch', en: 'Public and transparent' },
      points: 18,
      indicators: [
        {
          code: '1.1',
          name: { vi: 'Tỷ lệ TTHC công bố đúng hạn', en: 'Procedures published on time' },
          formula: {
            vi: 'TTHC công bố đúng hạn / TTHC đã công bố trong kỳ',
            en: 'procedures published on time / procedures published in the period',
          },
          points: 6,
          scoring: linear,
          measure: null,
          note: CATALOGUE_PUBLICATION,
        },
        {
          code: '1.2',
          name: { vi: 'Tỷ lệ TTHC được cập nhật, công khai đúng hạn', en: 'Procedures updated and disclosed on time' },
          formula: {
            vi: 'TTHC công khai đúng hạn trên CSDLQG / TTHC phải cập nhật, công khai trong kỳ',
            en: 'procedures disclosed on time in the national database / procedures due in the period',
          },
          points: 4,
          scoring: linear,
          measure: null,
          note: CATALOGUE_PUBLICATION,
        },
        {
          code: '1.3',
          name: {
            vi: 'Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành',
            en: 'Procedures disclosed with all their parts',
          },
          formula: {
            vi: 'TTHC công khai đủ bộ phận theo khoản 2 Điều 8 NĐ 63/2010 / TTHC công khai',
            en: 'procedures disclosed with every part (Decree 63/2010 art. 8.2) / procedures disclosed',
          },
          points: 2,
          scoring: linear,
          measure: null,
          note: CATALOGUE_PUBLICATION,
        },
        {
          code: '1.4',
          name: { vi: 'Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG', en: 'Dossiers synchronised to the national portal' },
          formula: {
            vi: 'hồ sơ đã đồng bộ có ngày tiếp nhận trong kỳ / hồ sơ phải tính trong kỳ',
            en: 'dossiers synchronised, received in the period / dossiers to count in the period',
          },
          points: 6,
          scoring: linear,
          // Formula (A): synced dossiers received in the period / dossiers to count (the larger of the national
          // reporting system's and the portal's counts: here the dossiers Congso received). The METRICS sheet's
          // "on time" has no deadline in the references, so a dossier counts once its creation was accepted.
          measure: { kind: 'ratio', numerator: ['portal_synced'], denominator: ['received'] },
        },
      ],
    },
    {
      code: 'TDGQ',
      name: { vi: 'Tiến độ giải quyết', en: 'Processing progress' },
      points: 20,
      indicators: [
        {
          code: '2.1',
          name: { vi: 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn', en: 'Dossiers processed early or on time' },
          formula: {
            vi: 'hồ sơ đã và đang xử lý đúng hạn hoặc trong hạn / hồ sơ đã kết thúc xử lý trong kỳ và đang xử lý cuối kỳ',
            en: 'dossiers ended on time or still within their deadline / dossiers ended in the period and in progress at its end',
          },
          points: 20,
          scoring: linear,
          measure: {
            kind: 'ratio',
            numerator: ['finished_early', 'finished_on_time', 'open_end'],
            minus: ['open_end_late'],
            denominator: ['finished', 'open_end'],
          },
        },
      ],
    },
    {
      code: 'CLGQ',
      name: { vi: 'Dịch vụ công trực tuyến', en: 'Online public services' },
      points: 12,
      indicators: [
        {
          code: '3.4',
          name: {
            vi: 'Tỷ lệ hồ sơ DVCTT toàn trình',
            en: 'Dossiers handled as a full online service',
          },
          formula: {
            vi: 'hồ sơ DVCTT toàn trình / tổng hồ sơ của TTHC đủ điều kiện toàn trình',
            en: 'dossiers filed online of full-online procedures / dossiers of procedures eligible for full online service',
          },
          points: 12,
          scoring: linear,
          measure: { kind: 'ratio', numerator: ['full_online'], denominator: ['full_online_eligible'] },
          note: {
            vi: 'Điểm 12 theo bảng METRICS; cách chấm từng phần chưa được xác nhận (tính tuyến tính).',
            en: '12 points per the METRICS sheet; the partial scoring is unconfirmed (scored linearly).',
          },
        },
        {
          code: '3.3',
          name: { vi: 'Tỷ lệ hồ sơ nộp trực tuyến', en: 'Dossiers filed online' },
          formula: {
            vi: 'hồ sơ tiếp nhận trực tuyến trong kỳ / tổng hồ sơ tiếp nhận trong kỳ (ngưỡng 50%)',
            en: 'dossiers received online in the period / dossiers received in the period (threshold 50%)',
          },
          points: 0,
          scoring: threshold(0.5),
          measure: { kind: 'ratio', numerator: ['received_online'], denominator: ['received'] },
          note: {
            vi: 'Theo dõi, không tính điểm: Cổng DVCQG không công bố điểm của chỉ tiêu này.',
            en: 'Followed, not scored: the national portal gives this indicator no points.',
          },
        },
      ],
    },
    {
      code: 'TTTT',
      name: { vi: 'Thanh toán trực tuyến', en: 'Online payment' },
      points: 10,
      indicators: [
        {
          code: '3.5',
          name: {
            vi: 'Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến',
            en: 'Fee-bearing procedures with online payment',
          },
          formula: {
            vi: 'TTHC có hồ sơ thanh toán trực tuyến / TTHC có phí, lệ phí (ngưỡng 80%)',
            en: 'procedures with online-paid dossiers / fee-bearing procedures (threshold 80%)',
          },
          points: 2,
          scoring: threshold(0.8),
          measure: null,
          note: NO_PROCEDURE_COUNT,
        },
        {
          code: '3.5b',
          name: {
            vi: 'Tỷ lệ TTHC có giao dịch thanh toán trực tuyến',
            en: 'Procedures with an online payment transaction',
          },
          formula: {
            vi: 'TTHC có giao dịch thanh toán trực tuyến / TTHC có phí, lệ phí (ngưỡng 80%)',
            en: 'procedures with an online payment / fee-bearing procedures (threshold 80%)',
          },
          points: 2,
          scoring: threshold(0.8),
          measure: null,
          note: NO_PROCEDURE_COUNT,
        },
        {
          code: '3.6',
          name: { vi: 'Tỷ lệ hồ sơ thanh toán trực tuyến', en: 'Dossiers paid online' },
          formula: {
            vi: 'hồ sơ thanh toán trực tuyến / hồ sơ của TTHC có phí, lệ phí',
            en: 'dossiers paid online / dossiers of fee-bearing procedures',
          },
          points: 6,
          scoring: linear,
          measure: { kind: 'ratio', numerator: ['paid_online'], denominator: ['fee_due'] },
          note: {
            vi: 'Hồ sơ được nền tảng thanh toán xác nhận đã nộp trực tuyến / hồ sơ được yêu cầu nộp phí, lệ phí khác 0 (không tính hồ sơ được miễn), theo ngày bắt đầu xử lý.',
            en: 'Dossiers whose fee the payment platform confirmed paid online / dossiers asked a fee above zero (waived ones excluded), by the processing’s start.',
          },
        },
      ],
    },
    {
      code: 'MDSH',
      name: { vi: 'Số hóa hồ sơ', en: 'Digitisation' },
      points: 22,
      indicators: [
        {
          code: '4.1',
          name: { vi: 'Tỷ lệ hồ sơ có cấp kết quả điện tử', en: 'Dossiers with an electronic result' },
          formula: {
            vi: 'hồ sơ có tệp kết quả điện tử / hồ sơ có kết quả giải quyết trong kỳ',
            en: 'dossiers with an electronic result file / dossiers with a result issued in the period',
          },
          points: 6,
          scoring: linear,
          measure: { kind: 'ratio', numerator: ['results_electronic'], denominator: ['results'] },
        },
        {
          code: '4.2',
          name: { vi: 'Tỷ lệ hồ sơ thực hiện số hóa', en: 'Dossiers digitised' },
          formula: {
            vi: 'hồ sơ có tệp thành phần hồ sơ và kết quả điện tử / hồ sơ có kết quả giải quyết trong kỳ',
            en: 'dossiers with document files and an electronic result / dossiers with a result issued in the period',
          },
          points: 4,
          scoring: linear,
          measure: { kind: 'ratio', numerator: ['digitised'], denominator: ['results'] },
          note: {
            vi: 'Văn bản mô tả công thức nêu ngưỡng 80%; Cổng DVCQG đang chấm tuyến tính (theo Cổng).',
            en: 'The formula description names an 80% threshold; the portal scores it linearly (followed here).',
          },
        },
        {
          code: '4.3',
          name: {
            vi: 'Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa',
            en: 'Digitised data reused',
          },
          formula: {
            vi: 'hồ sơ tiếp nhận trong kỳ có thành phần lấy từ kho dữ liệu / hồ sơ tiếp nhận trong kỳ (ngưỡng 80%)',
            en: 'dossiers received in the period with a document taken from the data store / dossiers received (threshold 80%)',
          },
          points: 2,
          scoring: threshold(0.8),
          measure: { kind: 'ratio', numerator: ['reused'], denominator: ['received'] },
        },
        {
          code: '4.4',
          name: {
            vi: 'Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng',
            en: 'Digitised dossiers shared for reuse',
          },
          formula: {
            vi: 'hồ sơ có thành phần lấy từ kho dữ liệu cá nhân hoặc kết quả đẩy vào kho / hồ sơ',
            en: 'dossiers with a component from or a result pushed to the personal data store / dossiers',
          },
          points: 4,
          scoring: linear,
          measure: null,
          note: NO_REUSE,
        },
        {
          code: '4.5b',
          name: {
            vi: 'Tỷ lệ hồ sơ TTHC có sử dụng thông tin, dữ liệu dân cư',
            en: 'Dossiers using population data',
          },
          formula: {
            vi: 'hồ sơ xác thực VNeID hoặc lấy dữ liệu từ CSDL dân cư / hồ sơ',
            en: 'dossiers authenticated with VNeID or using the population database / dossiers',
          },
          points: 2,
          scoring: linear,
          measure: null,
          note: NO_REUSE,
        },
        {
          code: '4.5a',
          name: {
            vi: 'Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư',
            en: 'Procedures connected to the population database',
          },
          formula: {
            vi: 'TTHC có kết nối CSDL dân cư / TTHC',
            en: 'procedures connected to the population database / procedures',
          },
          points: 2,
          scoring: linear,
          measure: null,
          note: NO_REUSE,
        },
        {
          code: '4.6',
          name: {
            vi: 'Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính',
            en: 'Electronic certified copies offered',
          },
          formula: {
            vi: 'số xã cung cấp dịch vụ / tổng số xã',
            en: 'communes offering the service / communes',
          },
          points: 2,
          scoring: linear,
          measure: null,
          note: noSource(
            'Chưa có dữ liệu: Congso chưa có dịch vụ chứng thực bản sao điện tử.',
            'No data: Congso has no electronic certified copy service yet.',
          ),
        },
      ],
    },
    {
      code: 'MDHL',
      name: { vi: 'Mức độ hài lòng', en: 'Satisfaction' },
      points: 18,
      indicators: [
        {
          code: '5.1',
          name: { vi: 'Tỷ lệ PAKN theo phân loại', en: 'Feedback by kind' },
          formula: { vi: 'theo dõi, không tính điểm', en: 'followed, not scored' },
          points: 0,
          scoring: linear,
          measure: null,
          note: NO_FEEDBACK,
        },
        {
          code: '5.2',
          name: { vi: 'Tỷ lệ PAKN xử lý đúng hạn', en: 'Feedback handled on time' },
          formula: { vi: 'PAKN xử lý đúng hạn / tổng PAKN', en: 'feedback handled on time / feedback' },
          points: 6,
          scoring: linear,
          measure: null,
          note: NO_FEEDBACK,
        },
        {
          code: '5.3',
          name: { vi: 'Tỷ lệ hài lòng trong xử lý PAKN', en: 'Satisfaction with feedback handling' },
          formula: {
            vi: '(tổng PAKN − không hài lòng, quá hạn, bị phản ánh lại) / tổng PAKN',
            en: '(feedback − disliked, late or reopened) / feedback',
          },
          points: 6,
          scoring: linear,
          measure: null,
          note: NO_FEEDBACK,
        },
        {
          code: '5.4',
          name: {
            vi: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
            en: 'Satisfaction with receiving and processing',
          },
          formula: {
            vi: '100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ không hài lòng), ngưỡng 90%',
            en: '100% − (late share + share rated not satisfied), threshold 90%',
          },
          points: 6,
          scoring: threshold(0.9),
          measure: { kind: 'complement', terms: ['finished_late', 'rated_not_satisfied'], denominator: ['finished'] },
          note: {
            vi: 'Chưa có PAKN: chỉ tính đánh giá "không hài lòng" của người dân.',
            en: 'No feedback system yet: only the applicants\' "not satisfied" ratings count.',
          },
        },
      ],
    },
  ],
};

/** Every version of the scheme, oldest first. */
export const IOC_SCHEMES: readonly IocScheme[] = [QD766_PORTAL_SCHEME];

/** The scheme in force on a Vietnam date (`YYYY-MM-DD`), or null before the first. */
export function schemeFor(date: string, schemes: readonly IocScheme[] = IOC_SCHEMES): IocScheme | null {
  return schemes.find((s) => s.validFrom <= date && (s.validTo === null || date <= s.validTo)) ?? null;
}
