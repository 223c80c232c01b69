import { randomUUID } from 'node:crypto';
import {
  type Actor,
  applyAction,
  createVietnamCalendar,
  type DossierActionInput,
  type DossierEvent,
  type DossierState,
  dossierDayKey,
  dossierNotice,
  formatDossierCode,
  openDossier,
  type Procedure,
  type ProcedureSnapshot,
  type ProcedureStep,
  type Rating,
  type ReturnMethod,
  SYSTEM_ACTOR,
} from '@congso/core';
import {
  type Connection,
  dossierCounterValues,
  getAgencyById,
  getPersonByUsername,
  getProcedureInForce,
  type HistoricDossier,
  type HistoricPerson,
  hasAnyDossier,
  insertDossierHistory,
  personIdsByUsername,
} from '@congso/db';
import { vietnamDate } from '../catalog/catalog-index';
import {
  apologyReason,
  type DeskKey,
  demoCitizenPlans,
  demoHistoryProcedureCodes,
  deskProcedures,
  deskShare,
  type Fate,
  familyNames,
  givenNames,
  middleNames,
  queueFates,
  refusalReasons,
  refusalsOfReceipt,
  streets,
  supplementItems,
  supplementReasons,
} from './demo-history.data';
import { snapshotProcedure } from './filing-writes';

export { demoFates, demoHistoryProcedureCodes } from './demo-history.data';

/**
 * The demo's recent history: a few hundred dossiers over the last weeks at the demo's three one-stop desks
 * (UBND phường Tân Ninh, Sở Tư pháp and the provincial service centre, which forwards to Sở Tư pháp), made by
 * running the real actions through the core at times in the past, so their events, due dates, late flags and
 * outcomes are what the core computes. Deterministic: the same seed and `now` give the same history.
 */

const calendar = createVietnamCalendar();

/** How many weeks back the history starts. */
export const DEMO_HISTORY_WEEKS = 7;
/** Filings drawn besides the demo citizens' own (those falling on days off are dropped: about 5 in 7 stay). */
const GENERATED_DOSSIERS = 520;
const HOUR = 3_600_000;

/** mulberry32: a small seeded generator (the same seed gives the same history). */
export function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const between = (lo: number, hi: number) => lo + (hi - lo) * next();
  const int = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const weighted = <T extends string>(weights: Partial<Record<T, number>>): T => {
    const entries = Object.entries(weights) as [T, number][];
    let r = next() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return (entries.at(-1) as [T, number])[0];
  };
  return { next, between, int, pick, weighted, chance: (p: number) => next() < p };
}
export type Random = ReturnType<typeof generator>;

export interface Person extends Actor {
  fullName: string;
  nationalId: string;
  phone: string;
  email: string | null;
  address: string;
}

/** Citizens first met at the counter or online: valid ids (birth registered in Tây Ninh or Long An), phones. */
function makeCitizens(random: Random, count: number, now: Date): (Person & { username: string })[] {
  const year = Number(vietnamDate(now).slice(0, 4));
  return Array.from({ length: count }, (_, i) => {
    const sex = random.chance(0.5) ? 'male' : 'female';
    const birthYear = random.int(year - 75, year - 18);
    const century = birthYear >= 2000 ? 2 : 0;
    const sexDigit = century + (sex === 'female' ? 1 : 0);
    const nationalId = `${random.pick(['072', '080'])}${sexDigit}${String(birthYear % 100).padStart(2, '0')}${String(700_000 + i).padStart(6, '0')}`;
    const fullName = `${random.pick(familyNames)} ${random.pick(middleNames[sex])} ${random.pick(givenNames[sex])}`;
    return {
      id: randomUUID(),
      kind: 'citizen',
      active: true,
      agencyId: null,
      roles: [],
      username: nationalId,
      fullName,
      nationalId,
      phone: `09${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
      email: null,
      address: `Số ${random.int(1, 250)} đường ${random.pick(streets)}, phường Tân Ninh, tỉnh Tây Ninh`,
    };
  });
}

export interface Desk {
  key: DeskKey | 'generated';
  /** The notation of the results' numbers (the demo's desks have theirs). */
  notation?: string;
  receiving: { id: string; code: string };
  /** Where the desk forwards: the handling agency (Sở Tư pháp for the service centre). */
  handlingAgencyId: string;
  clerk: Actor;
  head: Actor;
  specialist: Actor;
  leader: Actor;
  documentClerk: Actor;
}

export interface Plan {
  desk: Desk;
  procedure: { versionId: string; data: Procedure; snapshot: ProcedureSnapshot };
  applicant: Person;
  channel: 'online' | 'counter' | 'postal';
  at: Date;
  fate: Fate;
  late: boolean;
  /** The procedure's fee (VND), asked for before the decision; none when absent. */
  fee?: number;
  /** The fee is paid online (the payment platform reports it; the installation confirms). */
  paidOnline?: boolean;
}

const hoursOf = (snapshot: ProcedureSnapshot, step: ProcedureStep) =>
  Math.max(0.5, snapshot.steps.find((s) => s.step === step)?.hours ?? 1);

class Stop extends Error {}

/**
 * Runs one dossier's actions from its filing, each a working delay after the previous one, until its fate;
 * an action that would fall after `now` is not taken (the dossier stays where it got to).
 */
export function simulate(plan: Plan, id: string, code: string, now: Date, random: Random) {
  const { desk, applicant, procedure } = plan;
  const snapshot = procedure.snapshot;
  const steps: { state: DossierState; event: DossierEvent }[] = [];
  let state: DossierState;
  let t = plan.at;
  const online = plan.channel === 'online';
  const opened = openDossier(
    {
      action: online ? 'submit_online' : 'receive',
      id,
      code,
      applicantId: applicant.id,
      receivingAgencyId: desk.receiving.id,
      ...(online ? {} : { channel: plan.channel as 'counter' | 'postal' }),
      procedure: snapshot,
    },
    { at: t, calendar, actor: online ? applicant : desk.clerk },
  );
  state = opened.state;
  steps.push(opened);
  const act = (actor: Actor, input: DossierActionInput, workingHours: number) => {
    const at = calendar.addWorkingHours(t, Math.max(0.05, workingHours));
    if (at.getTime() > now.getTime()) throw new Stop();
    const next = applyAction(state, input, { at, calendar, actor });
    state = next.state;
    steps.push(next);
    t = at;
  };
  const fate = plan.fate;
  const pace = (step: ProcedureStep, late = false) =>
    hoursOf(snapshot, step) * (late ? random.between(1.4, 2.6) : random.between(0.15, 0.8));
  try {
    if (online) {
      if (fate === 'receiving') return steps;
      if (fate === 'denied') {
        act(desk.clerk, { action: 'refuse_receipt', reason: random.pick(refusalsOfReceipt) }, random.between(0.3, 4));
        return steps;
      }
      if (fate === 'withdrawn' && random.chance(0.4)) {
        act(
          applicant,
          { action: 'withdraw', reason: 'Tôi nộp nhầm thủ tục, xin rút để nộp lại.' },
          random.between(0.5, 6),
        );
        return steps;
      }
      act(desk.clerk, { action: 'receive' }, random.between(0.2, 4));
    }
    if (fate === 'received') return steps;
    if (fate === 'withdrawn' && random.chance(0.5)) {
      act(desk.clerk, { action: 'withdraw', reason: 'Công dân có đơn xin rút hồ sơ.' }, random.between(1, 12));
      return steps;
    }
    act(desk.clerk, { action: 'forward', agencyId: desk.handlingAgencyId }, pace('receive'));
    if (fate === 'examining') return steps;
    const handler = fate !== 'payment_waiting' && random.chance(0.2) ? desk.head : desk.specialist;
    act(desk.head, { action: 'assign', assigneeId: handler.id }, random.between(0.1, 1.5));
    if (fate === 'assigned') {
      // Left open past its due date: the head apologises and sets a new date, as the rules ask.
      if (plan.late && random.chance(0.5) && state.dueAt && state.dueAt.getTime() < now.getTime()) {
        act(
          desk.head,
          { action: 'apologize', reason: apologyReason, newDueAt: calendar.addWorkingHours(now, 16) },
          0.5,
        );
      }
      return steps;
    }
    const supplement =
      fate === 'supplement_waiting' || (fate === 'stopped' && random.chance(0.5)) || random.chance(0.12);
    if (supplement) {
      act(
        handler,
        { action: 'request_supplement', items: [random.pick(supplementItems)], reason: random.pick(supplementReasons) },
        pace('examine') / 2,
      );
      if (fate === 'supplement_waiting') return steps;
      if (fate === 'stopped') {
        act(
          desk.leader,
          { action: 'stop', reason: 'Quá thời hạn bổ sung hồ sơ mà công dân không bổ sung.' },
          random.between(24, 60),
        );
        return steps;
      }
      act(
        online ? applicant : desk.clerk,
        { action: 'submit_supplement', note: 'Đã bổ sung giấy tờ theo yêu cầu.' },
        random.between(2, 20),
      );
    }
    const payment =
      fate === 'payment_waiting' ||
      ((snapshot.code === '1.012753' || plan.fee !== undefined) && handler === desk.specialist);
    if (payment && handler === desk.specialist) {
      act(
        handler,
        {
          action: 'request_payment',
          amount: plan.fee ?? random.pick([100_000, 150_000, 500_000]),
          description: 'Lệ phí cấp Giấy chứng nhận',
        },
        pace('examine') / 3,
      );
      if (fate === 'payment_waiting') return steps;
      act(
        plan.paidOnline ? SYSTEM_ACTOR : desk.clerk,
        { action: 'confirm_payment', reference: `BL-${random.int(10_000, 99_999)}` },
        random.between(1, 16),
      );
    } else if (fate === 'payment_waiting') {
      return steps;
    }
    if (fate === 'withdrawn') {
      act(
        online ? applicant : desk.clerk,
        { action: 'withdraw', reason: 'Công dân xin rút hồ sơ để bổ sung giấy tờ.' },
        random.between(1, 12),
      );
      return steps;
    }
    if (fate === 'stopped') {
      act(
        desk.leader,
        { action: 'stop', reason: 'Có văn bản của cơ quan có thẩm quyền đề nghị tạm dừng giải quyết.' },
        pace('examine'),
      );
      return steps;
    }
    if (fate === 'refused') {
      act(handler, { action: 'propose_refusal', reason: random.pick(refusalReasons) }, pace('examine', plan.late));
      act(desk.leader, { action: 'refuse', reason: 'Không đủ điều kiện giải quyết theo quy định.' }, pace('approve'));
      return steps;
    }
    act(
      handler,
      { action: 'propose_approval', note: 'Hồ sơ hợp lệ, đủ điều kiện giải quyết.' },
      pace('examine', plan.late),
    );
    if (random.chance(0.5)) act(desk.head, { action: 'assign', assigneeId: desk.leader.id }, random.between(0.1, 0.5));
    if (fate === 'proposed') return steps;
    act(desk.leader, { action: 'approve' }, pace('approve'));
    if (fate === 'approved') return steps;
    const result = procedure.data.results[0]?.name ?? 'Kết quả giải quyết thủ tục hành chính';
    act(
      desk.documentClerk,
      {
        action: 'issue_result',
        results: [{ name: result, number: `${random.int(10, 999)}/${resultNotation(desk)}` }],
      },
      pace('issue'),
    );
    if (fate === 'processed') return steps;
    const method: ReturnMethod = online
      ? random.pick(['electronic', 'counter', 'postal'] as const)
      : random.pick(['counter', 'counter', 'postal'] as const);
    act(desk.clerk, { action: 'return_result', method }, pace('return'));
    if (fate === 'rated') {
      const rating: Rating = random.pick([
        'very_satisfied',
        'very_satisfied',
        'satisfied',
        'satisfied',
        'not_satisfied',
      ] as const);
      act(
        applicant,
        { action: 'rate', rating, ...(rating === 'very_satisfied' ? { comment: 'Cán bộ hướng dẫn tận tình.' } : {}) },
        random.between(1, 30),
      );
    }
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  return steps;
}

const resultNotation = (desk: Desk) => desk.notation ?? (desk.key === 'tanninh' ? 'UBND-TP' : 'STP-HCTP');

/**
 * What kind of history a dossier filed `ageShare` of its deadline ago has by now: fresh ones wait at every
 * stage; by their due date most are done; past it, a few are still open (late), as in a real province.
 */
export function fateFor(random: Random, ageShare: number): Fate {
  if (ageShare < 0.5) {
    return random.weighted<Fate>({
      receiving: 22,
      received: 10,
      examining: 14,
      assigned: 22,
      supplement_waiting: 8,
      payment_waiting: 4,
      proposed: 12,
      approved: 8,
      processed: 4,
      withdrawn: 2,
      denied: 2,
      returned: 2,
    });
  }
  if (ageShare < 1) {
    return random.weighted<Fate>({
      examining: 2,
      assigned: 6,
      supplement_waiting: 8,
      payment_waiting: 1,
      proposed: 6,
      approved: 6,
      processed: 14,
      returned: 40,
      rated: 8,
      refused: 2,
      stopped: 1,
      withdrawn: 3,
      denied: 2,
    });
  }
  return random.weighted<Fate>({
    returned: 56,
    rated: 18,
    processed: 2,
    assigned: 1.5,
    examining: 0.5,
    received: 0.3,
    supplement_waiting: 2.5,
    proposed: 0.5,
    approved: 0.5,
    refused: 3,
    stopped: 3,
    withdrawn: 5,
    denied: 3,
  });
}

/** A moment in the working hours of the day `daysAgo` days before `now`'s (Vietnam dates); null on a day off. */
export function filingTime(random: Random, now: Date, daysAgo: number): Date | null {
  const day = new Date(Date.parse(`${vietnamDate(now)}T00:00:00+07:00`) - daysAgo * 24 * HOUR);
  if (!calendar.isWorkingDay(new Date(day.getTime() + 12 * HOUR))) return null;
  return calendar.addWorkingHours(day, random.between(0.1, 7.5));
}

/** The last working moment of the working day at or before `daysAgo` days before `now`, with a filing time. */
function workingFilingTime(random: Random, now: Date, daysAgo: number): Date {
  for (let d = daysAgo; d < daysAgo + 14; d++) {
    const at = filingTime(random, now, d);
    if (at && at.getTime() < now.getTime()) return at;
  }
  return new Date(now.getTime() - 2 * HOUR);
}

export interface DemoHistoryReport {
  dossiers: number;
  people: number;
  byStatus: Record<string, number>;
  /** Returned late, rated, and open past their due date. */
  returnedLate: number;
  rated: number;
  openLate: number;
}

/**
 * Seeds the demo history when the dossier book is empty and the demo province and catalogue are there;
 * null when it did nothing. One transaction, a handful of statements.
 */
export async function seedDemoHistory(
  connection: Connection,
  options: { now: Date; seed?: number },
): Promise<DemoHistoryReport | null> {
  const db = connection.db;
  const now = options.now;
  const random = generator(options.seed ?? 20_260_701);
  if (await hasAnyDossier(db)) return null;
  const officer = async (username: string): Promise<Actor | null> => {
    const p = await getPersonByUsername(db, username);
    return p?.agencyId
      ? { id: p.id, kind: 'officer', active: p.active, agencyId: p.agencyId, roles: p.roles as Actor['roles'] }
      : null;
  };
  const deskOf = async (key: DeskKey, clerkName: string, staff: string): Promise<Desk | null> => {
    const [clerk, head, specialist, leader, documentClerk] = await Promise.all(
      [
        clerkName,
        `truongphong.${staff}`,
        `chuyenvien.${staff}`,
        staff === 'stp' ? 'giamdoc.stp' : `chutich.${staff}`,
        `vanthu.${staff}`,
      ].map(officer),
    );
    if (!clerk || !head || !specialist || !leader || !documentClerk) return null;
    const receiving = await getAgencyById(db, clerk.agencyId as string);
    if (!receiving || receiving.validTo) return null;
    return {
      key,
      receiving: { id: receiving.id, code: receiving.code },
      handlingAgencyId: head.agencyId as string,
      clerk,
      head,
      specialist,
      leader,
      documentClerk,
    };
  };
  const desks = {
    tanninh: await deskOf('tanninh', 'motcua.tanninh', 'tanninh'),
    stp: await deskOf('stp', 'motcua.stp', 'stp'),
    ttpvhcc: await deskOf('ttpvhcc', 'motcua.ttpvhcc', 'stp'),
  };
  const on = vietnamDate(now);
  const procedures = new Map<string, Plan['procedure']>();
  for (const code of demoHistoryProcedureCodes) {
    const row = await getProcedureInForce(db, code, on);
    if (row)
      procedures.set(code, {
        versionId: row.id,
        data: row.data as Procedure,
        snapshot: snapshotProcedure(row.data as Procedure, row.id),
      });
  }
  if (!desks.tanninh || !desks.stp || !desks.ttpvhcc || procedures.size === 0) return null;
  const desksByKey = desks as Record<DeskKey, Desk>;

  // The demo citizens (they have accounts) and new citizens for everyone else.
  const demoUsernames = [...new Set(demoCitizenPlans.map((p) => p.username))];
  const demoPeople = new Map<string, Person>();
  for (const username of demoUsernames) {
    const p = await getPersonByUsername(db, username);
    if (!p) continue;
    demoPeople.set(username, {
      id: p.id,
      kind: p.kind as Person['kind'],
      active: true,
      agencyId: null,
      roles: [],
      fullName: p.fullName,
      nationalId: p.nationalId ?? '079090012345',
      phone: p.phone ?? '0900000000',
      email: p.email ?? null,
      address: 'Số 12 đường 30/4, phường Tân Ninh, tỉnh Tây Ninh',
    });
  }
  const citizens = makeCitizens(random, 260, now);
  const taken = await personIdsByUsername(
    db,
    citizens.map((c) => c.username),
  );
  const newCitizens = citizens.filter((c) => !taken.has(c.username));

  const plans: Plan[] = [];
  const windowDays = DEMO_HISTORY_WEEKS * 7;
  for (let i = 0; i < GENERATED_DOSSIERS; i++) {
    const deskKey = random.weighted<DeskKey>(deskShare);
    const desk = desksByKey[deskKey];
    const code = random.weighted<string>(
      Object.fromEntries(Object.entries(deskProcedures[deskKey]).filter(([c]) => procedures.has(c))),
    );
    const procedure = procedures.get(code);
    if (!procedure) continue;
    // More filings lately than weeks ago (the history fades in), none on days off.
    const daysAgo = Math.floor(windowDays * random.next() ** 1.3);
    const at = filingTime(random, now, daysAgo);
    if (!at || at.getTime() >= now.getTime()) continue;
    const channels = procedure.data.channels;
    const channel =
      channels.includes('online') && random.chance(0.45)
        ? 'online'
        : channels.includes('postal') && random.chance(0.05)
          ? 'postal'
          : 'counter';
    const total = procedure.snapshot.steps.reduce((s, st) => s + st.hours, 0) || 8;
    // A day's filings are fresh on a one-day procedure too: nobody has had time to act on them.
    let fate = fateFor(random, calendar.workingHoursBetween(at, now) / Math.max(total, 16));
    if ((fate === 'receiving' || fate === 'denied') && channel !== 'online') fate = 'received';
    const applicant = newCitizens.length > 0 ? random.pick(newCitizens) : (demoPeople.values().next().value as Person);
    plans.push({ desk, procedure, applicant, channel, at, fate, late: random.chance(0.14) });
  }
  // Whatever the draw, each desk has a few dossiers waiting at every stage of its officers' work.
  for (const deskKey of Object.keys(desksByKey) as DeskKey[]) {
    for (const fate of queueFates) {
      const code = deskKey === 'tanninh' ? '1.001193' : '3.000333';
      const procedure = procedures.get(code);
      if (!procedure || newCitizens.length === 0) continue;
      const online = fate === 'receiving' || random.chance(0.4);
      const at = workingFilingTime(random, now, random.int(1, 2));
      plans.push({
        desk: desksByKey[deskKey],
        procedure,
        applicant: random.pick(newCitizens),
        channel: online ? 'online' : 'counter',
        at,
        fate,
        late: false,
      });
    }
  }
  for (const p of demoCitizenPlans) {
    const applicant = demoPeople.get(p.username);
    const procedure = procedures.get(p.procedure);
    if (!applicant || !procedure) continue;
    const at = workingFilingTime(random, now, p.daysAgo);
    plans.push({
      desk: desksByKey[p.desk],
      procedure,
      applicant,
      channel: p.online ? 'online' : 'counter',
      at,
      fate: p.fate,
      late: false,
    });
  }
  plans.sort((a, b) => a.at.getTime() - b.at.getTime());

  // Codes in filing order per agency and day, after whatever the days' counters already hold.
  const dayKeys = [...new Set(plans.map((p) => dossierDayKey(p.desk.receiving.code, p.at)))];
  const sequences = await dossierCounterValues(db, dayKeys);
  const dossiers: HistoricDossier[] = [];
  const used = new Set<string>();
  for (const plan of plans) {
    const dayKey = dossierDayKey(plan.desk.receiving.code, plan.at);
    const sequence = (sequences.get(dayKey) ?? 0) + 1;
    sequences.set(dayKey, sequence);
    const id = randomUUID();
    const code = formatDossierCode(plan.desk.receiving.code, plan.at, sequence);
    const steps = simulate(plan, id, code, now, random);
    const last = (steps.at(-1) as { state: DossierState }).state;
    used.add(plan.applicant.id);
    const readBefore = now.getTime() - 3 * 24 * HOUR;
    dossiers.push({
      state: last,
      events: steps.map((s) => s.event),
      procedureVersionId: plan.procedure.versionId,
      procedureName: plan.procedure.data.name,
      applicant: {
        fullName: plan.applicant.fullName,
        nationalId: plan.applicant.nationalId,
        phone: plan.applicant.phone,
        email: plan.applicant.email,
        address: plan.applicant.address,
      },
      lookupSecret: plan.applicant.phone.replace(/\D/g, '').slice(-4),
      notifications: steps.flatMap(({ event, state }) => {
        const notice = dossierNotice(event, state);
        if (!notice) return [];
        return [
          {
            id: randomUUID(),
            personId: state.applicantId,
            dossierVersion: event.version,
            title: notice.title,
            body: notice.body,
            createdAt: event.at,
            readAt: event.at.getTime() < readBefore ? new Date(event.at.getTime() + 2 * HOUR) : null,
            emailTo: plan.applicant.email,
          },
        ];
      }),
      audits: steps.map(({ event, state }) => ({
        occurredAt: event.at,
        actorId: event.actor.id,
        action: `dossier.${event.action}`,
        agencyId: state.currentStep?.agencyId ?? state.receivingAgencyId,
        data: { code, from: event.fromStatus, to: event.toStatus },
      })),
    });
  }
  const people: HistoricPerson[] = newCitizens
    .filter((c) => used.has(c.id))
    .map((c) => ({
      id: c.id,
      kind: 'citizen',
      username: c.username,
      fullName: c.fullName,
      nationalId: c.nationalId,
      taxCode: null,
      phone: c.phone,
      email: c.email,
      createdAt: plans.find((p) => p.applicant.id === c.id)?.at ?? now,
    }));
  await db.transaction((tx) => insertDossierHistory(tx, { people, dossiers, sequences }));
  const byStatus: Record<string, number> = {};
  let returnedLate = 0;
  let rated = 0;
  let openLate = 0;
  for (const { state } of dossiers) {
    byStatus[state.status] = (byStatus[state.status] ?? 0) + 1;
    if (state.status === 'returned' && state.outcome === 'late') returnedLate++;
    if (state.rating) rated++;
    if (!state.finishedAt && state.dueAt && state.dueAt.getTime() < now.getTime()) openLate++;
  }
  return { dossiers: dossiers.length, people: people.length, byStatus, returnedLate, rated, openLate };
}
