import { Card, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../app/errors';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { type Rate, reportingApi } from './api';
import { L } from './labels';
import { ReportingPage } from './layout';

function Rates() {
  const { pick, language } = useLanguage();
  useDocumentTitle(pick(L.rates));
  const query = useQuery({ queryKey: ['reporting', 'rates'], queryFn: () => reportingApi.rates() });
  const pct = (v: number | null) => (v === null ? '—' : `${formatNumber(v, language)}%`);
  const cells = (r: Rate) => (
    <>
      <Table.Td>{r.due}</Table.Td>
      <Table.Td>{r.submitted}</Table.Td>
      <Table.Td>{r.onTime}</Table.Td>
      <Table.Td>{pct(r.rate)}</Table.Td>
      <Table.Td>{pct(r.onTimeRate)}</Table.Td>
    </>
  );
  const data = query.data;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {`${pick(L.rates)}${data ? ` ${data.year}` : ''}`}
      </Title>
      {query.isError && <ErrorAlert error={query.error} />}
      {data && (
        <Card withBorder radius="md" padding="md">
          <div className="table-scroll">
            <Table striped data-testid="rates-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{pick(L.agency)}</Table.Th>
                  <Table.Th>{pick(L.dueCount)}</Table.Th>
                  <Table.Th>{pick(L.submittedCount)}</Table.Th>
                  <Table.Th>{pick(L.onTimeCount)}</Table.Th>
                  <Table.Th>{pick(L.rate)}</Table.Th>
                  <Table.Th>{pick(L.onTimeRate)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.rows.map((r) => (
                  <Table.Tr key={r.agencyId}>
                    <Table.Td>{r.agencyName}</Table.Td>
                    {cells(r)}
                  </Table.Tr>
                ))}
                <Table.Tr fw={700}>
                  <Table.Td>{pick(L.total)}</Table.Td>
                  {cells(data.total)}
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </div>
        </Card>
      )}
    </Stack>
  );
}

export default function RatesPage() {
  return (
    <ReportingPage>
      <Rates />
    </ReportingPage>
  );
}
