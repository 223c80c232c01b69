import type { DossierAction } from '@congso/core';
import { Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import { type ActionFormHandle, ActionFormShell } from '../../dossiers/action-form-shell';
import { useDeskT } from '../i18n';
import { useDeskLabels } from '../labels';

/** Actions that end or turn down a dossier: shown in red. */
export const negativeActions: ReadonlySet<DossierAction> = new Set<DossierAction>([
  'refuse_receipt',
  'propose_refusal',
  'refuse',
  'stop',
  'withdraw',
]);

/** The desk's frame of an action form: the shell with the action's name on its button. */
export function DeskActionShell<V>({
  handle,
  children,
  busy,
  autoFocusSubmit,
}: {
  handle: ActionFormHandle<V>;
  children?: ReactNode;
  busy?: boolean;
  autoFocusSubmit?: boolean;
}) {
  const labels = useDeskLabels();
  const action = handle.props.action;
  return (
    <ActionFormShell
      handle={handle}
      submitLabel={labels.action(action)}
      color={negativeActions.has(action) ? 'red' : undefined}
      busy={busy}
      autoFocusSubmit={autoFocusSubmit}
    >
      {children}
    </ActionFormShell>
  );
}

/** A reason, required or optional (`(không bắt buộc)` in its label). */
export function ReasonField<V extends { reason: string }>({
  form,
  required = true,
  autoFocus = true,
}: {
  form: UseFormReturnType<V>;
  required?: boolean;
  autoFocus?: boolean;
}) {
  const t = useDeskT();
  return (
    <Textarea
      label={required ? t('form.reason') : `${t('form.reason')} (${t('form.optional')})`}
      required={required}
      autosize
      minRows={2}
      maxRows={6}
      data-autofocus={autoFocus ? true : undefined}
      {...form.getInputProps('reason')}
      data-testid="action-reason"
    />
  );
}

/** An optional note. */
export function NoteField<V extends { note: string }>({
  form,
  autoFocus,
}: {
  form: UseFormReturnType<V>;
  autoFocus?: boolean;
}) {
  const t = useDeskT();
  return (
    <Textarea
      label={`${t('form.note')} (${t('form.optional')})`}
      autosize
      minRows={1}
      maxRows={4}
      data-autofocus={autoFocus ? true : undefined}
      {...form.getInputProps('note')}
      data-testid="action-note"
    />
  );
}
