import { assessFee, type Channel, type FeeDueMoment, type FeeSchedule, likelyResultName } from '@congso/core';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { formatDateTime } from '../../app/format';
import { useLanguage } from '../../app/i18n';
import { useActionForm } from '../../dossiers/action-form-shell';
import type { ActionFormProps } from '../../dossiers/action-forms';
import { dossiersApi } from '../../dossiers/api';
import { paymentsApi, paymentsKeys } from '../../payments/api';
import { portalApi, portalKeys } from '../../portal/api';
import { formatVnd } from '../../portal/labels';
import { vietnamDay } from '../due';
import { useDeskT } from '../i18n';
import { UploadField, useUploads } from '../uploads';
import { DeskActionShell, ReasonField } from './fields';

/**
 * The fee to pay and what it is for. With a schedule for the dossier's moment (at filing, or before the
 * result), the amount is proposed from it for the dossier's channel, less the exemptions the clerk checks
 * (the applicant showed the papers); sent as POST /fees, so the dossier keeps the lines, the exemption and
 * its legal basis. Otherwise (or "type another amount") the amount and what it is for are typed.
 */
export function RequestPaymentForm(props: ActionFormProps<'request_payment'>) {
  const t = useDeskT();
  const { language } = useLanguage();
  const { dossier } = props;
  const fees = useQuery({
    queryKey: paymentsKeys.fees(dossier.id),
    queryFn: () => paymentsApi.fees(dossier.id),
  });
  const due: FeeDueMoment = dossier.status === 'processed' ? 'result' : 'filing';
  const inForce = fees.data?.schedule;
  const schedule = inForce?.schedule as FeeSchedule | undefined;
  const hasItems = !!schedule && schedule.items.some((i) => i.due === due);
  const assess = (exemptionIds: string[]) =>
    schedule ? assessFee(schedule, { channel: dossier.channel as Channel, exemptionIds, due }) : null;
  const handle = useActionForm(props, {
    initialValues: { amount: '' as number | string, description: '', exemptionIds: [] as string[], manual: false },
    toFields: (values) => {
      if (!values.manual && hasItems) {
        // The server assesses it again from the same schedule; a total of 0 records the exemption instead.
        const total = assess(values.exemptionIds)?.total ?? 0;
        return { amount: Math.max(total, 1) };
      }
      return { amount: values.amount as number, description: values.description };
    },
    send: (body, values) =>
      !values.manual && hasItems
        ? paymentsApi
            .requestFee(dossier.id, { version: body.version, exemptionIds: values.exemptionIds })
            .then(() => dossiersApi.dossier(dossier.id))
        : dossiersApi.act(dossier.id, body),
  });
  const values = handle.form.values;
  const proposal = hasItems && !values.manual ? assess(values.exemptionIds) : null;
  const money = (n: number) => formatVnd(n, language);
  return (
    <DeskActionShell handle={handle}>
      {fees.isPending && <Loader size="sm" aria-label={t('feeForm.fromSchedule')} />}
      {proposal && schedule && (
        <Stack gap="xs" data-testid="fee-proposal">
          <Text size="sm" fw={600}>
            {t('feeForm.fromSchedule')}
          </Text>
          {inForce?.source === 'catalog' && (
            <Text size="sm" c="orange.9">
              {t('feeForm.catalogSource')}
            </Text>
          )}
          {proposal.lines.map((line) => (
            <Text size="sm" key={line.itemId} data-testid="fee-proposal-line">
              {line.baseAmount === line.amount
                ? t('feeForm.line', { name: line.name, amount: money(line.amount) })
                : t('feeForm.lineReduced', {
                    name: line.name,
                    base: money(line.baseAmount),
                    amount: money(line.amount),
                  })}
            </Text>
          ))}
          {schedule.exemptions.length > 0 && (
            <Checkbox.Group
              label={t('feeForm.exemptions')}
              {...handle.form.getInputProps('exemptionIds')}
              data-testid="fee-exemptions"
            >
              <Stack gap={6} mt={6}>
                {schedule.exemptions.map((e) => (
                  <Checkbox
                    key={e.id}
                    value={e.id}
                    label={t('feeForm.exemption', {
                      description: e.description,
                      kind: t(`feeForm.kinds.${e.kind}`),
                      percent: e.percent,
                      legalBasis: e.legalBasis,
                    })}
                    data-testid={`fee-exemption-${e.id}`}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          <Text fw={700} data-testid="fee-proposal-total">
            {proposal.total > 0 ? t('feeForm.total', { amount: money(proposal.total) }) : t('feeForm.nothing')}
          </Text>
        </Stack>
      )}
      {!fees.isPending && !hasItems && (
        <Text size="sm" c="dimmed">
          {t('feeForm.noSchedule')}
        </Text>
      )}
      {hasItems && (
        <Switch
          label={t('feeForm.manual')}
          {...handle.form.getInputProps('manual', { type: 'checkbox' })}
          data-testid="fee-manual"
        />
      )}
      {(!hasItems || values.manual) && !fees.isPending && (
        <>
          <NumberInput
            label={t('form.amount')}
            required
            data-autofocus
            min={1}
            step={1000}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator={language === 'vi' ? '.' : ','}
            decimalSeparator={language === 'vi' ? ',' : '.'}
            suffix=" ₫"
            {...handle.form.getInputProps('amount')}
            data-testid="action-amount"
          />
          <TextInput
            label={`${t('form.description')} (${t('form.optional')})`}
            {...handle.form.getInputProps('description')}
            data-testid="action-description"
          />
        </>
      )}
    </DeskActionShell>
  );
}

/** The result documents registered in the outgoing register: name, number, the electronic file. */
export function IssueResultForm(props: ActionFormProps<'issue_result'>) {
  const t = useDeskT();
  const uploads = useUploads();
  const handle = useActionForm(props, {
    initialValues: { results: [{ key: 0, name: '', number: '' }] },
    toFields: (values) => ({
      results: values.results
        .filter((row) => row.name.trim())
        .map((row) => {
          const fileId = uploads.idsOf(`result-${row.key}`)[0];
          return { name: row.name, number: row.number, ...(fileId ? { fileId } : {}) };
        }),
    }),
  });
  const { form } = handle;
  const rows = form.values.results;
  // The procedure's likely result as the first row's name (the version in force today; a refusal slip the
  // catalogue lists first is passed over).
  const procedure = useQuery({
    queryKey: portalKeys.procedure(props.dossier.procedure.code),
    queryFn: () => portalApi.procedure(props.dossier.procedure.code),
    staleTime: 5 * 60_000,
  });
  const firstResult = likelyResultName(procedure.data?.procedure.results ?? []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the procedure arrives
  useEffect(() => {
    if (firstResult && !form.values.results[0]?.name) form.setFieldValue('results.0.name', firstResult);
  }, [firstResult]);
  const listError = form.errors.results;

  return (
    <DeskActionShell handle={handle} busy={uploads.pending}>
      <Stack gap="xs" role="group" aria-labelledby="result-documents-label">
        <Text size="sm" fw={500} id="result-documents-label">
          {t('form.resultDocuments')}{' '}
          <Text span c="red">
            *
          </Text>
        </Text>
        {rows.map((row, index) => (
          <Stack
            key={row.key}
            gap={6}
            p="xs"
            style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}
            data-testid="action-result"
          >
            <Group justify="space-between" wrap="nowrap">
              <Text size="xs" fw={600} c="dimmed">
                {t('form.resultN', { n: index + 1 })}
              </Text>
              {rows.length > 1 && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t('form.removeResult', { n: index + 1 })}
                  onClick={() => {
                    uploads.removeGroup(`result-${row.key}`);
                    form.removeListItem('results', index);
                  }}
                >
                  <span aria-hidden="true">×</span>
                </ActionIcon>
              )}
            </Group>
            <Group gap="xs" wrap="wrap" align="flex-start">
              <TextInput
                label={t('form.resultName')}
                required
                data-autofocus={index === 0 ? true : undefined}
                {...form.getInputProps(`results.${index}.name`)}
                onChange={(event) => {
                  form.clearFieldError('results');
                  form.getInputProps(`results.${index}.name`).onChange(event);
                }}
                style={{ flex: '2 1 240px' }}
                data-testid="action-result-name"
              />
              <TextInput
                label={t('form.resultNumber')}
                placeholder={t('form.resultNumberPlaceholder')}
                {...form.getInputProps(`results.${index}.number`)}
                style={{ flex: '1 1 140px' }}
                data-testid="action-result-number"
              />
            </Group>
            <UploadField
              uploads={uploads}
              group={`result-${row.key}`}
              label={`${t('form.resultFile')}: ${row.name || t('form.resultN', { n: index + 1 })}`}
              buttonText={t('form.resultFile')}
              multiple={false}
              testId="action-result-file"
            />
          </Stack>
        ))}
        {listError && (
          <Text size="xs" c="red.8" role="alert">
            {listError}
          </Text>
        )}
        <Button
          variant="subtle"
          size="compact-sm"
          style={{ alignSelf: 'flex-start' }}
          onClick={() =>
            form.insertListItem('results', { key: Math.max(...rows.map((row) => row.key)) + 1, name: '', number: '' })
          }
        >
          + {t('form.addResult')}
        </Button>
      </Stack>
    </DeskActionShell>
  );
}

/** "2026-03-10T17:00" typed in a datetime-local field, read as Vietnam time. */
function vietnamLocalToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00+07:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function isoToVietnamLocal(iso: string): string {
  const date = new Date(iso);
  const time = new Date(date.getTime() + 7 * 3600_000).toISOString().slice(11, 16);
  return `${vietnamDay(date)}T${time}`;
}

/** The apology letter: a new return date after the current one, and why. */
export function ApologizeForm(props: ActionFormProps<'apologize'>) {
  const t = useDeskT();
  const { language } = useLanguage();
  const dueAt = props.dossier.dueAt;
  const handle = useActionForm(props, {
    initialValues: { newDueAt: '', reason: '' },
    toFields: (values) => ({ newDueAt: vietnamLocalToIso(values.newDueAt) ?? '', reason: values.reason }),
    check: (values) => {
      const iso = vietnamLocalToIso(values.newDueAt);
      if (!iso) return { newDueAt: t('form.newDueAtRequired') };
      return { newDueAt: dueAt && new Date(iso) <= new Date(dueAt) ? t('form.newDueAtTooEarly') : null };
    },
  });
  return (
    <DeskActionShell handle={handle}>
      <TextInput
        type="datetime-local"
        label={t('form.newDueAt')}
        description={t('form.newDueAtHint', { current: dueAt ? formatDateTime(dueAt, language) : '—' })}
        required
        data-autofocus
        min={dueAt ? isoToVietnamLocal(dueAt) : undefined}
        {...handle.form.getInputProps('newDueAt')}
        data-testid="action-new-due-at"
      />
      <ReasonField form={handle.form} autoFocus={false} />
    </DeskActionShell>
  );
}
