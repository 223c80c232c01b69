import {
  type AssignmentLevel,
  type IncomingAction,
  incomingActionInputSchemas,
  levelRoles,
  type OutgoingAction,
  outgoingActionInputSchemas,
  registerYearOfDate,
} from '@congso/core';
import { Alert, Button, Group, Loader, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useMe } from '../app/session';
import { UploadField, useUploads } from '../desk/uploads';
import { identityApi } from '../identity/api';
import { type DocumentDetail, type IncomingDetail, type OutgoingDetail, officeApi, officeKeys } from './api';
import { CountField, DateField, numberOrUndefined, textOrUndefined } from './fields';
import { useBodyForm } from './form';
import { useOfficeT } from './i18n';
import { documentName, useOfficeLabels } from './labels';

/** What every action form gets from the document page. */
export interface OfficeActionProps<D extends DocumentDetail = DocumentDetail> {
  doc: D;
  action: string;
  onDone: (doc: DocumentDetail) => void;
  /** Someone acted first and the action is no longer the caller's (the page reloads the document). */
  onStale: () => void;
  onCancel: () => void;
}

/** Actions shown as red outlines: they send a document back. */
export const negativeOfficeActions: ReadonlySet<string> = new Set(['return']);

/**
 * An action's form: its fields checked by core's schema of the action, sent with the document's version
 * (again on a network error, 502 or 503), the server's field problems on the fields, a version conflict
 * answered by reloading the document (and saying so, or `onStale` when the action is no longer open).
 */
function useOfficeActionForm<V extends Record<string, unknown>>(
  props: OfficeActionProps,
  setup: {
    initialValues: V;
    schema: z.ZodType;
    toFields: (values: V) => Record<string, unknown>;
    fieldOf?: (path: string) => string | null;
    check?: (values: V) => Record<string, string | null>;
  },
) {
  const { doc, action, onDone, onStale } = props;
  const queryClient = useQueryClient();
  const meId = useMe().data?.id;
  const [conflict, setConflict] = useState(false);
  const { form, showServerErrors } = useBodyForm<V, Record<string, unknown>>({
    initialValues: setup.initialValues,
    schema: setup.schema,
    toBody: (values) => ({ action, ...setup.toFields(values) }),
    fieldOf: setup.fieldOf,
    check: setup.check,
  });
  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      doc.direction === 'incoming'
        ? officeApi.actIncoming(doc.id, body as never)
        : officeApi.actOutgoing(doc.id, body as never),
    onSuccess: (next: DocumentDetail) => {
      queryClient.setQueryData(officeKeys.detail(next.direction, next.id), next);
      void queryClient.invalidateQueries({ queryKey: officeKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' });
      onDone(next);
    },
    onError: async (error, body) => {
      if (!isApiError(error, 'VERSION_CONFLICT')) {
        showServerErrors(error);
        return;
      }
      const fresh = await queryClient.fetchQuery({
        queryKey: officeKeys.detail(doc.direction, doc.id),
        queryFn: () => officeApi.document(doc.direction, doc.id),
        staleTime: 0,
      });
      // A retry of an action that went through the first time (its answer was lost): done.
      const next = fresh.events.find((event) => event.version === (body.version as number) + 1);
      if (next && next.action === action && next.actorId === meId) {
        onDone(fresh);
        return;
      }
      if (fresh.availableActions.includes(action)) setConflict(true);
      else onStale();
    },
  });
  const submit = form.onSubmit((values) => {
    if (mutation.isPending) return;
    setConflict(false);
    mutation.mutate({ ...setup.toFields(values), action, version: doc.version });
  });
  return { form, mutation, conflict, submit };
}

function Shell({
  handle,
  props,
  children,
  busy,
}: {
  handle: ReturnType<typeof useOfficeActionForm>;
  props: OfficeActionProps;
  children?: ReactNode;
  busy?: boolean;
}) {
  const t = useOfficeT();
  const { t: tt } = useTranslation();
  const labels = useOfficeLabels();
  const { mutation, conflict, submit, form } = handle;
  const fieldErrors = Object.values(form.errors).some(Boolean);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {conflict && (
          <Alert color="orange" variant="light" role="alert" data-testid="version-conflict">
            {t('document.conflict')}
          </Alert>
        )}
        {mutation.isError && !isApiError(mutation.error, 'VERSION_CONFLICT') && !fieldErrors && (
          <ErrorAlert error={mutation.error} testId="action-error" />
        )}
        {children}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={props.onCancel}>
            {tt('app.common.cancel')}
          </Button>
          <Button
            type="submit"
            color={negativeOfficeActions.has(props.action) ? 'red' : undefined}
            loading={mutation.isPending}
            disabled={busy}
            data-testid="action-submit"
          >
            {labels.action(props.doc.direction, props.action)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TextField({
  form,
  path,
  label,
  required,
  autoFocus = true,
  testId,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: any form with this text field
  form: any;
  path: string;
  label: string;
  required?: boolean;
  autoFocus?: boolean;
  testId: string;
}) {
  return (
    <Textarea
      label={label}
      required={required}
      autosize
      minRows={2}
      maxRows={6}
      data-autofocus={autoFocus ? true : undefined}
      {...form.getInputProps(path)}
      data-testid={testId}
    />
  );
}

// ---------------------------------------------------------------------------------------------------
// Incoming

/** Assign with instructions and a deadline, to someone of a level below the assigner's. */
function AssignForm(props: OfficeActionProps<IncomingDetail>) {
  const t = useOfficeT();
  const labels = useOfficeLabels();
  const levels = props.doc.assignableLevels;
  const handle = useOfficeActionForm(props, {
    initialValues: {
      level: (levels[0] ?? 'leader') as AssignmentLevel,
      assigneeId: '',
      instructions: '',
      deadlineWorkingDays: '' as number | string,
      dueDate: '',
    },
    schema: incomingActionInputSchemas.assign,
    toFields: (v) => ({
      level: v.level,
      assigneeId: v.assigneeId,
      instructions: textOrUndefined(v.instructions),
      deadlineWorkingDays: numberOrUndefined(v.deadlineWorkingDays),
      dueDate: textOrUndefined(v.dueDate),
    }),
  });
  const { form } = handle;
  const level = form.values.level;
  const officers = useQuery({
    queryKey: ['office', 'assignees', level],
    queryFn: async () => {
      try {
        return await officeApi.assignees(level);
      } catch (error) {
        // A server without the office's own list: the officers' directory (heads and leaders read it).
        if (!isApiError(error) || error.status !== 404) throw error;
        const page = await identityApi.officers({
          agencyId: props.doc.state.agencyId,
          includeSubAgencies: false,
          role: levelRoles[level],
          limit: 200,
        });
        return { items: page.items.filter((o) => o.active) };
      }
    },
    retry: false,
  });
  const assignee = form.getInputProps('assigneeId');
  const options = (officers.data?.items ?? []).map((o) => ({ value: o.id, label: o.fullName }));
  return (
    <Shell handle={handle} props={props}>
      <Select
        label={t('form.level')}
        required
        allowDeselect={false}
        data={levels.map((l) => ({ value: l, label: labels.level(l) }))}
        value={level}
        onChange={(value) => {
          form.setFieldValue('level', (value ?? levels[0]) as AssignmentLevel);
          form.setFieldValue('assigneeId', '');
        }}
        comboboxProps={{ withinPortal: true }}
        data-testid="assign-level"
      />
      <Select
        label={t('form.assignee')}
        placeholder={t('form.assigneePlaceholder')}
        required
        searchable
        data-autofocus
        data={options}
        value={form.values.assigneeId || null}
        onChange={(value) => form.setFieldValue('assigneeId', value ?? '')}
        onBlur={assignee.onBlur}
        nothingFoundMessage={t('form.assigneeNone')}
        rightSection={officers.isFetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
        error={
          assignee.error ??
          (officers.isError
            ? t('form.assigneeUnavailable')
            : officers.data && options.length === 0
              ? t('form.assigneeNone')
              : null)
        }
        comboboxProps={{ withinPortal: true }}
        data-testid="assign-assignee"
      />
      <TextField
        form={form}
        path="instructions"
        label={`${t('form.instructions')} (${t('form.optional')})`}
        autoFocus={false}
        testId="assign-instructions"
      />
      <Group grow align="flex-start" gap="sm">
        <CountField
          label={`${t('form.deadlineDays')} (${t('form.optional')})`}
          max={365}
          {...form.getInputProps('deadlineWorkingDays')}
          data-testid="assign-days"
        />
        <DateField
          label={`${t('form.dueDate')} (${t('form.optional')})`}
          {...form.getInputProps('dueDate')}
          data-testid="assign-due-date"
        />
      </Group>
    </Shell>
  );
}

function OpinionForm(props: OfficeActionProps<IncomingDetail>) {
  const t = useOfficeT();
  const handle = useOfficeActionForm(props, {
    initialValues: { text: '' },
    schema: incomingActionInputSchemas.opinion,
    toFields: (v) => ({ text: v.text }),
  });
  return (
    <Shell handle={handle} props={props}>
      <TextField form={handle.form} path="text" label={t('form.opinion')} required testId="opinion-text" />
    </Shell>
  );
}

function CompleteForm(props: OfficeActionProps<IncomingDetail>) {
  const t = useOfficeT();
  const handle = useOfficeActionForm(props, {
    initialValues: { note: '' },
    schema: incomingActionInputSchemas.complete,
    toFields: (v) => ({ note: textOrUndefined(v.note) }),
  });
  return (
    <Shell handle={handle} props={props}>
      <TextField
        form={handle.form}
        path="note"
        label={`${t('document.doneNote')} (${t('form.optional')})`}
        testId="action-note"
      />
    </Shell>
  );
}

// ---------------------------------------------------------------------------------------------------
// Outgoing

/** Submit and approve: an optional note. */
function NoteForm(props: OfficeActionProps<OutgoingDetail>) {
  const t = useOfficeT();
  const schema = outgoingActionInputSchemas[props.action as 'submit' | 'approve'];
  const handle = useOfficeActionForm(props, {
    initialValues: { note: '' },
    schema,
    toFields: (v) => ({ note: textOrUndefined(v.note) }),
  });
  return (
    <Shell handle={handle} props={props}>
      <TextField
        form={handle.form}
        path="note"
        label={`${t('form.note')} (${t('form.optional')})`}
        testId="action-note"
      />
    </Shell>
  );
}

function ReturnForm(props: OfficeActionProps<OutgoingDetail>) {
  const t = useOfficeT();
  const handle = useOfficeActionForm(props, {
    initialValues: { reason: '' },
    schema: outgoingActionInputSchemas.return,
    toFields: (v) => ({ reason: v.reason }),
  });
  return (
    <Shell handle={handle} props={props}>
      <TextField form={handle.form} path="reason" label={t('form.reason')} required testId="action-reason" />
    </Shell>
  );
}

/** Replaces the draft's PDF (the draft's other details stay). */
function UpdateForm(props: OfficeActionProps<OutgoingDetail>) {
  const t = useOfficeT();
  const uploads = useUploads();
  const fileId = uploads.idsOf('draft')[0];
  const handle = useOfficeActionForm(props, {
    initialValues: {},
    schema: outgoingActionInputSchemas.update,
    toFields: () => ({ fileId }),
    fieldOf: (path) => (path === 'fileId' ? 'file' : null),
  });
  return (
    <Shell handle={handle} props={props} busy={uploads.pending || !fileId}>
      <UploadField
        uploads={uploads}
        group="draft"
        label={t('draft.file')}
        buttonText={t('draft.fileButton')}
        multiple={false}
        testId="update-file"
      />
      {handle.form.errors.file && (
        <Text size="xs" c="red.8" role="alert">
          {handle.form.errors.file}
        </Text>
      )}
    </Shell>
  );
}

/** The signer signs through the signing service, or uploads the PDF signed with their own device. */
function SignForm(props: OfficeActionProps<OutgoingDetail>) {
  const t = useOfficeT();
  const uploads = useUploads();
  const signedFileId = uploads.idsOf('signed')[0];
  const handle = useOfficeActionForm(props, {
    initialValues: {},
    schema: outgoingActionInputSchemas.sign,
    toFields: () => (signedFileId ? { signedFileId } : {}),
    fieldOf: (path) => (path === 'signedFileId' ? 'signedFile' : null),
  });
  return (
    <Shell handle={handle} props={props} busy={uploads.pending}>
      <Text size="sm">{t('form.signIntro')}</Text>
      <div>
        <Text size="sm" fw={500}>
          {t('form.signedFile')} ({t('form.optional')})
        </Text>
        <UploadField
          uploads={uploads}
          group="signed"
          label={t('form.signedFile')}
          buttonText={t('form.signedFileButton')}
          multiple={false}
          testId="signed-file"
        />
        {handle.form.errors.signedFile && (
          <Text size="xs" c="red.8" role="alert" data-testid="signed-file-error">
            {handle.form.errors.signedFile}
          </Text>
        )}
      </div>
    </Shell>
  );
}

function IssueForm(props: OfficeActionProps<OutgoingDetail>) {
  const t = useOfficeT();
  const signedAt = props.doc.state.signedAt;
  const year = signedAt ? registerYearOfDate(signedAt.slice(0, 10)) : new Date().getFullYear();
  const handle = useOfficeActionForm(props, {
    initialValues: {},
    schema: outgoingActionInputSchemas.issue,
    toFields: () => ({}),
  });
  return (
    <Shell handle={handle} props={props}>
      <Text size="sm">{t('form.issueIntro', { year })}</Text>
    </Shell>
  );
}

function SendForm(props: OfficeActionProps<OutgoingDetail>) {
  const t = useOfficeT();
  const handle = useOfficeActionForm(props, {
    initialValues: {},
    schema: outgoingActionInputSchemas.send,
    toFields: () => ({}),
  });
  const recipients = props.doc.state.draft.recipients.filter((r) => r.kind !== 'note');
  return (
    <Shell handle={handle} props={props}>
      <Text size="sm">{recipients.length ? t('form.sendIntro') : t('form.noRecipients')}</Text>
      <RecipientList doc={props.doc} />
    </Shell>
  );
}

/** The recipients of an outgoing document, by kind. */
export function RecipientList({ doc }: { doc: OutgoingDetail }) {
  const t = useOfficeT();
  const recipients = doc.state.draft.recipients;
  const agencyNames = useAgencyNameMap(recipients.flatMap((r) => (r.kind === 'internal' ? [r.agencyId] : [])));
  if (recipients.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('draft.noRecipients')}
      </Text>
    );
  }
  return (
    <ul className="desk-plain-list" data-testid="recipients">
      {recipients.map((r, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the draft's own order
        <li key={index}>
          <Text size="sm">
            {r.kind === 'internal' ? (agencyNames[r.agencyId] ?? '…') : r.name}{' '}
            <Text span size="xs" c="dimmed">
              (
              {r.kind === 'internal'
                ? t('document.internal')
                : r.kind === 'external'
                  ? `${t('document.external')}${r.organId ? `, ${r.organId}` : ''}`
                  : t('document.note')}
              )
            </Text>
          </Text>
        </li>
      ))}
    </ul>
  );
}

/** Agency names by id (every officer may read agencies). */
export function useAgencyNameMap(ids: readonly string[]): Record<string, string> {
  const unique = [...new Set(ids)];
  const query = useQuery({
    queryKey: ['agencies', 'names', ...unique],
    queryFn: async () => {
      const out: Record<string, string> = {};
      await Promise.all(
        unique.map(async (id) => {
          const agency = await identityApi.agency(id).catch(() => null);
          if (agency) out[id] = agency.name;
        }),
      );
      return out;
    },
    enabled: unique.length > 0,
    staleTime: 10 * 60_000,
  });
  return query.data ?? {};
}

// ---------------------------------------------------------------------------------------------------

const incomingForms = {
  assign: AssignForm,
  opinion: OpinionForm,
  complete: CompleteForm,
} satisfies Record<IncomingAction, (props: OfficeActionProps<IncomingDetail>) => ReactNode>;

const outgoingForms = {
  update: UpdateForm,
  submit: NoteForm,
  return: ReturnForm,
  approve: NoteForm,
  sign: SignForm,
  issue: IssueForm,
  send: SendForm,
} satisfies Record<OutgoingAction, (props: OfficeActionProps<OutgoingDetail>) => ReactNode>;

/** An action's form in a modal, named after the action and the document. */
export function OfficeActionModal(props: OfficeActionProps) {
  const labels = useOfficeLabels();
  const t = useOfficeT();
  const fullScreen = useMediaQuery('(max-width: 36em)');
  const { doc, action } = props;
  const IncomingForm = doc.direction === 'incoming' ? incomingForms[action as IncomingAction] : undefined;
  const OutgoingForm = doc.direction === 'outgoing' ? outgoingForms[action as OutgoingAction] : undefined;
  return (
    <Modal
      opened
      onClose={props.onCancel}
      title={
        <Text fw={600} component="span">
          {labels.action(doc.direction, action)}
          <Text span c="dimmed" size="sm" ml={8}>
            {documentName(doc)}
          </Text>
        </Text>
      }
      size="lg"
      centered
      fullScreen={!!fullScreen}
      closeButtonProps={{ 'aria-label': t('form.cancel') }}
      data-testid={`action-form-${action}`}
    >
      {doc.direction === 'incoming' && IncomingForm && <IncomingForm {...props} doc={doc} />}
      {doc.direction === 'outgoing' && OutgoingForm && <OutgoingForm {...props} doc={doc} />}
    </Modal>
  );
}
