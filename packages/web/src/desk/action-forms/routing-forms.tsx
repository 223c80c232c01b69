import { Loader, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useActionForm } from '../../dossiers/action-form-shell';
import type { ActionFormProps } from '../../dossiers/action-forms';
import { AgencyPicker } from '../../identity/agency-picker';
import { type AgencyRef, identityApi } from '../../identity/api';
import { useDeskT } from '../i18n';
import { DeskActionShell, NoteField } from './fields';

/** Forwarding to the handling agency (the receiving agency itself by default) or sending to another one. */
export function AgencyForm(props: ActionFormProps<'forward' | 'send_to_agency'>) {
  const t = useDeskT();
  const own = props.dossier.receivingAgency;
  const [agency, setAgency] = useState<AgencyRef | null>(
    props.action === 'forward' ? { id: own.id, code: '', name: own.name, shortName: null } : null,
  );
  const handle = useActionForm(props, {
    initialValues: { agencyId: agency?.id ?? '', note: '' },
    toFields: (values) => values,
  });
  return (
    <DeskActionShell handle={handle}>
      <AgencyPicker
        label={props.action === 'forward' ? t('form.agency') : t('form.agencyTo')}
        value={agency}
        onChange={(next) => {
          setAgency(next);
          handle.form.setFieldValue('agencyId', next?.id ?? '');
        }}
        required
        error={handle.form.errors.agencyId as string | undefined}
        testId="action-agency"
      />
      <NoteField form={handle.form} />
    </DeskActionShell>
  );
}

/** A department head or leader gives the dossier to a specialist of the agency that holds it. */
export function AssignForm(props: ActionFormProps<'assign'>) {
  const t = useDeskT();
  const step = props.dossier.state.currentStep;
  const handle = useActionForm(props, {
    initialValues: { assigneeId: step?.assigneeId ?? '', note: '' },
    toFields: (values) => values,
  });
  const specialists = useQuery({
    queryKey: ['officers', 'assignable', step?.agencyId],
    queryFn: () =>
      identityApi.officers({ agencyId: step?.agencyId, includeSubAgencies: false, role: 'specialist', limit: 200 }),
    enabled: !!step?.agencyId,
  });
  const input = handle.form.getInputProps('assigneeId');
  return (
    <DeskActionShell handle={handle}>
      <Select
        label={t('form.assignee')}
        placeholder={t('form.assigneePlaceholder')}
        required
        data-autofocus
        value={handle.form.values.assigneeId || null}
        onChange={(value) => handle.form.setFieldValue('assigneeId', value ?? '')}
        onFocus={input.onFocus}
        onBlur={input.onBlur}
        data={(specialists.data?.items ?? []).map((officer) => ({ value: officer.id, label: officer.fullName }))}
        searchable
        nothingFoundMessage={t('form.assigneeNone')}
        rightSection={specialists.isFetching ? <Loader size="xs" /> : undefined}
        error={
          input.error ??
          (specialists.isError
            ? t('form.assigneeUnavailable')
            : specialists.data && specialists.data.items.length === 0
              ? t('form.assigneeNone')
              : null)
        }
        comboboxProps={{ withinPortal: true }}
        data-testid="action-assignee"
      />
      <NoteField form={handle.form} />
    </DeskActionShell>
  );
}
