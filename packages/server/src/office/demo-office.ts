/**
 * The demo's documents office, so it is alive on first start: the closed work files of the last twelve months of
 * Sở Tư pháp and phường Tân Ninh with their documents (demo-work-files.ts: some handled entirely online, some with
 * a paper document), then Sở Tư pháp's registers with a few incoming documents of today at different stages
 * (registered, assigned down the routing order, being handled) and drafts of outgoing documents in review, all
 * made through the use cases (PDFs rendered with pdfkit). Skipped when the office already has documents. Nothing
 * is signed: signatures come from the signing service.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Actor, documentMetadataSchema, type OfficerRole, outgoingDraftSchema } from '@congso/core';
import { getPersonByUsername, insertFile, queryRows, sql } from '@congso/db';
import type { AppContext } from '../platform/context';
import { DEMO_STP_WORK_FILES, DEMO_WARD_WORK_FILES, seedDemoWorkFiles } from './demo-work-files';
import { actOnIncoming, registerUploadedIncoming } from './incoming';
import { renderComposedDocument } from './office-renderers';
import { actOnOutgoing, draftOutgoing } from './outgoing';

const meta = { ip: null, requestId: 'demo-office' };

async function actor(ctx: AppContext, username: string): Promise<Actor | null> {
  const p = await getPersonByUsername(ctx.connection.db, username);
  if (!p?.agencyId) return null;
  return { id: p.id, kind: 'officer', active: p.active, agencyId: p.agencyId, roles: p.roles as OfficerRole[] };
}

/** A PDF the clerk scanned or received, stored as the clerk's upload. */
async function storedPdf(ctx: AppContext, owner: Actor, organ: string, subject: string, content: string) {
  const bytes = await renderComposedDocument({
    agency: { name: organ, shortName: '' },
    draft: outgoingDraftSchema.parse({ typeCode: 'thong_bao', subject }),
    content,
    at: ctx.now(),
  });
  const key = await ctx.storage.put(bytes);
  const file = await insertFile(ctx.connection.db, {
    id: randomUUID(),
    ownerId: owner.id,
    name: 'van-ban-den.pdf',
    mediaType: 'application/pdf',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    storageKey: key,
    createdAt: ctx.now(),
  });
  return file.id;
}

export async function seedDemoOffice(ctx: AppContext): Promise<{ documents: number; workFiles: number } | null> {
  const [existing] = await queryRows<{ n: number }>(
    ctx.connection.db,
    sql`select count(*)::int as n from office_documents`,
  );
  if (Number(existing?.n ?? 0) > 0) return null;
  const [clerk, leader, head, specialist, wardClerk, wardLeader, wardSpecialist] = await Promise.all(
    [
      'vanthu.stp',
      'giamdoc.stp',
      'truongphong.stp',
      'chuyenvien.stp',
      'vanthu.tanninh',
      'chutich.tanninh',
      'chuyenvien.tanninh',
    ].map((u) => actor(ctx, u)),
  );
  if (!clerk || !leader || !head || !specialist || !wardClerk || !wardLeader || !wardSpecialist) return null;
  const past = await seedDemoWorkFiles(
    ctx,
    [
      { who: { clerk, leader, specialist }, files: DEMO_STP_WORK_FILES },
      { who: { clerk: wardClerk, leader: wardLeader, specialist: wardSpecialist }, files: DEMO_WARD_WORK_FILES },
    ],
    (at, owner, organ, subject) => storedPdf(at, owner, organ, subject, `${organ}: ${subject}.`),
    meta,
  );
  const today = ctx.now().toISOString().slice(0, 10);
  const incoming = [
    {
      organName: 'Bộ Tư pháp',
      organId: '000.00.00.G12',
      typeCode: 'cong_van',
      number: '4821',
      notation: 'BTP-KSTT',
      subject: 'Về việc rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch năm 2027',
      content: 'Bộ Tư pháp đề nghị Sở Tư pháp các tỉnh rà soát, đề xuất phương án đơn giản hóa thủ tục hành chính.',
      route: 'specialist' as const,
      priority: 1,
    },
    {
      organName: 'Ủy ban nhân dân tỉnh Tây Ninh',
      organId: '000.00.00.H59',
      typeCode: 'quyet_dinh',
      number: '2150',
      notation: 'QĐ-UBND',
      subject: 'Ban hành Kế hoạch chuyển đổi số tỉnh Tây Ninh năm 2027',
      content: 'Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số của tỉnh năm 2027.',
      route: 'department' as const,
      priority: 0,
    },
    {
      organName: 'Sở Nội vụ tỉnh Tây Ninh',
      typeCode: 'giay_moi',
      number: '312',
      notation: 'GM-SNV',
      subject: 'Mời dự hội nghị tổng kết công tác cải cách hành chính năm 2026',
      content: 'Sở Nội vụ trân trọng kính mời đại diện lãnh đạo Sở Tư pháp dự hội nghị.',
      route: 'leader' as const,
      priority: 2,
    },
    {
      organName: 'Ủy ban nhân dân phường Tân Ninh',
      typeCode: 'bao_cao',
      number: '45',
      notation: 'BC-UBND',
      subject: 'Báo cáo kết quả công tác chứng thực, hộ tịch 11 tháng năm 2026',
      content: 'Ủy ban nhân dân phường báo cáo kết quả thực hiện công tác chứng thực và đăng ký hộ tịch.',
      route: null,
      priority: 0,
    },
  ];
  let documents = past.documents;
  for (const d of incoming) {
    const fileId = await storedPdf(ctx, clerk, d.organName, d.subject, d.content);
    const metadata = documentMetadataSchema.parse({
      organId: d.organId,
      organName: d.organName,
      typeCode: d.typeCode,
      number: d.number,
      notation: d.notation,
      issuedDate: today,
      subject: d.subject,
      priority: d.priority,
    });
    const row = await registerUploadedIncoming(ctx, clerk, { fileId, medium: 'electronic', metadata }, meta);
    documents++;
    if (!d.route) continue;
    let version = row.version;
    const assign = async (
      by: Actor,
      to: Actor,
      level: 'leader' | 'department' | 'specialist',
      instructions: string,
    ) => {
      version = (
        await actOnIncoming(
          ctx,
          by,
          row.id,
          version,
          { action: 'assign', assigneeId: to.id, level, instructions, deadlineWorkingDays: 5 },
          meta,
        )
      ).version;
    };
    await assign(clerk, leader, 'leader', 'Kính trình Giám đốc cho ý kiến chỉ đạo.');
    if (d.route === 'leader') continue;
    await assign(leader, head, 'department', 'Giao Phòng Hành chính tư pháp chủ trì, tham mưu.');
    if (d.route === 'department') continue;
    version = (
      await actOnIncoming(ctx, head, row.id, version, { action: 'opinion', text: 'Đề nghị khẩn trương rà soát.' }, meta)
    ).version;
    await assign(head, specialist, 'specialist', 'Đồng chí Khoa dự thảo văn bản trả lời, trình trước hạn.');
  }
  const drafts = [
    {
      typeCode: 'cong_van',
      unit: 'HCTP',
      subject: 'Về việc đề xuất phương án đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch',
      content: 'Thực hiện Công văn số 4821/BTP-KSTT của Bộ Tư pháp, Sở Tư pháp báo cáo kết quả rà soát như sau.',
      submit: true,
    },
    {
      typeCode: 'ke_hoach',
      subject: 'Kế hoạch phổ biến, giáo dục pháp luật năm 2027',
      content: 'Sở Tư pháp xây dựng Kế hoạch phổ biến, giáo dục pháp luật năm 2027 với các nội dung chủ yếu sau.',
      submit: false,
    },
  ];
  for (const d of drafts) {
    const row = await draftOutgoing(
      ctx,
      specialist,
      {
        draft: outgoingDraftSchema.parse({
          typeCode: d.typeCode,
          unit: d.unit,
          subject: d.subject,
          signer: { position: 'Giám đốc', fullName: 'Huỳnh Thanh Sơn' },
          recipients: [
            // Without its code: the demo province has no exchange with the ministries (the national documents
            // axis), so the reply goes by other means and the demo's clerk can send it; with the code, sending
            // would be refused until an installation answers for it (EXCHANGE_NO_PEER).
            { kind: 'external', name: 'Bộ Tư pháp' },
            { kind: 'note', name: 'Lưu: VT, HCTP' },
          ],
        }),
        content: d.content,
      },
      meta,
    );
    documents++;
    if (d.submit) await actOnOutgoing(ctx, specialist, row.id, row.version, { action: 'submit' }, meta);
  }
  return { documents, workFiles: past.workFiles };
}
