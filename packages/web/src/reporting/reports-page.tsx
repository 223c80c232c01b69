import { Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { ii06aUrl, reportingApi } from './api';
import { dmy, L, statusLabels } from './labels';
import { FileLink, ReportingPage, StatusBadge } from './layout';

const statuses = ['all', 'submitted', 'returned', 'draft', 'approved', 'locked'] as const;

function Reports() {
  const { pick, language } = useLanguage();
  useDocumentTitle(pick(L.title));
  const navigate = useNavigate();
  const [status, setStatus] = useState<(typeof statuses)[number]>('all');
  const list = useQuery({
    queryKey: ['reporting', 'reports', status],
    queryFn: () => reportingApi.reports(status === 'all' ? {} : { status }),
  });
  const open = useMutation({
    mutationFn: (v: { templateCode: string; periodKey: string }) => reportingApi.open(v.templateCode, v.periodKey),
    onSuccess: (r) => navigate(`/bao-cao/${r.id}`),
  });
  const data = list.data;
  const lastMonth = new Date(Date.now() - 30 * 86_400_000);
  const monthKey = `${lastMonth.getFullYear()}-${String(lastMonth.getMonth() + 1).padStart(2, '0')}`;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {pick(L.title)}
      </Title>
      {list.isError && <ErrorAlert error={list.error} />}
      {open.isError && <ErrorAlert error={open.error} />}
      {data && data.due.length > 0 && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="due-heading">
          <Title order={2} size="h4" mb="xs" id="due-heading">
            {pick(L.due)}
          </Title>
          <Stack gap="xs">
            {data.due.map((d) => (
              <Group key={`${d.templateCode}-${d.period.key}`} justify="space-between" wrap="wrap" gap="xs">
                <Text>
                  {pick(d.templateName)} — {pick(d.period.label)}
                </Text>
                {d.reportId ? (
                  <Button component={Link} to={`/bao-cao/${d.reportId}`} variant="light" size="xs">
                    {`${pick(L.view)}: ${pick(d.period.label)}`}
                  </Button>
                ) : (
                  <Button
                    size="xs"
                    loading={open.isPending}
                    onClick={() => open.mutate({ templateCode: d.templateCode, periodKey: d.period.key })}
                    data-testid={`open-${d.templateCode}-${d.period.key}`}
                  >
                    {`${pick(L.open)}: ${pick(d.period.label)}`}
                  </Button>
                )}
              </Group>
            ))}
          </Stack>
        </Card>
      )}
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="reports-heading">
        <Group justify="space-between" wrap="wrap" mb="xs">
          <Title order={2} size="h4" id="reports-heading">
            {pick(L.reports)}
          </Title>
          <SegmentedControl
            size="xs"
            value={status}
            onChange={(v) => setStatus(v as (typeof statuses)[number])}
            aria-label={pick(L.status)}
            data={statuses.map((s) => ({
              value: s,
              label: s === 'all' ? (language === 'vi' ? 'Tất cả' : 'All') : pick(statusLabels[s]),
            }))}
          />
        </Group>
        {data && data.items.length === 0 && <Text c="dimmed">{pick(L.none)}</Text>}
        {data && data.items.length > 0 && (
          <div className="table-scroll">
            <Table striped highlightOnHover data-testid="reports-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{pick(L.template)}</Table.Th>
                  <Table.Th>{pick(L.agency)}</Table.Th>
                  <Table.Th>{pick(L.period)}</Table.Th>
                  <Table.Th>{pick(L.deadline)}</Table.Th>
                  <Table.Th>{pick(L.status)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Link to={`/bao-cao/${r.id}`} className="mantine-Anchor-root" data-testid="report-link">
                        {pick(r.templateName)}
                      </Link>
                    </Table.Td>
                    <Table.Td>{r.agencyName}</Table.Td>
                    <Table.Td>{pick(r.period.label)}</Table.Td>
                    <Table.Td>
                      {dmy(r.deadline)}
                      {r.overdue && (
                        <Text span c="red.8" fw={600}>
                          {` · ${pick(L.overdue)}`}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={r.status} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Card>
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="ii06a-heading">
        <Title order={2} size="h4" mb="xs" id="ii06a-heading">
          {pick(L.ii06a)}
        </Title>
        <Group gap="md">
          <FileLink href={ii06aUrl('pdf', 'month', monthKey)}>{`${pick(L.pdf)} (${monthKey})`}</FileLink>
          <FileLink href={ii06aUrl('xlsx', 'month', monthKey)}>{`${pick(L.xlsx)} (${monthKey})`}</FileLink>
        </Group>
      </Card>
    </Stack>
  );
}

export default function ReportsPage() {
  return (
    <ReportingPage>
      <Reports />
    </ReportingPage>
  );
}
