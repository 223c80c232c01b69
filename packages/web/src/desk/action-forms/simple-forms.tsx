import { type ReturnMethod, returnMethods } from '@congso/core';
import { Radio, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useActionForm } from '../../dossiers/action-form-shell';
import type { ActionFormProps } from '../../dossiers/action-forms';
import { useDeskT } from '../i18n';
import { useDeskLabels } from '../labels';
import { DeskActionShell, NoteField, ReasonField } from './fields';

/** "Do <action> for <code>?" */
function Confirmation({ props }: { props: ActionFormProps }) {
  const t = useDeskT();
  const labels = useDeskLabels();
  return <Text size="sm">{t('form.confirm', { action: labels.action(props.action), code: props.dossier.code })}</Text>;
}

/** Receiving a filed dossier: nothing to fill, a confirmation (the receipt follows). */
export function ConfirmForm(props: ActionFormProps<'receive'>) {
  const handle = useActionForm(props, { initialValues: {}, toFields: () => ({}) });
  return (
    <DeskActionShell handle={handle} autoFocusSubmit>
      <Confirmation props={handle.props} />
    </DeskActionShell>
  );
}

/** Proposing approval, approving, handing back from another agency: a confirmation and a note. */
export function NoteForm(props: ActionFormProps<'propose_approval' | 'approve' | 'return_from_agency'>) {
  const handle = useActionForm(props, { initialValues: { note: '' }, toFields: (values) => values });
  return (
    <DeskActionShell handle={handle}>
      <Confirmation props={handle.props} />
      <NoteField form={handle.form} autoFocus />
    </DeskActionShell>
  );
}

/** Refusals, a stop, a withdrawal at the counter: a reason (optional for a withdrawal). */
export function ReasonForm(
  props: ActionFormProps<'refuse_receipt' | 'propose_refusal' | 'refuse' | 'stop' | 'withdraw'>,
) {
  const handle = useActionForm(props, { initialValues: { reason: '' }, toFields: (values) => values });
  return (
    <DeskActionShell handle={handle}>
      <ReasonField form={handle.form} required={props.action !== 'withdraw'} />
    </DeskActionShell>
  );
}

/** The fee was paid at the counter: the transaction or receipt number, if any. */
export function ConfirmPaymentForm(props: ActionFormProps<'confirm_payment'>) {
  const t = useDeskT();
  const handle = useActionForm(props, { initialValues: { reference: '' }, toFields: (values) => values });
  return (
    <DeskActionShell handle={handle}>
      <Confirmation props={handle.props} />
      <TextInput
        label={`${t('form.reference')} (${t('form.optional')})`}
        data-autofocus
        {...handle.form.getInputProps('reference')}
        data-testid="action-reference"
      />
    </DeskActionShell>
  );
}

/** The applicant proved an exemption after the fee was asked: why, and the text that grants it. */
export function WaivePaymentForm(props: ActionFormProps<'waive_payment'>) {
  const { t } = useTranslation();
  const handle = useActionForm(props, {
    initialValues: { reason: '', legalBasis: '' },
    toFields: (values) => values,
  });
  return (
    <DeskActionShell handle={handle}>
      <ReasonField form={handle.form} />
      <TextInput
        label={t('fees.waive.legalBasis')}
        required
        {...handle.form.getInputProps('legalBasis')}
        data-testid="action-legal-basis"
      />
    </DeskActionShell>
  );
}

/** Handing the result over: how. */
export function ReturnResultForm(props: ActionFormProps<'return_result'>) {
  const t = useDeskT();
  const labels = useDeskLabels();
  const handle = useActionForm(props, {
    // Electronic when filed online and the result has a PDF to sign (else it cannot be returned electronically).
    initialValues: {
      method: (props.dossier.channel === 'online' && props.dossier.state.result?.documents.some((d) => d.fileId)
        ? 'electronic'
        : 'counter') as ReturnMethod,
    },
    toFields: (values) => values,
  });
  return (
    <DeskActionShell handle={handle}>
      <Radio.Group
        label={t('form.method')}
        required
        {...handle.form.getInputProps('method')}
        data-testid="action-method"
      >
        <Stack gap={6} mt={4}>
          {returnMethods.map((value) => (
            <Radio key={value} value={value} label={labels.method(value)} data-testid={`action-method-${value}`} />
          ))}
        </Stack>
      </Radio.Group>
    </DeskActionShell>
  );
}
