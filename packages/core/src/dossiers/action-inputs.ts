/**
 * The contract of the actions on a dossier: one zod schema per action, for the API's request body (the
 * route accepts their union), the web app's forms and the domain's own check of an input (`applyAction`),
 * so an action's fields, limits and messages are written here once. Problems are named by keys of
 * `fieldProblems` (the API reports `{ path, code, message }`, see `fieldIssuesOf`).
 *
 * The wire format differs from the domain's `DossierActionInput` in one place: `apologize.newDueAt` is an
 * ISO 8601 instant (text) on the wire and a Date in the domain (`actionInputOf` converts).
 */
import { z } from 'zod';
import { parseInstant } from '../shared/instant';
import type { DossierAction, DossierActionInput } from './actions';
import { ratings, returnMethods } from './statuses';

export const MAX_REASON_LENGTH = 2000;
export const MAX_COMMENT_LENGTH = 1000;

/** A required text, trimmed: `required` when missing or blank, `too_long` past `max` characters. */
const requiredText = (max = MAX_REASON_LENGTH) =>
  z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(max, { error: 'too_long' });

/** An optional text, trimmed; absent when null or blank. */
const optionalText = (max = MAX_REASON_LENGTH) =>
  z
    .string({ error: 'required' })
    .trim()
    .max(max, { error: 'too_long' })
    .nullish()
    .transform((value) => (value ? value : undefined));

/** An instant as a client sends it (see `parseInstant`): "2026-12-01T08:00:00+07:00", "2026-12-01". */
const instantText = z
  .string({ error: 'new_due_at' })
  .refine((text) => Number.isFinite(parseInstant(text).getTime()), { error: 'new_due_at' })
  .meta({
    description: 'ISO 8601 date or date-time (without an offset: Vietnam time)',
    example: '2026-12-01T16:30:00+07:00',
  });

const note = { note: optionalText() };
const reason = { reason: requiredText() };

/** A result document as the document clerk registers it (a decision, a certificate, ...). */
export const dossierResultDocumentSchema = z.strictObject({
  name: requiredText(500),
  /** Number and notation in the outgoing register, e.g. `123/QĐ-UBND`. */
  number: optionalText(100),
  /** Stored file (the electronic result). */
  fileId: optionalText(200),
});

const action = <A extends DossierAction, S extends z.ZodRawShape>(name: A, shape: S) =>
  z.strictObject({ action: z.literal(name), ...shape });

/** Each action's fields (without `version`), in the wire format. */
export const dossierActionInputSchemas = {
  submit_online: action('submit_online', note),
  receive: action('receive', note),
  refuse_receipt: action('refuse_receipt', reason),
  forward: action('forward', { agencyId: requiredText(100), ...note }),
  assign: action('assign', { assigneeId: requiredText(100), ...note }),
  request_supplement: action('request_supplement', {
    items: z.array(requiredText(500), { error: 'supplement_items' }).min(1, { error: 'supplement_items' }),
    ...reason,
  }),
  submit_supplement: action('submit_supplement', {
    /** The stored files the applicant brings (uploaded first). */
    fileIds: z.array(requiredText(500), { error: 'list' }).optional(),
    ...note,
  }),
  propose_approval: action('propose_approval', note),
  propose_refusal: action('propose_refusal', reason),
  approve: action('approve', note),
  refuse: action('refuse', reason),
  request_payment: action('request_payment', {
    /** In dong. */
    amount: z
      .number({ error: 'amount' })
      .int({ error: 'amount' })
      .positive({ error: 'amount' })
      .max(Number.MAX_SAFE_INTEGER, { error: 'amount' }),
    description: optionalText(),
  }),
  confirm_payment: action('confirm_payment', { reference: optionalText(200) }),
  /** The applicant proved an exemption after the fee was asked: why, and the text that grants it. */
  waive_payment: action('waive_payment', { ...reason, legalBasis: requiredText(500) }),
  issue_result: action('issue_result', {
    /** The result documents registered in the outgoing register. */
    results: z.array(dossierResultDocumentSchema, { error: 'result_documents' }).min(1, { error: 'result_documents' }),
  }),
  return_result: action('return_result', { method: z.enum(returnMethods, { error: 'return_method' }) }),
  apologize: action('apologize', { ...reason, newDueAt: instantText }),
  stop: action('stop', reason),
  withdraw: action('withdraw', { reason: optionalText() }),
  rate: action('rate', {
    rating: z.enum(ratings, { error: 'rating' }),
    comment: optionalText(MAX_COMMENT_LENGTH),
  }),
  send_to_agency: action('send_to_agency', { agencyId: requiredText(100), ...note }),
  return_from_agency: action('return_from_agency', note),
} satisfies { [A in DossierAction]: z.ZodObject<{ action: z.ZodLiteral<A> } & z.ZodRawShape> };

type ActionSchemas = typeof dossierActionInputSchemas;

/** The dossier's version the action applies to (409 VERSION_CONFLICT when it changed). */
const version = z.number().int().min(1);
const inputs = dossierActionInputSchemas;

/** The body of `POST /api/v1/dossiers/:id/actions`: one of the actions, with the version it applies to. */
export const dossierActionBodySchema = z.discriminatedUnion('action', [
  inputs.submit_online.extend({ version }),
  inputs.receive.extend({ version }),
  inputs.refuse_receipt.extend({ version }),
  inputs.forward.extend({ version }),
  inputs.assign.extend({ version }),
  inputs.request_supplement.extend({ version }),
  inputs.submit_supplement.extend({ version }),
  inputs.propose_approval.extend({ version }),
  inputs.propose_refusal.extend({ version }),
  inputs.approve.extend({ version }),
  inputs.refuse.extend({ version }),
  inputs.request_payment.extend({ version }),
  inputs.confirm_payment.extend({ version }),
  inputs.waive_payment.extend({ version }),
  inputs.issue_result.extend({ version }),
  inputs.return_result.extend({ version }),
  inputs.apologize.extend({ version }),
  inputs.stop.extend({ version }),
  inputs.withdraw.extend({ version }),
  inputs.rate.extend({ version }),
  inputs.send_to_agency.extend({ version }),
  inputs.return_from_agency.extend({ version }),
]);

/** What a client sends to act on a dossier. */
export type DossierActionBody = z.input<typeof dossierActionBodySchema>;
/** The body of one action. */
export type ActionBodyOf<A extends DossierAction> = Extract<DossierActionBody, { action: A }>;
/** A body once checked (texts trimmed, blanks absent). */
export type ParsedDossierActionBody = z.output<typeof dossierActionBodySchema>;
/** One action's checked fields, in the wire format. */
export type ParsedActionOf<A extends DossierAction> = z.output<ActionSchemas[A]>;

// Every action has its body in the union (a compile error otherwise).
type MissingBodies = Exclude<DossierAction, DossierActionBody['action']>;
const everyActionHasABody: MissingBodies extends never ? true : MissingBodies = true;
void everyActionHasABody;

/** The fields a check left `undefined` (a blank optional text) are left out. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The domain's input from a checked body (or checked fields): the version dropped, `newDueAt` a Date. */
export function actionInputOf(parsed: ParsedDossierActionBody | ParsedActionOf<DossierAction>): DossierActionInput {
  const { version: _version, ...fields } = parsed as ParsedDossierActionBody;
  const input = withoutUndefined(fields) as Record<string, unknown>;
  if (fields.action === 'issue_result') input.results = fields.results.map(withoutUndefined);
  if (fields.action === 'apologize') input.newDueAt = parseInstant(fields.newDueAt);
  return input as unknown as DossierActionInput;
}
