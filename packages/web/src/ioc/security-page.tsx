import { Card, Loader, Stack, Table, Text, Title, useMantineTheme } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { api } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDateTime, formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { TableScroll } from '../office/scroll';
import { useIocT } from './i18n';

const EChart = lazy(() => import('./charts').then((m) => ({ default: m.EChart })));

type Kind = 'sign_in_failed' | 'lockout' | 'admin_change';
const kinds: Kind[] = ['sign_in_failed', 'lockout', 'admin_change'];

interface SecurityView {
  from: string;
  to: string;
  days: ({ day: string } & Record<Kind, number>)[];
  agencies: ({ agencyId: string | null; name: string | null } & Record<Kind, number>)[];
  events: {
    id: number;
    occurredAt: string;
    kind: Kind;
    action: string;
    actorName: string | null;
    entityType: string;
    entityId: string;
    agencyName: string | null;
    ip: string | null;
  }[];
}

/** /dieu-hanh/an-ninh: the security view of Congso's own audit trail (administrators). */
export default function SecurityPage() {
  const t = useIocT();
  const { language } = useLanguage();
  const theme = useMantineTheme();
  useDocumentTitle(t('security.title'));
  const view = useQuery({ queryKey: ['ioc', 'security'], queryFn: () => api.get<SecurityView>('/ioc/security') });
  const data = view.data;
  const colors: Record<Kind, string> = {
    sign_in_failed: theme.colors.orange[7],
    lockout: theme.colors.red[9],
    admin_change: theme.colors.blue[8],
  };
  const text = theme.colors.dark[7];
  return (
    <Stack gap="md" data-testid="security-page">
      <div>
        <Title order={1} size="h2">
          {t('security.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('security.intro')}
        </Text>
      </div>
      {view.isError && <ErrorAlert error={view.error} />}
      {!data && !view.isError && <Loader />}
      {data && (
        <>
          <Card withBorder padding="sm">
            <Title order={2} size="h4">
              {t('security.chart')}
            </Title>
            <Suspense fallback={<Loader size="sm" />}>
              <EChart
                label={t('security.chart')}
                testId="chart-security"
                option={{
                  aria: { enabled: true },
                  animation: false,
                  textStyle: { color: text },
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0, textStyle: { color: text } },
                  grid: { left: 40, right: 16, top: 36, bottom: 28 },
                  xAxis: { type: 'category', data: data.days.map((d) => d.day), axisLabel: { color: text } },
                  yAxis: { type: 'value', minInterval: 1, axisLabel: { color: text } },
                  series: kinds.map((k) => ({
                    name: t(`security.${k}`),
                    type: 'bar',
                    stack: 'all',
                    color: colors[k],
                    data: data.days.map((d) => d[k]),
                  })),
                }}
              />
            </Suspense>
          </Card>
          <Card withBorder padding="sm">
            <Title order={2} size="h4" mb="xs">
              {t('security.byAgency')}
            </Title>
            <TableScroll minWidth={520} label={t('security.byAgency')}>
              <Table striped fz="sm" verticalSpacing={4} data-testid="security-agencies">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('security.agency')}</Table.Th>
                    {kinds.map((k) => (
                      <Table.Th key={k} ta="right">
                        {t(`security.${k}`)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.agencies.map((a) => (
                    <Table.Tr key={a.agencyId ?? 'none'}>
                      <Table.Td>{a.name ?? t('security.unknown')}</Table.Td>
                      {kinds.map((k) => (
                        <Table.Td key={k} ta="right">
                          {formatNumber(a[k], language)}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          </Card>
          <Card withBorder padding="sm">
            <Title order={2} size="h4" mb="xs">
              {t('security.events')}
            </Title>
            {data.events.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('security.empty')}
              </Text>
            ) : (
              <TableScroll minWidth={720} label={t('security.events')}>
                <Table striped fz="sm" verticalSpacing={4} data-testid="security-events">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('security.at')}</Table.Th>
                      <Table.Th>{t('security.kind')}</Table.Th>
                      <Table.Th>{t('security.action')}</Table.Th>
                      <Table.Th>{t('security.actor')}</Table.Th>
                      <Table.Th>{t('security.agency')}</Table.Th>
                      <Table.Th>{t('security.ip')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.events.map((e) => (
                      <Table.Tr key={e.id}>
                        <Table.Td>{formatDateTime(e.occurredAt, language)}</Table.Td>
                        <Table.Td>{t(`security.${e.kind}`)}</Table.Td>
                        <Table.Td>{`${e.action} (${e.entityType} ${e.entityId.slice(0, 40)})`}</Table.Td>
                        <Table.Td>{e.actorName ?? '—'}</Table.Td>
                        <Table.Td>{e.agencyName ?? '—'}</Table.Td>
                        <Table.Td>{e.ip ?? '—'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}
