import { Alert, Anchor, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { formatInstant } from '../portal/dossier-labels';
import { formatVnd } from '../portal/labels';

interface PaymentReport {
  day: string;
  generatedAt: string;
  byJob: boolean;
  summary: { payments: number; paidAmount: number; receiptAmount: number; differences: number; accounts: number };
}

const reportsKey = ['payments', 'reports'] as const;
const xlsxUrl = (day: string) => `/api/v1/payment-reports/${day}/xlsx`;
const vnDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * /admin/doi-soat-thanh-toan: the daily reconciliation reports of fees collected (per collecting account, as
 * XLSX) for the province's accountants and administrators: the days kept, a day produced again.
 */
export default function PaymentReportsPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  useDocumentTitle(t('payments.reports.title'));
  const client = useQueryClient();
  const list = useQuery({
    queryKey: reportsKey,
    queryFn: () => api.get<{ items: PaymentReport[]; today: string }>('/payment-reports'),
  });
  const [day, setDay] = useState('');
  const chosen = day || list.data?.today || '';
  const produce = useMutation({
    mutationFn: (d: string) => api.post<PaymentReport>(`/payment-reports/${d}`, {}, { retry: true }),
    onSuccess: () => void client.invalidateQueries({ queryKey: reportsKey }),
  });

  return (
    <Stack gap="md" maw={1100} data-testid="payment-reports-page">
      <Title order={1}>{t('payments.reports.title')}</Title>
      <Text>{t('payments.reports.intro')}</Text>
      <Card withBorder radius="md" padding="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (chosen) produce.mutate(chosen);
          }}
        >
          <Group align="flex-end">
            <TextInput
              type="date"
              label={t('payments.reports.day')}
              value={chosen}
              max={list.data?.today}
              onChange={(event) => setDay(event.currentTarget.value)}
              data-testid="report-day"
            />
            <Button type="submit" loading={produce.isPending} disabled={!chosen} data-testid="report-produce">
              {t('payments.reports.produce')}
            </Button>
          </Group>
        </form>
        {produce.isSuccess && (
          <Alert color="green" role="status" mt="sm" data-testid="report-produced">
            {t('payments.reports.produced', { day: vnDay(produce.data.day) })}
          </Alert>
        )}
        {produce.isError && <ErrorAlert error={produce.error} testId="report-error" />}
      </Card>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} testId="reports-error" />}
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('payments.reports.empty')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder striped data-testid="payment-reports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('payments.reports.columns.day')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('payments.reports.columns.payments')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('payments.reports.columns.paid')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('payments.reports.columns.receipts')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('payments.reports.columns.differences')}
                </Table.Th>
                <Table.Th scope="col">{t('payments.reports.columns.generated')}</Table.Th>
                <Table.Th scope="col">{t('payments.reports.columns.file')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((r) => (
                <Table.Tr key={r.day} data-testid="payment-report" data-day={r.day}>
                  <Table.Td>{vnDay(r.day)}</Table.Td>
                  <Table.Td ta="right">{r.summary.payments}</Table.Td>
                  <Table.Td ta="right">{formatVnd(r.summary.paidAmount, language)}</Table.Td>
                  <Table.Td ta="right">{formatVnd(r.summary.receiptAmount, language)}</Table.Td>
                  <Table.Td ta="right" c={r.summary.differences > 0 ? 'red.9' : undefined}>
                    {r.summary.differences}
                  </Table.Td>
                  <Table.Td>
                    {formatInstant(r.generatedAt, language)} (
                    {r.byJob ? t('payments.reports.byJob') : t('payments.reports.byOfficer')})
                  </Table.Td>
                  <Table.Td>
                    <Anchor href={xlsxUrl(r.day)} download data-testid="report-download">
                      {t('payments.reports.download', { day: vnDay(r.day) })}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
