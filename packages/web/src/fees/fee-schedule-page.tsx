import type { FeeCollector, FeeExemption, FeeItem, FeeSchedule } from '@congso/core';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useDocumentTitle } from '../app/use-document-title';

interface InForce {
  procedureVersionId: string;
  source: 'province' | 'catalog';
  version: number;
  validFrom: string | null;
  validTo: string | null;
  schedule: FeeSchedule;
}
interface ScheduleView {
  procedure: { id: string; code: string; name: string; version: number };
  inForce: InForce;
  periods: { validFrom: string; validTo: string | null; version: number; schedule: FeeSchedule }[];
  catalogText: Record<string, string>;
}

const channels = ['counter', 'online', 'postal'] as const;
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * /admin/phi-le-phi: a procedure's fee schedule as the province sets it (items and amounts per channel,
 * exemptions and reductions with their legal basis, the collector), from a date; the catalogue's text beside.
 */
export default function FeeSchedulePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('fees.admin.title'));
  const [params, setParams] = useSearchParams();
  const code = params.get('ma') ?? '';
  const [codeInput, setCodeInput] = useState(code);
  const client = useQueryClient();
  const view = useQuery({
    queryKey: ['fees', 'schedule', code],
    enabled: /^\d+\.\d{6}$/.test(code),
    queryFn: async () => {
      const { versionId } = await api.get<{ versionId: string }>(`/procedures/${code}`);
      return api.get<ScheduleView>(`/fee-schedules/${versionId}`);
    },
  });
  const [schedule, setSchedule] = useState<FeeSchedule | null>(null);
  const [validFrom, setValidFrom] = useState(today());
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (view.data) {
      setSchedule(structuredClone(view.data.inForce.schedule));
      const open = view.data.periods.find((p) => p.validTo === null);
      setValidFrom(open?.validFrom ?? today());
    }
  }, [view.data]);
  const open = view.data?.periods.find((p) => p.validTo === null);
  const save = useMutation({
    mutationFn: () =>
      api.put<InForce>(`/fee-schedules/${view.data?.procedure.id}`, {
        expectedVersion: open?.version ?? 0,
        validFrom,
        reason,
        schedule,
      }),
    onSuccess: () => {
      setReason('');
      return client.invalidateQueries({ queryKey: ['fees'] });
    },
  });
  const setItem = (i: number, patch: Partial<FeeItem>) =>
    setSchedule((s) => (s ? { ...s, items: s.items.map((it, j) => (j === i ? { ...it, ...patch } : it)) } : s));
  const setExemption = (i: number, patch: Partial<FeeExemption>) =>
    setSchedule((s) => (s ? { ...s, exemptions: s.exemptions.map((e, j) => (j === i ? { ...e, ...patch } : e)) } : s));
  const setCollector = (collector: FeeCollector) => setSchedule((s) => (s ? { ...s, collector } : s));

  return (
    <Stack gap="md" data-testid="fee-schedule-page">
      <div>
        <Title order={1} size="h2">
          {t('fees.admin.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('fees.admin.intro')}
        </Text>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setParams({ ma: codeInput.trim() });
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t('fees.admin.code')}
            placeholder={t('fees.admin.codeHint')}
            value={codeInput}
            onChange={(e) => setCodeInput(e.currentTarget.value)}
            data-testid="fee-code"
          />
          <Button type="submit">{t('fees.admin.open')}</Button>
        </Group>
      </form>
      {view.isError && <ErrorAlert error={view.error} />}
      {view.data && schedule && (
        <>
          <Card withBorder>
            <Stack gap="xs">
              <Title order={2} size="h3">
                {view.data.procedure.code} · {view.data.procedure.name}
              </Title>
              <Text size="sm">
                {view.data.inForce.source === 'province'
                  ? t('fees.admin.source.province', { version: String(view.data.inForce.version) })
                  : t('fees.admin.source.catalog')}
              </Text>
              {schedule.review.length > 0 && (
                <Group gap="xs">
                  <Text size="sm">{t('fees.admin.review')}:</Text>
                  {schedule.review.map((r) => (
                    <Badge key={r} color="orange" variant="light">
                      {t(`fees.reviews.${r}`)}
                    </Badge>
                  ))}
                </Group>
              )}
              <Text size="sm" fw={600}>
                {t('fees.admin.catalogText')}
              </Text>
              {channels
                .filter((channel) => channel in view.data.catalogText)
                .map((channel) => (
                  <Text key={channel} size="sm" c="dimmed">
                    {t(`fees.channels.${channel}`)}: {view.data.catalogText[channel] || '—'}
                  </Text>
                ))}
            </Stack>
          </Card>

          <Title order={2} size="h3">
            {t('fees.admin.items')}
          </Title>
          {schedule.items.length === 0 && <Text size="sm">{t('fees.admin.none')}</Text>}
          {schedule.items.map((item, i) => (
            <Card withBorder key={`item-${i.toString()}`} data-testid="fee-item">
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t('fees.admin.itemName')}
                  value={item.name}
                  onChange={(e) => setItem(i, { name: e.currentTarget.value })}
                />
                <Select
                  label={t('fees.admin.kind')}
                  data={(['charge', 'fee'] as const).map((k) => ({ value: k, label: t(`fees.kinds.${k}`) }))}
                  value={item.kind}
                  onChange={(v) => v && setItem(i, { kind: v as FeeItem['kind'] })}
                  allowDeselect={false}
                />
                <Select
                  label={t('fees.admin.due')}
                  data={(['filing', 'result'] as const).map((k) => ({ value: k, label: t(`fees.dues.${k}`) }))}
                  value={item.due}
                  onChange={(v) => v && setItem(i, { due: v as FeeItem['due'] })}
                  allowDeselect={false}
                />
                {channels.map((channel) => (
                  <NumberInput
                    key={channel}
                    label={t('fees.admin.amount', { channel: t(`fees.channels.${channel}`) })}
                    value={item.amounts[channel] ?? ''}
                    min={0}
                    step={1000}
                    thousandSeparator="."
                    decimalSeparator=","
                    allowDecimal={false}
                    onChange={(v) => {
                      const amounts = { ...item.amounts };
                      if (typeof v === 'number') amounts[channel] = v;
                      else delete amounts[channel];
                      setItem(i, { amounts });
                    }}
                  />
                ))}
                <TextInput
                  label={t('fees.admin.unit')}
                  value={item.unit}
                  onChange={(e) => setItem(i, { unit: e.currentTarget.value })}
                />
              </SimpleGrid>
              <Button
                mt="sm"
                variant="subtle"
                color="red"
                onClick={() => setSchedule({ ...schedule, items: schedule.items.filter((_, j) => j !== i) })}
              >
                {t('fees.admin.remove')}
              </Button>
            </Card>
          ))}
          <Button
            variant="light"
            style={{ alignSelf: 'flex-start' }}
            onClick={() =>
              setSchedule({
                ...schedule,
                items: [
                  ...schedule.items,
                  {
                    id: `khoan-${schedule.items.length + 1}`,
                    kind: 'charge',
                    name: 'Lệ phí',
                    amounts: { counter: 0 },
                    unit: 'hồ sơ',
                    due: 'filing',
                  },
                ],
              })
            }
          >
            {t('fees.admin.addItem')}
          </Button>

          <Title order={2} size="h3">
            {t('fees.admin.exemptions')}
          </Title>
          {schedule.exemptions.map((e, i) => (
            <Card withBorder key={`exemption-${i.toString()}`} data-testid="fee-exemption">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('fees.admin.description')}
                  value={e.description}
                  onChange={(ev) => setExemption(i, { description: ev.currentTarget.value })}
                />
                <TextInput
                  label={t('fees.admin.legalBasis')}
                  value={e.legalBasis}
                  error={e.legalBasis.trim() === '' ? t('fees.reviews.legal_basis_missing') : undefined}
                  onChange={(ev) => setExemption(i, { legalBasis: ev.currentTarget.value })}
                />
                <Select
                  label={t('fees.admin.exemptionKind')}
                  data={(['exemption', 'reduction'] as const).map((k) => ({
                    value: k,
                    label: t(`fees.exemptionKinds.${k}`),
                  }))}
                  value={e.kind}
                  allowDeselect={false}
                  onChange={(v) =>
                    v &&
                    setExemption(i, {
                      kind: v as FeeExemption['kind'],
                      percent: v === 'exemption' ? 100 : Math.min(e.percent, 50),
                    })
                  }
                />
                <NumberInput
                  label={t('fees.admin.percent')}
                  value={e.percent}
                  min={1}
                  max={100}
                  allowDecimal={false}
                  disabled={e.kind === 'exemption'}
                  onChange={(v) => typeof v === 'number' && setExemption(i, { percent: v })}
                />
              </SimpleGrid>
              <Button
                mt="sm"
                variant="subtle"
                color="red"
                onClick={() => setSchedule({ ...schedule, exemptions: schedule.exemptions.filter((_, j) => j !== i) })}
              >
                {t('fees.admin.remove')}
              </Button>
            </Card>
          ))}
          <Button
            variant="light"
            style={{ alignSelf: 'flex-start' }}
            onClick={() =>
              setSchedule({
                ...schedule,
                exemptions: [
                  ...schedule.exemptions,
                  {
                    id: `mien-giam-${schedule.exemptions.length + 1}`,
                    kind: 'exemption',
                    description: '',
                    percent: 100,
                    legalBasis: '',
                    itemIds: null,
                  },
                ],
              })
            }
          >
            {t('fees.admin.addExemption')}
          </Button>

          <Card withBorder>
            <Stack gap="sm">
              <Radio.Group
                label={t('fees.admin.collector')}
                value={schedule.collector.kind}
                onChange={(v) =>
                  setCollector(
                    v === 'agency'
                      ? { kind: 'agency' }
                      : { kind: 'treasury', accountName: '', accountNumber: '', bankBin: '', bankName: '' },
                  )
                }
              >
                <Stack gap={4} mt={4}>
                  <Radio value="agency" label={t('fees.admin.collectorAgency')} />
                  <Radio value="treasury" label={t('fees.admin.collectorTreasury')} />
                </Stack>
              </Radio.Group>
              {schedule.collector.kind === 'treasury' && (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  {(['accountName', 'accountNumber', 'bankBin', 'bankName'] as const).map((field) => (
                    <TextInput
                      key={field}
                      label={t(`fees.admin.${field}`)}
                      value={schedule.collector.kind === 'treasury' ? schedule.collector[field] : ''}
                      onChange={(ev) =>
                        schedule.collector.kind === 'treasury' &&
                        setCollector({ ...schedule.collector, [field]: ev.currentTarget.value })
                      }
                    />
                  ))}
                </SimpleGrid>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  type="date"
                  label={t('fees.admin.validFrom')}
                  value={validFrom}
                  onChange={(e) => setValidFrom(e.currentTarget.value)}
                  required
                />
                <TextInput
                  label={t('fees.admin.reason')}
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  required
                  data-testid="fee-reason"
                />
              </SimpleGrid>
              {save.isError && <ErrorAlert error={save.error} />}
              {save.isSuccess && (
                <Alert color="green">
                  {t('fees.admin.saved', { version: String(save.data.version), from: save.data.validFrom ?? '' })}
                </Alert>
              )}
              <Button
                style={{ alignSelf: 'flex-start' }}
                onClick={() => save.mutate()}
                loading={save.isPending}
                disabled={reason.trim() === ''}
                data-testid="fee-save"
              >
                {t('fees.admin.save')}
              </Button>
            </Stack>
          </Card>
          {view.data.periods.length > 0 && (
            <Stack gap={4}>
              <Title order={2} size="h3">
                {t('fees.admin.periods')}
              </Title>
              {view.data.periods.map((p) => (
                <Text key={p.validFrom} size="sm">
                  {p.validFrom} {t('fees.admin.to')} {p.validTo ?? '…'} · v{p.version} ·{' '}
                  {p.schedule.items.map((i) => `${i.name}: ${Object.values(i.amounts).join(' / ')} đ`).join('; ') ||
                    '—'}
                </Text>
              ))}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
