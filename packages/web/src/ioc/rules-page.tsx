import { alertKindLabels } from '@congso/core';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { type AlertKind, type AlertRule, type AlertRuleInput, alertApi, alertKeys } from './api';
import { useIocT } from './i18n';

const kinds: AlertKind[] = ['on_time_below', 'late_over_days', 'sign_in_failures'];
const defaults: Record<AlertKind, Record<string, unknown>> = {
  on_time_below: { threshold: 90, period: 'month', minDossiers: 5 },
  late_over_days: { days: 3 },
  sign_in_failures: { count: 20, minutes: 10 },
};

function RuleForm({ rule, onDone }: { rule: AlertRule | null; onDone: () => void }) {
  const t = useIocT();
  const { language } = useLanguage();
  const client = useQueryClient();
  const [input, setInput] = useState<AlertRuleInput>(
    rule
      ? { name: rule.name, kind: rule.kind, params: rule.params, enabled: rule.enabled }
      : { name: '', kind: 'on_time_below', params: defaults.on_time_below, enabled: true },
  );
  const save = useMutation({
    mutationFn: () => (rule ? alertApi.update(rule.id, rule.version, input) : alertApi.create(input)),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: alertKeys.rules });
      onDone();
    },
    onError: (error) => {
      if (isApiError(error, 'VERSION_CONFLICT')) client.invalidateQueries({ queryKey: alertKeys.rules });
    },
  });
  const param = (key: string, label: string, min: number, max: number) => (
    <NumberInput
      key={key}
      label={label}
      min={min}
      max={max}
      value={Number(input.params[key] ?? 0)}
      onChange={(v) => setInput({ ...input, params: { ...input.params, [key]: Number(v) } })}
      data-testid={`rule-${key}`}
    />
  );
  return (
    <Stack gap="sm">
      {save.isError &&
        (isApiError(save.error, 'VERSION_CONFLICT') ? (
          <Alert color="orange" role="alert">
            {t('rules.conflict')}
          </Alert>
        ) : (
          <ErrorAlert error={save.error} />
        ))}
      <TextInput
        label={t('rules.name')}
        required
        value={input.name}
        onChange={(e) => setInput({ ...input, name: e.currentTarget.value })}
        data-testid="rule-name"
      />
      <Select
        label={t('rules.kind')}
        data={kinds.map((k) => ({ value: k, label: alertKindLabels[k][language] }))}
        value={input.kind}
        allowDeselect={false}
        onChange={(v) => v && setInput({ ...input, kind: v as AlertKind, params: defaults[v as AlertKind] })}
        data-testid="rule-kind"
      />
      {input.kind === 'on_time_below' && (
        <>
          {param('threshold', t('rules.threshold'), 0, 100)}
          <Select
            label={t('rules.period')}
            data={(['month', 'quarter', 'year'] as const).map((p) => ({ value: p, label: t(`filters.${p}`) }))}
            value={String(input.params.period ?? 'month')}
            allowDeselect={false}
            onChange={(v) => setInput({ ...input, params: { ...input.params, period: v } })}
          />
          {param('minDossiers', t('rules.minDossiers'), 1, 100_000)}
        </>
      )}
      {input.kind === 'late_over_days' && param('days', t('rules.days'), 0, 365)}
      {input.kind === 'sign_in_failures' && (
        <>
          {param('count', t('rules.count'), 1, 100_000)}
          {param('minutes', t('rules.minutes'), 1, 1440)}
        </>
      )}
      <Switch
        label={t('rules.enabled')}
        checked={input.enabled}
        onChange={(e) => setInput({ ...input, enabled: e.currentTarget.checked })}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('rules.cancel')}
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="rule-save">
          {t('rules.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function paramsText(rule: AlertRule): string {
  return Object.entries(rule.params)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

/** /admin/canh-bao: the operations center's alert rules (administrators). */
export default function RulesPage() {
  const t = useIocT();
  const { language } = useLanguage();
  useDocumentTitle(t('rules.title'));
  const rules = useQuery({ queryKey: alertKeys.rules, queryFn: alertApi.rules });
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  return (
    <Stack gap="md" data-testid="alert-rules-page">
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            {t('rules.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('rules.intro')}
          </Text>
        </div>
        <Button onClick={() => setEditing('new')} data-testid="rule-add">
          {t('rules.add')}
        </Button>
      </Group>
      {rules.isError && <ErrorAlert error={rules.error} />}
      <Card withBorder padding={0}>
        {rules.data && rules.data.items.length === 0 ? (
          <Text p="md" c="dimmed" size="sm">
            {t('rules.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer
            minWidth={640}
            scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': t('rules.title') } }}
          >
            <Table striped verticalSpacing="xs" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('rules.name')}</Table.Th>
                  <Table.Th>{t('rules.kind')}</Table.Th>
                  <Table.Th>{t('rules.params')}</Table.Th>
                  <Table.Th>{t('rules.enabled')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(rules.data?.items ?? []).map((r) => (
                  <Table.Tr key={r.id} data-testid="rule-row">
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>{alertKindLabels[r.kind][language]}</Table.Td>
                    <Table.Td>{paramsText(r)}</Table.Td>
                    <Table.Td>
                      <Badge color={r.enabled ? 'green.9' : 'gray.8'} variant="filled">
                        {r.enabled ? t('rules.enabled') : t('rules.disabled')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-sm" variant="default" onClick={() => setEditing(r)}>
                        {t('rules.edit')}
                        <VisuallyHidden>{` ${r.name}`}</VisuallyHidden>
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('rules.add') : t('rules.edit')}
      >
        {editing !== null && <RuleForm rule={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
