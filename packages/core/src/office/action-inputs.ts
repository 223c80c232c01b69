/**
 * The contract of the actions on incoming and outgoing documents: one zod schema per action (the API's
 * request bodies, the web app's forms, the domain's own check in `applyIncomingAction` /
 * `applyOutgoingAction`). Problems are named by keys of `fieldProblems`.
 */
import { z } from 'zod';
import { dateText, documentMetadataSchema, optionalText, outgoingDraftSchema, requiredText } from './metadata';

export const MAX_INSTRUCTIONS_LENGTH = 2000;
export const MAX_DEADLINE_WORKING_DAYS = 365;

/** The routing levels of an incoming document: leader → department → specialist. */
export const assignmentLevels = ['leader', 'department', 'specialist'] as const;
export type AssignmentLevel = (typeof assignmentLevels)[number];

export const assignmentLevelLabels = {
  leader: { vi: 'Lãnh đạo cơ quan', en: 'Agency leader' },
  department: { vi: 'Phòng, đơn vị chủ trì', en: 'Department' },
  specialist: { vi: 'Chuyên viên xử lý', en: 'Specialist' },
} as const;

const action = <A extends string, S extends z.ZodRawShape>(name: A, shape: S) =>
  z.strictObject({ action: z.literal(name), ...shape });

/** A handling deadline: a number of working days from now, or a date (due at the end of that working day). */
const deadline = {
  deadlineWorkingDays: z
    .number({ error: 'deadline' })
    .int({ error: 'deadline' })
    .min(1, { error: 'deadline' })
    .max(MAX_DEADLINE_WORKING_DAYS, { error: 'deadline' })
    .optional(),
  dueDate: dateText.optional(),
};

export const incomingActionInputSchemas = {
  assign: action('assign', {
    assigneeId: requiredText(100),
    level: z.enum(assignmentLevels, { error: 'required' }),
    instructions: optionalText(MAX_INSTRUCTIONS_LENGTH),
    ...deadline,
  }).refine((v) => v.deadlineWorkingDays === undefined || v.dueDate === undefined, {
    error: 'deadline',
    path: ['dueDate'],
  }),
  opinion: action('opinion', { text: requiredText(MAX_INSTRUCTIONS_LENGTH) }),
  complete: action('complete', { note: optionalText(MAX_INSTRUCTIONS_LENGTH) }),
};

export const incomingActions = ['assign', 'opinion', 'complete'] as const;
export type IncomingAction = (typeof incomingActions)[number];
export type IncomingActionInput = z.output<(typeof incomingActionInputSchemas)[IncomingAction]>;

const version = { version: z.number({ error: 'required' }).int().min(1) };

/** The body of `POST /api/v1/office/incoming/:id/actions`. */
export const incomingActionBodySchema = z.discriminatedUnion('action', [
  incomingActionInputSchemas.assign.safeExtend(version),
  incomingActionInputSchemas.opinion.extend(version),
  incomingActionInputSchemas.complete.extend(version),
]);
export type IncomingActionBody = z.input<typeof incomingActionBodySchema>;

/** How an incoming document reached the agency. */
export const incomingSources = ['upload', 'internal', 'edxml'] as const;
export type IncomingSource = (typeof incomingSources)[number];
/** Electronic (a signed file, a package, a Congso delivery) or paper (scanned at arrival). */
export const documentMedia = ['electronic', 'paper'] as const;
export type DocumentMedium = (typeof documentMedia)[number];

/** The body of `POST /api/v1/office/incoming`: an uploaded PDF and what the clerk reads on it. */
export const registerIncomingBodySchema = z.strictObject({
  fileId: requiredText(100),
  medium: z.enum(documentMedia, { error: 'required' }).default('electronic'),
  metadata: documentMetadataSchema,
});
export type RegisterIncomingBody = z.input<typeof registerIncomingBodySchema>;

export const outgoingActionInputSchemas = {
  update: action('update', { draft: outgoingDraftSchema.optional(), fileId: optionalText(100) }),
  submit: action('submit', { note: optionalText(MAX_INSTRUCTIONS_LENGTH) }),
  return: action('return', { reason: requiredText(MAX_INSTRUCTIONS_LENGTH) }),
  approve: action('approve', { note: optionalText(MAX_INSTRUCTIONS_LENGTH) }),
  /** `signedFileId`: the PDF the signer signed with their own token and uploaded (when no signing service). */
  sign: action('sign', { signedFileId: optionalText(100) }),
  issue: action('issue', {}),
  send: action('send', {}),
};
export const outgoingActions = ['update', 'submit', 'return', 'approve', 'sign', 'issue', 'send'] as const;
export type OutgoingAction = (typeof outgoingActions)[number];

/** The body of `POST /api/v1/office/outgoing/:id/actions`. */
export const outgoingActionBodySchema = z.discriminatedUnion('action', [
  outgoingActionInputSchemas.update.extend(version),
  outgoingActionInputSchemas.submit.extend(version),
  outgoingActionInputSchemas.return.extend(version),
  outgoingActionInputSchemas.approve.extend(version),
  outgoingActionInputSchemas.sign.extend(version),
  outgoingActionInputSchemas.issue.extend(version),
  outgoingActionInputSchemas.send.extend(version),
]);
export type OutgoingActionBody = z.input<typeof outgoingActionBodySchema>;

/**
 * The body of `POST /api/v1/office/outgoing`: a draft from an uploaded PDF (`fileId`) or composed text
 * (`content`, rendered to PDF by the server); exactly one of them.
 */
export const draftOutgoingBodySchema = z
  .strictObject({
    draft: outgoingDraftSchema,
    fileId: optionalText(100),
    content: optionalText(50_000),
  })
  .refine((v) => (v.fileId === undefined) !== (v.content === undefined), {
    error: 'required',
    path: ['content'],
  });
export type DraftOutgoingBody = z.input<typeof draftOutgoingBodySchema>;
