/**
 * The demo's reporting system, so it is alive on first start: a catalogue of indicators (some filled in
 * automatically) set up four months ago, two templates (monthly one-stop results, quarterly digital
 * transformation) assigned to Sở Tư pháp and phường Tân Ninh, their reports of the last months in various states
 * (approved and locked, approved, returned for correction, submitted, draft) — the monthly template revised after
 * the reports of two and three months back (a range narrowed, an indicator made required, one added), so its
 * history has two revisions — and the digital-transformation programme's projects and ranks. Everything goes
 * through the use cases. Skipped when the catalogue already has indicators.
 */
import { type Actor, type OfficerRole, previousReportingPeriod, reportingPeriodHolding, vnDateKey } from '@congso/core';
import { getPersonByUsername, listIndicators } from '@congso/db';
import type { AppContext } from '../platform/context';
import { assignTemplate, createIndicator, editIndicator, saveTemplate } from './catalogue';
import { createProject, saveRank } from './programme';
import { actOnReport, openReport } from './reports';

const meta = { ip: null, requestId: 'demo-reporting' };

async function actor(ctx: AppContext, username: string): Promise<Actor | null> {
  const p = await getPersonByUsername(ctx.connection.db, username);
  if (!p?.agencyId) return null;
  return { id: p.id, kind: 'officer', active: p.active, agencyId: p.agencyId, roles: p.roles as OfficerRole[] };
}

export const DEMO_INDICATORS = [
  {
    code: 'TTHC.01',
    nameVi: 'Số hồ sơ TTHC tiếp nhận',
    nameEn: 'Dossiers received',
    unit: 'hồ sơ',
    valueType: 'integer',
    aggregation: 'sum',
    min: 0,
    source: 'dossiers_received',
  },
  {
    code: 'TTHC.02',
    nameVi: 'Số hồ sơ tiếp nhận trực tuyến',
    nameEn: 'Dossiers received online',
    unit: 'hồ sơ',
    valueType: 'integer',
    aggregation: 'sum',
    min: 0,
    source: 'dossiers_received_online',
  },
  {
    code: 'TTHC.03',
    nameVi: 'Số hồ sơ giải quyết trước và đúng hạn',
    nameEn: 'Dossiers processed early or on time',
    unit: 'hồ sơ',
    valueType: 'integer',
    aggregation: 'sum',
    min: 0,
    source: 'dossiers_finished_on_time',
  },
  {
    code: 'TTHC.04',
    nameVi: 'Số hồ sơ giải quyết quá hạn',
    nameEn: 'Dossiers processed late',
    unit: 'hồ sơ',
    valueType: 'integer',
    aggregation: 'sum',
    min: 0,
    source: 'dossiers_finished_late',
  },
  {
    code: 'TTHC.05',
    nameVi: 'Tỷ lệ hồ sơ trực tuyến',
    nameEn: 'Share of dossiers filed online',
    unit: '%',
    valueType: 'percent',
    aggregation: 'avg',
    source: 'dossiers_online_share',
  },
  {
    code: 'TTHC.06',
    nameVi: 'Số cuộc tiếp công dân về TTHC',
    nameEn: 'Citizen meetings about procedures',
    unit: 'cuộc',
    valueType: 'integer',
    aggregation: 'sum',
    min: 0,
    max: 10000,
  },
  {
    code: 'TTHC.07',
    nameVi: 'Số phản ánh, kiến nghị về TTHC đã xử lý',
    nameEn: 'Feedback on procedures handled',
    unit: 'phản ánh',
    valueType: 'integer',
    aggregation: 'sum',
    min: 0,
    max: 10000,
  },
  {
    code: 'CDS.01',
    nameVi: 'Văn bản đến xử lý trên môi trường mạng',
    nameEn: 'Incoming documents handled online',
    unit: 'văn bản',
    valueType: 'integer',
    aggregation: 'sum',
    min: 0,
    source: 'office_documents_online',
  },
  {
    code: 'CDS.02',
    nameVi: 'Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng',
    nameEn: 'Share of work files handled online',
    unit: '%',
    valueType: 'percent',
    aggregation: 'avg',
    source: 'work_files_online_share',
  },
  {
    code: 'CDS.03',
    nameVi: 'Kinh phí chi cho chuyển đổi số',
    nameEn: 'Spending on digital transformation',
    unit: 'triệu đồng',
    valueType: 'decimal',
    aggregation: 'sum',
    min: 0,
  },
  {
    code: 'CDS.04',
    nameVi: 'Khó khăn, vướng mắc và kiến nghị',
    nameEn: 'Difficulties and proposals',
    unit: '',
    valueType: 'text',
    aggregation: 'none',
  },
] as const;

export async function seedDemoReporting(ctx: AppContext): Promise<{ reports: number } | null> {
  if ((await listIndicators(ctx.connection.db)).length > 0) return null;
  const [admin, leader, stp, tanninh] = await Promise.all(
    ['admin', 'lanhdao.tinh', 'chuyenvien.stp', 'chuyenvien.tanninh'].map((u) => actor(ctx, u)),
  );
  if (!admin || !leader || !stp || !tanninh) return null;
  // The catalogue, the templates' first revisions and the assignments were set up four months ago.
  const now = ctx.now();
  const setUp: AppContext = { ...ctx, now: () => new Date(now.getTime() - 120 * 86_400_000) };
  const ids: Record<string, string> = {};
  for (const i of DEMO_INDICATORS) {
    const row = await createIndicator(setUp, admin, { ...i, unit: i.unit || '-' } as never, meta);
    ids[i.code] = row.id;
  }
  const item = (code: string, required = true) => ({ indicatorId: ids[code] as string, required });
  const monthly = {
    code: 'BC-TTHC-THANG',
    nameVi: 'Tình hình, kết quả giải quyết thủ tục hành chính hằng tháng',
    nameEn: 'Monthly results of administrative procedures',
    periodKind: 'month' as const,
    deadlineWorkingDays: 2,
  };
  await saveTemplate(
    setUp,
    admin,
    {
      ...monthly,
      items: [
        item('TTHC.01'),
        item('TTHC.02'),
        item('TTHC.03'),
        item('TTHC.04'),
        item('TTHC.05'),
        item('TTHC.06'),
        item('TTHC.07', false),
      ],
      expectedRevision: 0,
    },
    meta,
  );
  await saveTemplate(
    setUp,
    admin,
    {
      code: 'BC-CDS-QUY',
      nameVi: 'Kết quả chuyển đổi số hằng quý',
      nameEn: 'Quarterly digital transformation results',
      periodKind: 'quarter',
      deadlineWorkingDays: 5,
      items: [item('CDS.01'), item('CDS.02'), item('CDS.03'), item('CDS.04', false)],
      expectedRevision: 0,
    },
    meta,
  );
  const today = vnDateKey(ctx.now());
  const current = reportingPeriodHolding('month', today);
  const p1 = previousReportingPeriod(current);
  const p2 = previousReportingPeriod(p1);
  const p3 = previousReportingPeriod(p2);
  const q = previousReportingPeriod(reportingPeriodHolding('quarter', today));
  for (const agencyId of [stp.agencyId, tanninh.agencyId] as string[]) {
    await assignTemplate(setUp, admin, { templateCode: 'BC-TTHC-THANG', agencyId, fromPeriodKey: p3.key }, meta);
    await assignTemplate(setUp, admin, { templateCode: 'BC-CDS-QUY', agencyId, fromPeriodKey: q.key }, meta);
  }
  let reports = 0;
  const manual = (n: number) => ({
    [ids['TTHC.06'] as string]: { value: 12 + n },
    [ids['TTHC.07'] as string]: { value: 3 + (n % 3) },
  });
  const submitMonthly = async (who: Actor, periodKey: string, n: number) => {
    const { row } = await openReport(ctx, who, { templateCode: 'BC-TTHC-THANG', periodKey }, meta);
    reports += 1;
    return actOnReport(ctx, who, row.id, { action: 'submit', version: row.version, values: manual(n) }, meta);
  };
  // Tân Ninh: three months back approved and locked, two back approved, last month returned for correction.
  let r = await submitMonthly(tanninh, p3.key, 0);
  r = await actOnReport(ctx, leader, r.id, { action: 'approve', version: r.version }, meta);
  await actOnReport(ctx, leader, r.id, { action: 'lock', version: r.version }, meta);
  r = await submitMonthly(tanninh, p2.key, 1);
  await actOnReport(ctx, leader, r.id, { action: 'approve', version: r.version }, meta);
  // Sở Tư pháp: two months back approved.
  r = await submitMonthly(stp, p2.key, 4);
  await actOnReport(ctx, leader, r.id, { action: 'approve', version: r.version }, meta);
  // The province revises the monthly template: citizen meetings bounded to 2 000 a month, the feedback handled
  // now required, and the dialogues with people and enterprises added (optional). Later reports use revision 2.
  const meetings = DEMO_INDICATORS.find((i) => i.code === 'TTHC.06') as (typeof DEMO_INDICATORS)[number];
  await editIndicator(ctx, admin, ids['TTHC.06'] as string, { ...meetings, max: 2000, version: 1 } as never, meta);
  const dialogues = await createIndicator(
    ctx,
    admin,
    {
      code: 'TTHC.08',
      nameVi: 'Số cuộc đối thoại với người dân, doanh nghiệp về TTHC',
      nameEn: 'Dialogues with people and enterprises about procedures',
      unit: 'cuộc',
      valueType: 'integer',
      aggregation: 'sum',
      min: 0,
      max: 1000,
    } as never,
    meta,
  );
  ids['TTHC.08'] = dialogues.id;
  await saveTemplate(
    ctx,
    admin,
    {
      ...monthly,
      items: [
        item('TTHC.01'),
        item('TTHC.02'),
        item('TTHC.03'),
        item('TTHC.04'),
        item('TTHC.05'),
        item('TTHC.06'),
        item('TTHC.07'),
        item('TTHC.08', false),
      ],
      expectedRevision: 1,
    },
    meta,
  );
  r = await submitMonthly(tanninh, p1.key, 2);
  await actOnReport(
    ctx,
    leader,
    r.id,
    {
      action: 'return',
      version: r.version,
      reason: 'Số cuộc tiếp công dân chưa khớp với sổ tiếp công dân, đề nghị kiểm tra lại.',
    },
    meta,
  );
  // Sở Tư pháp: last month submitted (waiting for the province), this month a draft.
  await submitMonthly(stp, p1.key, 5);
  await openReport(ctx, stp, { templateCode: 'BC-TTHC-THANG', periodKey: current.key }, meta);
  reports += 1;
  // The quarterly report of Sở Tư pháp, submitted.
  const { row: quarterly } = await openReport(ctx, stp, { templateCode: 'BC-CDS-QUY', periodKey: q.key }, meta);
  await actOnReport(
    ctx,
    stp,
    quarterly.id,
    {
      action: 'submit',
      version: quarterly.version,
      values: {
        [ids['CDS.03'] as string]: { value: 850.5 },
        [ids['CDS.04'] as string]: { value: 'Đường truyền tại một số điểm tiếp nhận còn chậm.' },
      },
    },
    meta,
  );
  reports += 1;
  await seedDemoProgramme(ctx, admin);
  return { reports };
}

const projects = [
  ['DA-01', 'Trung tâm điều hành thông minh (IOC) tỉnh', 'done', 12_500_000_000, '2024-03-01', '2025-12-31'],
  ['DA-02', 'Hệ thống thông tin giải quyết TTHC tỉnh', 'done', 9_800_000_000, '2023-06-01', '2025-06-30'],
  ['DA-03', 'Số hóa hồ sơ, kết quả giải quyết TTHC', 'implementing', 6_200_000_000, '2025-01-01', '2026-12-31'],
  [
    'DA-04',
    'Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) nâng cấp',
    'implementing',
    4_300_000_000,
    '2025-07-01',
    '2026-12-31',
  ],
  ['DA-05', 'Hệ thống thông tin báo cáo tỉnh', 'design', 2_100_000_000, '2026-03-01', '2027-06-30'],
  ['DA-06', 'Kho dữ liệu dùng chung của tỉnh', 'appraisal', 15_000_000_000, '2026-09-01', '2028-12-31'],
  [
    'DA-07',
    'Chuyển đổi số cấp xã sau sắp xếp đơn vị hành chính',
    'proposed',
    8_000_000_000,
    '2027-01-01',
    '2028-12-31',
  ],
] as const;

async function seedDemoProgramme(ctx: AppContext, admin: Actor) {
  const targets = [
    { name: 'Hồ sơ trực tuyến toàn trình', metric: 'full_online_share' as const, target: 80 },
    { name: 'Hồ sơ công việc xử lý trên môi trường mạng', metric: 'work_files_online_share' as const, target: 90 },
  ];
  for (const [code, name, status, budgetVnd, startDate, endDate] of projects) {
    await createProject(
      ctx,
      admin,
      {
        code,
        name,
        status,
        ownerAgencyId: admin.agencyId as string,
        budgetVnd,
        startDate,
        endDate,
        note: undefined,
        targets:
          code === 'DA-03' || code === 'DA-02'
            ? targets
            : [{ name: 'Đơn vị triển khai', metric: 'manual', target: 96, actual: status === 'done' ? 96 : 40 }],
      },
      meta,
    );
  }
  await saveRank(
    ctx,
    admin,
    2024,
    { dtiRank: 21, dtiScore: 0.52, serviceRank: 18, serviceScore: 82.4, version: 0 },
    meta,
  );
  await saveRank(
    ctx,
    admin,
    2025,
    { dtiRank: 15, dtiScore: 0.58, serviceRank: 12, serviceScore: 86.1, version: 0 },
    meta,
  );
}
