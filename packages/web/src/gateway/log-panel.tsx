import { type GatewayOutcome, gatewayOutcomeLabels, gatewayOutcomes } from '@congso/core';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { type GatewayLogFilter, gatewayApi, gatewayKeys, logPageSize } from './api';

const outcomeColor = {
  allowed: 'green',
  refused: 'red',
  rate_limited: 'orange',
  failed: 'red',
} as const satisfies Record<GatewayOutcome, string>;

/** Verification of the whole chained log (as `congso gateway verify`) and anchoring it now. */
function VerifyCard({ lastAnchor }: { lastAnchor: { seq: number; signedAt: string } | null }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const queryClient = useQueryClient();
  const verify = useMutation({ mutationFn: gatewayApi.verify });
  const anchor = useMutation({
    mutationFn: gatewayApi.anchor,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...gatewayKeys.all, 'log'] }),
  });
  const report = verify.data;
  return (
    <Card withBorder component="section" aria-labelledby="gateway-verify-title">
      <Stack gap="xs">
        <Text fw={600} id="gateway-verify-title">
          {t('gateway.log.verify')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('gateway.log.verifyIntro')}
        </Text>
        <Text size="sm" data-testid="gateway-last-anchor">
          {lastAnchor
            ? t('gateway.log.lastAnchor', { seq: lastAnchor.seq, time: formatDateTime(lastAnchor.signedAt, language) })
            : t('gateway.log.noAnchor')}
        </Text>
        <Group gap="xs">
          <Button onClick={() => verify.mutate()} loading={verify.isPending} data-testid="gateway-verify">
            {t('gateway.log.verify')}
          </Button>
          <Button variant="default" onClick={() => anchor.mutate()} loading={anchor.isPending}>
            {t('gateway.log.anchorNow')}
          </Button>
        </Group>
        {verify.isError && <ErrorAlert error={verify.error} />}
        {anchor.isError && <ErrorAlert error={anchor.error} />}
        {anchor.data && (
          <Alert color="green" variant="light" role="status">
            {anchor.data.anchored
              ? t('gateway.log.anchored', { seq: anchor.data.seq })
              : t('gateway.log.nothingToAnchor')}
          </Alert>
        )}
        {report && (
          <Alert
            color={report.ok ? 'green' : 'red'}
            variant="light"
            role={report.ok ? 'status' : 'alert'}
            data-testid="gateway-verify-result"
            data-ok={report.ok}
            data-seq={report.first?.seq}
          >
            {report.ok
              ? t('gateway.log.verifyOk', { entries: report.entries, anchors: report.anchors })
              : t('gateway.log.verifyBroken', {
                  message: report.first ? pick(report.first.message) : '',
                  problems: report.problems,
                })}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** The exchange log, newest first: filters by consumer, service, outcome and days; each entry's purpose, dossier. */
export function LogPanel() {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const [filter, setFilter] = useState<Omit<GatewayLogFilter, 'before'>>({});
  const [before, setBefore] = useState<number | undefined>(undefined);
  const consumers = useQuery({ queryKey: gatewayKeys.consumers, queryFn: gatewayApi.consumers });
  const services = useQuery({ queryKey: gatewayKeys.services, queryFn: gatewayApi.services });
  const query = { ...filter, ...(before ? { before } : {}) };
  const log = useQuery({
    queryKey: gatewayKeys.log(query),
    queryFn: () => gatewayApi.log(query),
    placeholderData: keepPreviousData,
  });
  const change = (next: Partial<GatewayLogFilter>) => {
    setBefore(undefined);
    setFilter((current) => {
      const merged: Record<string, unknown> = { ...current, ...next };
      for (const key of Object.keys(merged)) if (!merged[key]) delete merged[key];
      return merged as GatewayLogFilter;
    });
  };
  const items = log.data?.items ?? [];
  const anchors = log.data?.anchors ?? [];
  const last = items.at(-1);
  return (
    <Stack gap="md" data-testid="gateway-log">
      <VerifyCard lastAnchor={anchors[0] ?? null} />
      <Card withBorder component="section" aria-label={t('gateway.log.apply')}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
          <NativeSelect
            label={t('gateway.log.consumer')}
            value={filter.consumer ?? ''}
            onChange={(e) => change({ consumer: e.currentTarget.value })}
            data={[
              { value: '', label: t('gateway.log.all') },
              ...(consumers.data ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })),
            ]}
            data-testid="gateway-log-consumer"
          />
          <NativeSelect
            label={t('gateway.log.service')}
            value={filter.service ?? ''}
            onChange={(e) => change({ service: e.currentTarget.value })}
            data={[
              { value: '', label: t('gateway.log.all') },
              ...(services.data ?? []).map((s) => ({ value: s.code, label: `${s.name} (${s.code})` })),
            ]}
            data-testid="gateway-log-service"
          />
          <NativeSelect
            label={t('gateway.log.outcome')}
            value={filter.outcome ?? ''}
            onChange={(e) => change({ outcome: (e.currentTarget.value || undefined) as GatewayOutcome | undefined })}
            data={[
              { value: '', label: t('gateway.log.all') },
              ...gatewayOutcomes.map((o) => ({ value: o, label: pick(gatewayOutcomeLabels[o]) })),
            ]}
            data-testid="gateway-log-outcome"
          />
          <TextInput
            type="date"
            label={t('gateway.log.from')}
            value={filter.from ?? ''}
            onChange={(e) => change({ from: e.currentTarget.value })}
            data-testid="gateway-log-from"
          />
          <TextInput
            type="date"
            label={t('gateway.log.to')}
            value={filter.to ?? ''}
            onChange={(e) => change({ to: e.currentTarget.value })}
            data-testid="gateway-log-to"
          />
        </SimpleGrid>
        {(Object.keys(filter).length > 0 || before) && (
          <Group mt="sm">
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                setFilter({});
                setBefore(undefined);
              }}
            >
              {t('gateway.log.clear')}
            </Button>
          </Group>
        )}
      </Card>
      {log.isError && <ErrorAlert error={log.error} onRetry={() => log.refetch()} />}
      <Card
        withBorder
        padding={0}
        style={{ overflowX: 'auto' }}
        tabIndex={0}
        role="region"
        aria-label={t('gateway.log.table')}
      >
        <Table striped verticalSpacing="xs" aria-label={t('gateway.log.table')} miw={980}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('gateway.log.seq')}</Table.Th>
              <Table.Th scope="col">{t('gateway.log.at')}</Table.Th>
              <Table.Th scope="col">{t('gateway.log.consumer')}</Table.Th>
              <Table.Th scope="col">{t('gateway.log.call')}</Table.Th>
              <Table.Th scope="col">{t('gateway.log.purpose')}</Table.Th>
              <Table.Th scope="col">{t('gateway.log.dossier')}</Table.Th>
              <Table.Th scope="col">{t('gateway.log.outcome')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Table.Tr
                key={e.id}
                data-testid="gateway-log-entry"
                data-seq={e.seq}
                data-outcome={e.outcome}
                style={{ verticalAlign: 'top' }}
              >
                <Table.Td className="congso-code">{e.seq}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, language)}</Table.Td>
                <Table.Td>
                  <Text size="sm" className="congso-code">
                    {e.consumerCode ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" className="congso-code">
                    {e.serviceCode}
                  </Text>
                  <Text size="xs" c="dimmed" className="congso-code" style={{ wordBreak: 'break-all' }}>
                    {e.method} {e.path}
                  </Text>
                  {e.subjectNationalId && (
                    <Text size="xs" c="dimmed">
                      {t('gateway.log.subject')}: <span className="congso-code">{e.subjectNationalId}</span>
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" data-testid="gateway-log-purpose">
                    {e.purpose ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" className="congso-code" data-testid="gateway-log-dossier">
                    {e.dossierCode ?? e.dossierId ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={outcomeColor[e.outcome]} variant="light" tt="none">
                    {pick(gatewayOutcomeLabels[e.outcome])}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t('gateway.log.status', { status: e.status })}
                    {e.errorCode ? ` · ${e.errorCode}` : ''} · {t('gateway.log.ms', { ms: e.durationMs })}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
            {log.data && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text c="dimmed" size="sm" ta="center" py="md" data-testid="gateway-log-empty">
                    {t('gateway.log.none')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Card>
      {items.length === logPageSize && last && (
        <Group justify="center">
          <Button variant="light" onClick={() => setBefore(last.seq)} data-testid="gateway-log-older">
            {t('gateway.log.older')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
