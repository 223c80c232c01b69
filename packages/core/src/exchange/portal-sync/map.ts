/**
 * A dossier → the portal's DongBoHoSoMC record, and each event of its log → a CapNhatTienDoHoSoMC step
 * (REFERENCES 2.2). Pure: everything the mapping reads is in its input. The status sent is always the
 * dossier's own (TrangThaiHoSo 1-10): a late, stopped or waiting dossier is never rewritten as done.
 * Facts Congso does not record are sent as the portal's "no" (0) by the caller, never guessed here.
 */
import { actionLabels } from '../../dossiers/actions';
import { type DossierEvent, type DossierState, replay } from '../../dossiers/dossier-state';
import type { PersonKind } from '../../identity/roles';
import { roleLabels } from '../../identity/roles';
import {
  portalApplicantKindCodes,
  portalChannelCodeOf,
  portalFlag,
  portalIdentityKindCodes,
  portalOnlinePaymentCodes,
  portalReturnMethodCodes,
  portalStatusCodeOf,
} from './codes';
import { formatPortalDate } from './portal-date';
import type { PortalDossier, PortalFee, PortalProgress, PortalSupplement } from './types';

export interface PortalSyncFile {
  id: string;
  name: string;
  /** The document was digitised (scanned and kept as data) when received. */
  digitised: boolean;
  /** Taken again from an earlier dossier or the citizen's data store instead of being handed over. */
  reused: boolean;
  /** Taken from the national databases' store (Kho DMQG). */
  fromDataStore: boolean;
}

export interface PortalSyncFee {
  /** The dossier's version whose `request_payment` asked for it (null: assessed exempt, nothing asked). */
  requestVersion: number | null;
  lines: readonly { itemId: string; name: string; amount: number }[];
  status: 'requested' | 'paid' | 'waived' | 'cancelled' | 'exempt';
  /** How it was paid online, when it was. */
  paidOnline: keyof typeof portalOnlinePaymentCodes;
}

export interface PortalSyncPerson {
  name: string;
  /** The position shown as ChucDanh (e.g. the officer's role label). */
  title: string;
}

export interface PortalDossierSource {
  /** The action log up to the change being synced (its state is the log's replay). */
  events: readonly DossierEvent[];
  procedure: { code: string; name: string; fieldCode: string | null; fieldName: string };
  applicant: {
    kind: PersonKind;
    fullName: string;
    nationalId: string | null;
    taxCode: string | null;
    email: string | null;
    phone: string | null;
    /** The account's national id was verified with VNeID. */
    vneidVerified: boolean;
    /** Filed for an organisation (`kind` organisation): the citizen who filed it as its representative. */
    representative?: { fullName: string; nationalId: string | null } | null;
  };
  agencies: ReadonlyMap<string, { code: string; name: string }>;
  /** Everyone who acted in the log, by id. */
  people: ReadonlyMap<string, PortalSyncPerson>;
  files: ReadonlyMap<string, PortalSyncFile>;
  fees: readonly PortalSyncFee[];
  /** The filing used the population database (DSKetNoiCSDL); false while Congso does not record it. */
  populationData: boolean;
  /** A link to an electronic result the portal can follow, or null when there is none to give. */
  resultLink?: (fileId: string) => string | null;
}

const date = (d: Date | null | undefined): string => (d ? formatPortalDate(d) : '');

function personOf(source: PortalDossierSource, event: DossierEvent): PortalSyncPerson {
  const known = source.people.get(event.actor.id);
  if (known) return known;
  const role = event.actor.roles[0];
  return { name: '', title: role ? roleLabels[role].vi : '' };
}

function agencyName(source: PortalDossierSource, id: string | null | undefined): string {
  return id ? (source.agencies.get(id)?.name ?? '') : '';
}

function feesOf(source: PortalDossierSource, versions: (v: number | null) => boolean): PortalFee[] {
  return source.fees
    .filter((f) => f.status !== 'cancelled' && versions(f.requestVersion))
    .flatMap((f) => f.lines.map((l) => ({ TenPhiLePhi: l.name, MaPhiLePhi: l.itemId, Gia: l.amount })));
}

function supplementsOf(source: PortalDossierSource): PortalSupplement[] {
  const out: PortalSupplement[] = [];
  const { events } = source;
  for (const [i, event] of events.entries()) {
    if (event.action !== 'request_supplement') continue;
    const answer = events.slice(i + 1).find((e) => e.action === 'submit_supplement');
    const before = events[i - 1];
    const fileIds = answer?.action === 'submit_supplement' ? (answer.data.fileIds ?? []) : [];
    out.push({
      HoSoBoSungId: `${event.dossierId}.${event.version}`,
      NguoiYeuCauBoSung: personOf(source, event).name,
      NoiDungBoSung: [event.data.reason, ...event.data.items].join('; '),
      NgayBoSung: date(event.at),
      NguoiTiepNhanBoSung: answer ? personOf(source, answer).name : '',
      ThongTinTiepNhan: answer?.action === 'submit_supplement' ? (answer.data.note ?? '') : '',
      NgayTiepNhanBoSung: date(answer?.at),
      DanhSachGiayToBoSung: fileIds.map((id) => ({ TenGiayTo: source.files.get(id)?.name ?? '', GiayToId: id })),
      DanhSachLePhiBoSung: [],
      NgayHenTraTruoc: date(before ? replay(events.slice(0, i)).dueAt : null),
      NgayHenTraMoi: answer ? date(replay(events.slice(0, events.indexOf(answer) + 1)).dueAt) : '',
    });
  }
  return out;
}

function refusedAt(events: readonly DossierEvent[]): Date | null {
  return events.find((e) => e.action === 'refuse_receipt' || e.action === 'refuse')?.at ?? null;
}

/** The DongBoHoSoMC record of a dossier as its log stands. */
export function toPortalDossier(source: PortalDossierSource): PortalDossier {
  const state: DossierState = replay(source.events);
  const { applicant, procedure } = source;
  const opening = source.events[0];
  const openingDocs = opening && 'opening' in opening.data ? (opening.data.opening?.documents ?? []) : [];
  const submittedFiles = [
    ...openingDocs.flatMap((d) => d.fileIds.map((id) => ({ id, index: d.index }))),
    ...source.events.flatMap((e) =>
      e.action === 'submit_supplement' ? (e.data.fileIds ?? []).map((id) => ({ id, index: null })) : [],
    ),
  ];
  const files = submittedFiles.map(({ id, index }) => {
    const file = source.files.get(id);
    return {
      TepDinhKemId: id,
      TenTepDinhKem: file?.name ?? '',
      IsDeleted: false,
      MaThanhPhanHoSo: index === null ? '' : String(index + 1),
      DuongDanTaiTepTin: '',
      DuocSoHoa: portalFlag(file?.digitised ?? false),
      DuocTaiSuDung: portalFlag(file?.reused ?? false),
      DuocLayTuKhoDMQG: portalFlag(file?.fromDataStore ?? false),
      MaKetQuaThayThe: '',
    };
  });
  const paidOnline = source.fees.find((f) => f.status === 'paid' && f.paidOnline !== 'none')?.paidOnline ?? 'none';
  const nationalId = applicant.kind === 'organisation' ? null : applicant.nationalId;
  const identityKind =
    nationalId?.length === 12
      ? portalIdentityKindCodes.twelveDigits
      : nationalId?.length === 9
        ? portalIdentityKindCodes.nineDigits
        : null;
  const returnCode = state.returned ? portalReturnMethodCodes[state.returned.method] : null;
  const record: PortalDossier = {
    MaHoSo: state.code,
    MaTTHC: procedure.code,
    TenTTHC: procedure.name,
    MaLinhVuc: procedure.fieldCode ?? '',
    TenLinhVuc: procedure.fieldName,
    KenhThucHien: portalChannelCodeOf(state.channel),
    ChuHoSo: applicant.fullName,
    LoaiDoiTuong: portalApplicantKindCodes[applicant.kind],
    MaDoiTuong: (applicant.kind === 'organisation' ? applicant.taxCode : applicant.nationalId) ?? '',
    ThongTinKhac: applicant.representative
      ? `Người đại diện nộp hồ sơ: ${applicant.representative.fullName}${applicant.representative.nationalId ? ` (số định danh ${applicant.representative.nationalId})` : ''}`
      : '',
    Email: applicant.email ?? '',
    Fax: '',
    SoDienThoai: applicant.phone ?? '',
    TrichYeuHoSo: `${procedure.name} - ${applicant.fullName}`,
    NgayNopHoSo: date(state.submittedAt),
    NgayTiepNhan: date(state.receivedAt),
    NgayHenTra: date(state.dueAt),
    TrangThaiHoSo: portalStatusCodeOf(state.status),
    NgayTra: date(state.returned?.at),
    ThongTinTra: '',
    NgayKetThucXuLy: date(state.finishedAt),
    NgayTuChoi: date(refusedAt(source.events)),
    DonViXuLy: agencyName(source, state.handlingAgencyId ?? state.receivingAgencyId),
    GhiChu: state.endReason ?? '',
    SoGiayToChuHoSo: nationalId ?? '',
    HoSoCoThanhPhanSoHoa: portalFlag(files.some((f) => f.DuocSoHoa === '1')),
    TaiKhoanDuocXacThucVoiVNeID: portalFlag(applicant.vneidVerified),
    DuocThanhToanTrucTuyen: portalOnlinePaymentCodes[paidOnline],
    DinhDanhCHS: nationalId && identityKind ? [{ LoaiDinhDanh: identityKind, SoDinhDanh: nationalId }] : [],
    DSKetNoiCSDL: source.populationData ? [{ MaCSDL: '7' }] : [],
    TaiLieuNop: files,
    DanhSachLePhi: feesOf(source, () => true),
    DanhSachTepDinhKemKhac: openingDocs
      .filter((d) => d.fileIds.length === 0)
      .map((d) => ({ TenGiayTo: d.name, SoLuong: d.copies ?? 1 })),
    DanhSachHoSoBoSung: supplementsOf(source),
    DanhSachGiayToKetQua: (state.result?.documents ?? []).map((d) => ({
      TenGiayTo: d.name,
      MaThanhPhanHoSo: '',
      GiayToId: d.fileId ?? '',
      DuongDanTepTinKetQua: d.fileId ? (source.resultLink?.(d.fileId) ?? '') : '',
      MaGiayToKetQua: d.number ?? '',
    })),
  };
  if (returnCode !== null) record.HinhThuc = returnCode;
  return record;
}

function noteOf(event: DossierEvent): string {
  const data = event.data as { reason?: string; note?: string; items?: readonly string[] };
  return [data.reason, data.note, ...(data.items ?? [])].filter((t): t is string => Boolean(t)).join('; ');
}

/**
 * The CapNhatTienDoHoSoMC step of the event at `version` in the log: who acted (name, position, agency),
 * when, what (the action's Vietnamese name and what the actor wrote), the status it led to, when the step
 * began and when it was due.
 */
export function toPortalProgress(source: PortalDossierSource, version: number): PortalProgress {
  const index = source.events.findIndex((e) => e.version === version);
  const event = source.events[index];
  if (!event) throw new RangeError(`toPortalProgress: no event at version ${version}`);
  const before = index > 0 ? replay(source.events.slice(0, index)) : null;
  const after = replay(source.events.slice(0, index + 1));
  const person = personOf(source, event);
  const step = event.effects.finishedStep ?? before?.currentStep ?? null;
  const note = noteOf(event);
  return {
    MaHoSo: after.code,
    NguoiXuLy: person.name,
    ChucDanh: person.title,
    ThoiDiemXuLy: date(event.at),
    PhongBanXuLy: agencyName(source, event.actor.agencyId ?? after.receivingAgencyId),
    NoiDungXuLy: note ? `${actionLabels[event.action].vi}: ${note}` : actionLabels[event.action].vi,
    TrangThai: portalStatusCodeOf(event.toStatus),
    NgayBatDau: date(step?.startedAt ?? event.at),
    NgayKetThucTheoQuyDinh: date(step?.dueAt ?? after.dueAt),
  };
}
