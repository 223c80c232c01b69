import {
  type ActionBodyOf,
  type DossierAction,
  type DossierPaper,
  dossierActionInputSchemas,
  paperEvent,
  papersOf,
} from '@congso/core';
import { Alert, Button, Group, Stack } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { apiFieldIssues, formErrors, zodIssues } from '../app/form-errors';
import { useLanguage } from '../app/i18n';
import { useMe } from '../app/session';
import type { ActionFormProps } from './action-forms';
import { type ActionBody, type DossierDetail, dossiersApi, dossiersKeys } from './api';

/** An action's own fields: its body without `action` and `version`. */
export type ActionFields<A extends DossierAction> = Omit<ActionBodyOf<A>, 'action' | 'version'>;

/** Actions after which the control slip (form 02) has a new line to print: the dossier changed hands. */
const handOverActions: ReadonlySet<DossierAction> = new Set<DossierAction>([
  'forward',
  'send_to_agency',
  'return_from_agency',
  'issue_result',
  'return_result',
]);

/** The paper an action just made (core's papersOf), or the control slip when it handed the dossier over. */
export function paperAfter(
  dossier: Pick<DossierDetail, 'events' | 'version'>,
  action: DossierAction,
): DossierPaper | null {
  const papers = papersOf(dossier.events);
  const made = papers.find((paper) => paperEvent(dossier.events, paper)?.version === dossier.version);
  if (made) return made;
  return handOverActions.has(action) && papers.includes('control-slip') ? 'control-slip' : null;
}

export interface ActionFormHandle<V> {
  form: UseFormReturnType<V>;
  mutation: UseMutationResult<DossierDetail, Error, ActionBody>;
  conflict: boolean;
  submit: (event?: FormEvent<HTMLFormElement>) => void;
  props: ActionFormProps;
}

export interface ActionFormSetup<A extends DossierAction, V> {
  initialValues: V;
  /** The action's fields from the form's values; core's schema of the action checks them before sending. */
  toFields: (values: V) => ActionFields<A>;
  /** What the schema cannot check (e.g. a date after the current one), by field path; worded before the schema's. */
  check?: (values: V) => Record<string, string | null>;
  /**
   * Sends the action another way than POST /actions (e.g. the fee request from the schedule, POST /fees):
   * the same body with the version; answers the dossier as it is after.
   */
  send?: (body: ActionBody, values: V) => Promise<DossierDetail>;
}

/**
 * A form of one action: its values in @mantine/form, checked by core's schema of the action (the one the
 * server checks with), sent with the dossier's version (again on a network error, 502 or 503), the
 * server's field problems put back on the fields, and a version conflict answered by reloading the
 * dossier and saying so (or `onStale` when the action is no longer the caller's).
 */
export function useActionForm<A extends DossierAction, V extends Record<string, unknown>>(
  props: ActionFormProps<A>,
  setup: ActionFormSetup<A, V>,
): ActionFormHandle<V> {
  const { dossier, action, onDone, onStale } = props;
  const { pick } = useLanguage();
  const queryClient = useQueryClient();
  const meId = useMe().data?.id;
  const [conflict, setConflict] = useState(false);
  const schema = dossierActionInputSchemas[action];

  const form = useForm<V>({
    initialValues: setup.initialValues,
    validate: (values) => {
      const issues = zodIssues(schema, { action, ...setup.toFields(values) });
      const errors: Record<string, string | null> = formErrors(issues, (issue) => pick(issue.message));
      for (const [path, message] of Object.entries(setup.check?.(values) ?? {})) {
        if (message) errors[path] = message;
      }
      return errors;
    },
  });

  const mutation = useMutation({
    mutationFn: (body: ActionBody) =>
      setup.send ? setup.send(body, form.getValues()) : dossiersApi.act(dossier.id, body),
    onSuccess: (next) => {
      queryClient.setQueryData(dossiersKeys.detail(next.id), next);
      void queryClient.invalidateQueries({ queryKey: dossiersKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' });
      onDone(next);
    },
    onError: async (error, body) => {
      if (!isApiError(error, 'VERSION_CONFLICT')) {
        // The server's field problems on the fields the form has (the rest in the error's alert).
        form.setErrors(
          formErrors(
            apiFieldIssues(error),
            (issue) => pick(issue.message),
            (path) => ((path.split('.')[0] ?? '') in form.values ? path : null),
          ),
        );
        return;
      }
      const fresh = await queryClient.fetchQuery({
        queryKey: dossiersKeys.detail(dossier.id),
        queryFn: () => dossiersApi.dossier(dossier.id),
        staleTime: 0,
      });
      // A retry of an action that went through the first time (its answer was lost on the way): done.
      const next = fresh.events.find((event) => event.version === body.version + 1);
      if (next && next.action === action && next.actor.id === meId) {
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
    mutation.mutate({ ...setup.toFields(values), action, version: dossier.version } as ActionBody);
  });

  return { form, mutation, conflict, submit, props: props as unknown as ActionFormProps };
}

interface ShellProps {
  // biome-ignore lint/suspicious/noExplicitAny: the shell reads only what every action form has
  handle: ActionFormHandle<any>;
  children?: ReactNode;
  submitLabel: string;
  /** Red for an action that ends or turns the dossier down. */
  color?: string;
  /** Files still uploading: the action waits. */
  busy?: boolean;
  submitTestId?: string;
  cancelTestId?: string;
  /** Moves the submit button to the end of its row (a modal's buttons). */
  justify?: 'flex-start' | 'flex-end';
  autoFocusSubmit?: boolean;
}

/** The frame of every action form: the conflict notice, the error, the fields, Cancel and the action. */
export function ActionFormShell({
  handle,
  children,
  submitLabel,
  color,
  busy,
  submitTestId = 'action-submit',
  cancelTestId,
  justify = 'flex-end',
  autoFocusSubmit,
}: ShellProps) {
  const { t } = useTranslation();
  const { mutation, conflict, submit, form, props } = handle;
  const fieldErrors = Object.values(form.errors).some(Boolean);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {conflict && (
          <Alert color="orange" variant="light" role="alert" data-testid="version-conflict">
            {t('app.action.conflict')}
          </Alert>
        )}
        {mutation.isError && !isApiError(mutation.error, 'VERSION_CONFLICT') && !fieldErrors && (
          <ErrorAlert error={mutation.error} testId="action-error" />
        )}
        {children}
        <Group justify={justify} gap="sm" mt="xs">
          {props.onCancel && (
            <Button variant="default" onClick={props.onCancel} data-testid={cancelTestId}>
              {t('app.common.cancel')}
            </Button>
          )}
          <Button
            type="submit"
            color={color}
            loading={mutation.isPending}
            disabled={busy}
            data-autofocus={autoFocusSubmit ? true : undefined}
            data-testid={submitTestId}
          >
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
