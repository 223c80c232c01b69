/**
 * The demo's closed work files (hồ sơ công việc) of the last twelve months, so that the share of work files
 * handled online (the office's work-file page, the reporting indicator `work_files_online_share`, the
 * programme's targets) has real figures: Sở Tư pháp's and phường Tân Ninh's matters, each with the incoming
 * documents it was opened for — received electronically through the interconnected document system, or on paper
 * (a citizen's letter, a court's paper document), which makes the file not handled entirely online. Everything
 * goes through the office's use cases, at the time it happened: the clerk registers each document, the leader
 * routes it to the specialist, who opens the work file, files the document, completes it and closes the file.
 * The steps of all files run in the order of their times, so the registers' numbers follow the dates.
 */
import type { Actor, DocumentMedium } from '@congso/core';
import { documentMetadataSchema } from '@congso/core';
import type { AppContext } from '../platform/context';
import { actOnIncoming, registerUploadedIncoming } from './incoming';
import type { RequestMeta } from './office-common';
import { addDocumentToWorkFile, closeWorkFile, openWorkFile } from './work-files';

const DAY = 86_400_000;

export interface DemoOfficePeople {
  clerk: Actor;
  leader: Actor;
  specialist: Actor;
}

interface DemoDocument {
  organName: string;
  organId?: string;
  typeCode: string;
  number: string;
  notation: string;
  subject: string;
  medium: DocumentMedium;
}

interface DemoWorkFile {
  code: string;
  title: string;
  retention: number | 'permanent';
  documents: DemoDocument[];
}

const e = 'electronic' as const;
const paper = 'paper' as const;

/** Sở Tư pháp's matters of the year: 10 of 14 handled entirely online. */
export const DEMO_STP_WORK_FILES: DemoWorkFile[] = [
  {
    code: '01.VP',
    title: 'Hồ sơ hướng dẫn, triển khai nhiệm vụ công tác tư pháp',
    retention: 10,
    documents: [
      {
        organName: 'Bộ Tư pháp',
        organId: '000.00.00.G12',
        typeCode: 'cong_van',
        number: '152',
        notation: 'BTP-VP',
        subject: 'Về việc hướng dẫn triển khai nhiệm vụ trọng tâm công tác tư pháp',
        medium: e,
      },
      {
        organName: 'Ủy ban nhân dân tỉnh Tây Ninh',
        organId: '000.00.00.H59',
        typeCode: 'ke_hoach',
        number: '38',
        notation: 'KH-UBND',
        subject: 'Kế hoạch thực hiện công tác tư pháp trên địa bàn tỉnh',
        medium: e,
      },
    ],
  },
  {
    code: '02.XDKTVB',
    title: 'Hồ sơ thẩm định dự thảo Quyết định quy định chức năng, nhiệm vụ của Sở Xây dựng',
    retention: 10,
    documents: [
      {
        organName: 'Sở Xây dựng tỉnh Tây Ninh',
        typeCode: 'cong_van',
        number: '214',
        notation: 'SXD-VP',
        subject: 'Đề nghị thẩm định dự thảo Quyết định quy định chức năng, nhiệm vụ, quyền hạn của Sở Xây dựng',
        medium: e,
      },
    ],
  },
  {
    code: '03.XDKTVB',
    title: 'Hồ sơ kiểm tra văn bản quy phạm pháp luật do Ủy ban nhân dân cấp xã ban hành',
    retention: 10,
    documents: [
      {
        organName: 'Ủy ban nhân dân phường Tân Ninh',
        typeCode: 'bao_cao',
        number: '21',
        notation: 'BC-UBND',
        subject: 'Báo cáo tự kiểm tra văn bản quy phạm pháp luật do Ủy ban nhân dân phường ban hành',
        medium: e,
      },
      {
        organName: 'Ủy ban nhân dân xã Hòa Hội',
        typeCode: 'bao_cao',
        number: '09',
        notation: 'BC-UBND',
        subject: 'Báo cáo kết quả tự kiểm tra, xử lý văn bản quy phạm pháp luật của Ủy ban nhân dân xã',
        medium: paper,
      },
    ],
  },
  {
    code: '04.PBGDPL',
    title: 'Hồ sơ tổ chức cuộc thi tìm hiểu pháp luật trực tuyến trên địa bàn tỉnh',
    retention: 5,
    documents: [
      {
        organName: 'Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh',
        typeCode: 'ke_hoach',
        number: '05',
        notation: 'KH-HĐPH',
        subject: 'Kế hoạch tổ chức cuộc thi tìm hiểu pháp luật trực tuyến',
        medium: e,
      },
      {
        organName: 'Sở Giáo dục và Đào tạo tỉnh Tây Ninh',
        typeCode: 'cong_van',
        number: '688',
        notation: 'SGDĐT-VP',
        subject: 'Về việc hưởng ứng cuộc thi tìm hiểu pháp luật trực tuyến trong trường học',
        medium: e,
      },
    ],
  },
  {
    code: '06.BTTP',
    title: 'Hồ sơ giải quyết đơn đề nghị xem xét hoạt động công chứng của bà Nguyễn Thị Hạnh',
    retention: 10,
    documents: [
      {
        organName: 'Bà Nguyễn Thị Hạnh, phường Tân Ninh',
        typeCode: 'cong_van',
        number: '01',
        notation: 'ĐN',
        subject: 'Đơn đề nghị xem xét việc công chứng hợp đồng chuyển nhượng quyền sử dụng đất',
        medium: paper,
      },
      {
        organName: 'Văn phòng công chứng Tây Ninh',
        typeCode: 'bao_cao',
        number: '17',
        notation: 'BC-VPCC',
        subject: 'Báo cáo giải trình việc công chứng hợp đồng chuyển nhượng theo đơn của bà Nguyễn Thị Hạnh',
        medium: e,
      },
    ],
  },
  {
    code: '07.BTTP',
    title: 'Hồ sơ thẩm định đề nghị thành lập Văn phòng công chứng Hòa Thành',
    retention: 'permanent',
    documents: [
      {
        organName: 'Ủy ban nhân dân tỉnh Tây Ninh',
        organId: '000.00.00.H59',
        typeCode: 'cong_van',
        number: '1190',
        notation: 'UBND-NC',
        subject: 'Giao Sở Tư pháp thẩm định hồ sơ đề nghị thành lập Văn phòng công chứng Hòa Thành',
        medium: e,
      },
    ],
  },
  {
    code: '08.HCTP',
    title: 'Hồ sơ triển khai liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế',
    retention: 10,
    documents: [
      {
        organName: 'Bộ Tư pháp',
        organId: '000.00.00.G12',
        typeCode: 'huong_dan',
        number: '12',
        notation: 'HD-BTP',
        subject: 'Hướng dẫn thực hiện liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế',
        medium: e,
      },
      {
        organName: 'Công an tỉnh Tây Ninh',
        typeCode: 'cong_van',
        number: '3305',
        notation: 'CAT-PC06',
        subject: 'Về việc phối hợp thực hiện liên thông thủ tục hành chính đăng ký cư trú',
        medium: e,
      },
      {
        organName: 'Bảo hiểm xã hội tỉnh Tây Ninh',
        typeCode: 'cong_van',
        number: '842',
        notation: 'BHXH-QLT',
        subject: 'Về việc cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi qua liên thông',
        medium: e,
      },
    ],
  },
  {
    code: '09.TTr',
    title: 'Hồ sơ thanh tra công tác chứng thực tại Ủy ban nhân dân cấp xã',
    retention: 10,
    documents: [
      {
        organName: 'Thanh tra tỉnh Tây Ninh',
        typeCode: 'cong_van',
        number: '276',
        notation: 'TTT-NV1',
        subject: 'Về việc phối hợp thanh tra công tác chứng thực tại Ủy ban nhân dân cấp xã',
        medium: e,
      },
    ],
  },
  {
    code: '10.VP',
    title: 'Hồ sơ tổng hợp báo cáo công tác tư pháp 6 tháng đầu năm {year}',
    retention: 10,
    documents: [
      {
        organName: 'Ủy ban nhân dân phường Tân Ninh',
        typeCode: 'bao_cao',
        number: '88',
        notation: 'BC-UBND',
        subject: 'Báo cáo công tác tư pháp 6 tháng đầu năm {year}',
        medium: e,
      },
      {
        organName: 'Ủy ban nhân dân phường Long Hoa',
        typeCode: 'bao_cao',
        number: '64',
        notation: 'BC-UBND',
        subject: 'Báo cáo kết quả công tác tư pháp 6 tháng đầu năm {year}',
        medium: e,
      },
    ],
  },
  {
    code: '11.BTTP',
    title: 'Hồ sơ giải quyết yêu cầu bồi thường nhà nước của ông Trần Văn Lộc',
    retention: 'permanent',
    documents: [
      {
        organName: 'Tòa án nhân dân tỉnh Tây Ninh',
        typeCode: 'thong_bao',
        number: '45',
        notation: 'TB-TA',
        subject: 'Thông báo về việc thụ lý yêu cầu bồi thường trong vụ án hành chính của ông Trần Văn Lộc',
        medium: paper,
      },
      {
        organName: 'Ông Trần Văn Lộc, xã Dương Minh Châu',
        typeCode: 'cong_van',
        number: '01',
        notation: 'YC',
        subject: 'Văn bản yêu cầu bồi thường thiệt hại',
        medium: paper,
      },
    ],
  },
  {
    code: '12.XDKTVB',
    title: 'Hồ sơ góp ý dự thảo Luật sửa đổi, bổ sung một số điều của Luật Công chứng',
    retention: 5,
    documents: [
      {
        organName: 'Bộ Tư pháp',
        organId: '000.00.00.G12',
        typeCode: 'cong_van',
        number: '2411',
        notation: 'BTP-BTTP',
        subject: 'Về việc góp ý dự thảo Luật sửa đổi, bổ sung một số điều của Luật Công chứng',
        medium: e,
      },
    ],
  },
  {
    code: '13.PBGDPL',
    title: 'Hồ sơ tổ chức Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam năm {year}',
    retention: 5,
    documents: [
      {
        organName: 'Bộ Tư pháp',
        organId: '000.00.00.G12',
        typeCode: 'huong_dan',
        number: '31',
        notation: 'HD-BTP',
        subject: 'Hướng dẫn tổ chức hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam',
        medium: e,
      },
      {
        organName: 'Ủy ban nhân dân tỉnh Tây Ninh',
        organId: '000.00.00.H59',
        typeCode: 'ke_hoach',
        number: '402',
        notation: 'KH-UBND',
        subject: 'Kế hoạch tổ chức hưởng ứng Ngày Pháp luật trên địa bàn tỉnh',
        medium: e,
      },
    ],
  },
  {
    code: '14.HCTP',
    title: 'Hồ sơ giải quyết văn bản của Sở Ngoại vụ về ghi chú kết hôn có yếu tố nước ngoài',
    retention: 10,
    documents: [
      {
        organName: 'Sở Ngoại vụ tỉnh Tây Ninh',
        typeCode: 'cong_van',
        number: '377',
        notation: 'SNgV-LS',
        subject: 'Về việc xác minh thông tin ghi chú kết hôn của công dân đã đăng ký ở nước ngoài',
        medium: paper,
      },
    ],
  },
  {
    code: '15.VP',
    title: 'Hồ sơ tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính',
    retention: 10,
    documents: [
      {
        organName: 'Văn phòng Ủy ban nhân dân tỉnh Tây Ninh',
        typeCode: 'cong_van',
        number: '5120',
        notation: 'VP-KSTT',
        subject: 'Về việc chuyển phản ánh, kiến nghị của người dân về thủ tục chứng thực bản sao',
        medium: e,
      },
    ],
  },
];

/** Phường Tân Ninh's matters: 3 of 5 handled entirely online. */
export const DEMO_WARD_WORK_FILES: DemoWorkFile[] = [
  {
    code: '01.VP',
    title: 'Hồ sơ tổ chức hội nghị đối thoại với người dân trên địa bàn phường',
    retention: 5,
    documents: [
      {
        organName: 'Ủy ban nhân dân tỉnh Tây Ninh',
        organId: '000.00.00.H59',
        typeCode: 'cong_van',
        number: '733',
        notation: 'UBND-VP',
        subject: 'Về việc tổ chức đối thoại giữa người đứng đầu chính quyền cơ sở với Nhân dân',
        medium: e,
      },
    ],
  },
  {
    code: '02.TP',
    title: 'Hồ sơ giải quyết đơn kiến nghị của ông Lê Văn Tám về ranh giới đất',
    retention: 10,
    documents: [
      {
        organName: 'Ông Lê Văn Tám, khu phố 3, phường Tân Ninh',
        typeCode: 'cong_van',
        number: '01',
        notation: 'ĐKN',
        subject: 'Đơn kiến nghị về việc xác định ranh giới thửa đất giáp ranh',
        medium: paper,
      },
    ],
  },
  {
    code: '03.TP',
    title: 'Hồ sơ triển khai chứng thực bản sao điện tử từ bản chính',
    retention: 10,
    documents: [
      {
        organName: 'Sở Tư pháp tỉnh Tây Ninh',
        typeCode: 'huong_dan',
        number: '07',
        notation: 'HD-STP',
        subject: 'Hướng dẫn thực hiện chứng thực bản sao điện tử từ bản chính tại cấp xã',
        medium: e,
      },
    ],
  },
  {
    code: '04.VHXH',
    title: 'Hồ sơ hỗ trợ hộ nghèo sửa chữa nhà ở',
    retention: 10,
    documents: [
      {
        organName: 'Sở Y tế tỉnh Tây Ninh',
        typeCode: 'cong_van',
        number: '1502',
        notation: 'SYT-BTXH',
        subject: 'Về việc rà soát hộ nghèo có nhu cầu hỗ trợ sửa chữa nhà ở',
        medium: e,
      },
      {
        organName: 'Ban điều hành khu phố 5, phường Tân Ninh',
        typeCode: 'bao_cao',
        number: '03',
        notation: 'BC-KP5',
        subject: 'Danh sách hộ nghèo đề nghị hỗ trợ sửa chữa nhà ở',
        medium: paper,
      },
    ],
  },
  {
    code: '05.VP',
    title: 'Hồ sơ báo cáo kết quả thực hiện Đề án 06 trên địa bàn phường năm {year}',
    retention: 5,
    documents: [
      {
        organName: 'Công an tỉnh Tây Ninh',
        typeCode: 'cong_van',
        number: '4120',
        notation: 'CAT-PC06',
        subject: 'Về việc báo cáo kết quả triển khai Đề án 06 tại cấp xã',
        medium: e,
      },
    ],
  },
];

/** A working day's time in Vietnam (UTC+7): the date moved past a weekend, at `hour`:`minute`. */
function workingTime(day: Date, hour: number, minute = 0): Date {
  const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour - 7, minute));
  while ([0, 6].includes(new Date(d.getTime() + 7 * 3_600_000).getUTCDay())) d.setTime(d.getTime() + DAY);
  return d;
}

interface Step {
  at: Date;
  order: number;
  run: (ctx: AppContext) => Promise<void>;
}

/**
 * The steps of one agency's work files, spread over the twelve months before `now` (the last one closed about
 * a month ago). `storedPdf` stores a document's PDF as the clerk's upload.
 */
function workFileSteps(
  files: readonly DemoWorkFile[],
  who: DemoOfficePeople,
  now: Date,
  offsetDays: number,
  storedPdf: (ctx: AppContext, owner: Actor, organ: string, subject: string) => Promise<string>,
  meta: RequestMeta,
  counted: { documents: number; workFiles: number },
): Step[] {
  const steps: Step[] = [];
  let order = 0;
  const span = 330;
  files.forEach((f, n) => {
    // The matter begins; its documents arrive over the next days; the file is closed three to four weeks later.
    const start = new Date(now.getTime() - (span + offsetDays - Math.round((n * (span - 35)) / files.length)) * DAY);
    const state = { fileId: '', fileVersion: 0, documents: [] as { id: string; version: number }[] };
    // "{year}" in a title or subject: the year (in Vietnam) the matter began.
    const year = String(new Date(start.getTime() + 7 * 3_600_000).getUTCFullYear());
    const dated = (text: string) => text.replace('{year}', year);
    const step = (at: Date, run: Step['run']) => steps.push({ at, order: order++, run });
    f.documents.forEach((d, i) => {
      const arrived = workingTime(new Date(start.getTime() + i * 3 * DAY), 8, 15 + n);
      step(arrived, async (ctx) => {
        const fileId = await storedPdf(ctx, who.clerk, d.organName, dated(d.subject));
        const metadata = documentMetadataSchema.parse({
          ...(d.organId ? { organId: d.organId } : {}),
          organName: d.organName,
          typeCode: d.typeCode,
          number: d.number,
          notation: d.notation,
          issuedDate: new Date(arrived.getTime() - DAY + 7 * 3_600_000).toISOString().slice(0, 10),
          subject: dated(d.subject),
        });
        const row = await registerUploadedIncoming(ctx, who.clerk, { fileId, medium: d.medium, metadata }, meta);
        counted.documents++;
        let version = row.version;
        version = (
          await actOnIncoming(
            ctx,
            who.clerk,
            row.id,
            version,
            {
              action: 'assign',
              assigneeId: who.leader.id,
              level: 'leader',
              instructions: 'Kính trình lãnh đạo cho ý kiến chỉ đạo.',
            },
            meta,
          )
        ).version;
        state.documents[i] = { id: row.id, version };
      });
      step(new Date(arrived.getTime() + 2 * 3_600_000), async (ctx) => {
        const doc = state.documents[i] as { id: string; version: number };
        doc.version = (
          await actOnIncoming(
            ctx,
            who.leader,
            doc.id,
            doc.version,
            {
              action: 'assign',
              assigneeId: who.specialist.id,
              level: 'specialist',
              instructions: 'Giao chuyên viên nghiên cứu, tham mưu xử lý theo quy định.',
              deadlineWorkingDays: 10,
            },
            meta,
          )
        ).version;
      });
      if (i === 0) {
        step(new Date(arrived.getTime() + 3 * 3_600_000), async (ctx) => {
          const row = await openWorkFile(
            ctx,
            who.specialist,
            { code: f.code, title: dated(f.title), retention: f.retention, note: undefined },
            meta,
          );
          counted.workFiles++;
          state.fileId = row.id;
          state.fileVersion = row.version;
        });
      }
      step(workingTime(new Date(arrived.getTime() + 5 * DAY), 15, 30), async (ctx) => {
        const doc = state.documents[i] as { id: string; version: number };
        doc.version = (
          await actOnIncoming(
            ctx,
            who.specialist,
            doc.id,
            doc.version,
            { action: 'complete', note: 'Đã tham mưu xử lý, lưu hồ sơ công việc.' },
            meta,
          )
        ).version;
        const file = await addDocumentToWorkFile(
          ctx,
          who.specialist,
          state.fileId,
          { documentId: doc.id, version: state.fileVersion },
          meta,
        );
        state.fileVersion = file.version;
      });
    });
    step(workingTime(new Date(start.getTime() + (21 + (n % 2) * 7) * DAY), 16), async (ctx) => {
      await closeWorkFile(ctx, who.specialist, state.fileId, state.fileVersion, meta);
    });
  });
  return steps;
}

/**
 * Seeds the agencies' closed work files of the last twelve months; the steps of all agencies run in the order
 * of their times, each with the clock at its time.
 */
export async function seedDemoWorkFiles(
  ctx: AppContext,
  agencies: readonly { who: DemoOfficePeople; files: readonly DemoWorkFile[] }[],
  storedPdf: (ctx: AppContext, owner: Actor, organ: string, subject: string) => Promise<string>,
  meta: RequestMeta,
): Promise<{ documents: number; workFiles: number }> {
  const now = ctx.now();
  const counted = { documents: 0, workFiles: 0 };
  const steps = agencies
    .flatMap((a, n) => workFileSteps(a.files, a.who, now, n * 4, storedPdf, meta, counted))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  for (const s of steps) await s.run({ ...ctx, now: () => s.at });
  return counted;
}
