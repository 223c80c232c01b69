import { Alert, Badge, Button, Card, FileInput, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { TableScroll } from '../office/scroll';
import { formatInstant } from '../portal/dossier-labels';
import { formatVnd } from '../portal/labels';
import { type PendingTransfer, type StatementReport, type StatementResult, transfersApi } from './api';

const pendingKey = ['payments', 'pending-transfers'] as const;

/** Lines the accountant has nothing to do about; every other result needs a look. */
const settledResults: readonly StatementResult[] = ['confirmed', 'already'];
const resultColor: Record<StatementResult, string> = {
  confirmed: 'green',
  already: 'gray',
  refund: 'orange',
  duplicate: 'orange',
  no_reference: 'yellow',
  amount_mismatch: 'red',
  not_transfer: 'yellow',
  unreadable: 'red',
  error: 'red',
};

/** The Vietnam wall-clock time of an instant as a datetime-local value (yyyy-mm-ddThh:mm). */
const vnLocal = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 16);
/** A datetime-local value read as Vietnam time. */
const fromVnLocal = (value: string) => new Date(`${value}:00+07:00`).toISOString();

/**
 * /admin/doi-soat-chuyen-khoan: the province accountants match VietQR transfers with the collecting account:
 * the bank's statement uploaded and matched by the transfers' content, or one transfer confirmed by hand.
 */
export default function TransfersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('payments.transfers.title'));
  return (
    <Stack gap="md" maw={1200} data-testid="transfers-page">
      <Title order={1}>{t('payments.transfers.title')}</Title>
      <Text>{t('payments.transfers.intro')}</Text>
      <StatementCard />
      <PendingTransfers />
    </Stack>
  );
}

function StatementCard() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const match = useMutation({
    mutationFn: (f: File) => transfersApi.importStatement(f),
    onSuccess: () => void client.invalidateQueries({ queryKey: pendingKey }),
  });
  const report: StatementReport | undefined = match.data;
  const attention = report ? report.lines.filter((l) => !settledResults.includes(l.result)).length : 0;
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={2} size="h3" mb="xs">
        {t('payments.transfers.statementTitle')}
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (file) match.mutate(file);
        }}
        data-testid="statement-form"
      >
        <Group align="flex-end">
          <FileInput
            label={t('payments.transfers.file')}
            description={t('payments.transfers.statementHint')}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={setFile}
            clearable
            clearButtonProps={{ 'aria-label': t('payments.transfers.clearFile') }}
            w={{ base: '100%', sm: 520 }}
            data-testid="statement-file"
          />
          <Button type="submit" loading={match.isPending} disabled={!file} data-testid="statement-import">
            {t('payments.transfers.import')}
          </Button>
        </Group>
      </form>
      {match.isError && <ErrorAlert error={match.error} testId="statement-error" />}
      {report && (
        <Stack gap="sm" mt="md">
          <Alert color={attention > 0 ? 'yellow' : 'green'} role="status" data-testid="statement-summary">
            {t('payments.transfers.summary', {
              confirmed: report.counts.confirmed,
              already: report.counts.already,
              attention,
            })}
          </Alert>
          <TableScroll minWidth={820} label={t('payments.transfers.statementTitle')}>
            <Table withTableBorder striped data-testid="statement-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('payments.transfers.columns.row')}</Table.Th>
                  <Table.Th scope="col">{t('payments.transfers.columns.bookedAt')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('payments.transfers.columns.credit')}
                  </Table.Th>
                  <Table.Th scope="col">{t('payments.transfers.columns.description')}</Table.Th>
                  <Table.Th scope="col">{t('payments.transfers.columns.bankReference')}</Table.Th>
                  <Table.Th scope="col">{t('payments.transfers.columns.result')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.lines.map((line) => (
                  <Table.Tr key={line.row} data-testid="statement-line" data-result={line.result}>
                    <Table.Td>{line.row}</Table.Td>
                    <Table.Td>{line.bookedAt ? formatInstant(line.bookedAt, language) : '—'}</Table.Td>
                    <Table.Td ta="right">{line.credit === null ? '—' : formatVnd(line.credit, language)}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{line.description}</Table.Td>
                    <Table.Td>{line.bankReference ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={resultColor[line.result]}
                        variant="light"
                        tt="none"
                        h="auto"
                        py={4}
                        styles={{ label: { whiteSpace: 'normal', overflow: 'visible' } }}
                      >
                        {t(`payments.transfers.results.${line.result}`, {
                          expected: line.expectedAmount === null ? '' : formatVnd(line.expectedAmount, language),
                        })}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </Stack>
      )}
    </Card>
  );
}

function PendingTransfers() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const list = useQuery({ queryKey: pendingKey, queryFn: () => transfersApi.pending() });
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<{ reference: string; result: 'confirmed' | 'refund' | 'already' } | null>(null);
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={2} size="h3" mb="xs">
        {t('payments.transfers.pendingTitle')}
      </Title>
      {done && (
        <Alert
          color={done.result === 'confirmed' ? 'green' : 'yellow'}
          role="status"
          mb="sm"
          data-testid="transfer-done"
        >
          {t(`payments.transfers.${done.result}`, { reference: done.reference })}
        </Alert>
      )}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} testId="transfers-error" />}
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('payments.transfers.pendingEmpty')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <TableScroll minWidth={820} label={t('payments.transfers.pendingTitle')}>
          <Table withTableBorder striped data-testid="pending-transfers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('payments.transfers.columns.dossier')}</Table.Th>
                <Table.Th scope="col">{t('payments.transfers.columns.applicant')}</Table.Th>
                <Table.Th scope="col">{t('payments.transfers.columns.agency')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('payments.transfers.columns.amount')}
                </Table.Th>
                <Table.Th scope="col">{t('payments.transfers.columns.reference')}</Table.Th>
                <Table.Th scope="col">{t('payments.transfers.columns.startedAt')}</Table.Th>
                <Table.Th scope="col">{t('payments.transfers.columns.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((item) => (
                <Table.Tr key={item.id} data-testid="pending-transfer" data-reference={item.reference}>
                  <Table.Td>{item.dossierCode}</Table.Td>
                  <Table.Td>{item.applicantName}</Table.Td>
                  <Table.Td>{item.agencyName}</Table.Td>
                  <Table.Td ta="right">{formatVnd(item.amount, language)}</Table.Td>
                  <Table.Td ff="monospace">{item.reference}</Table.Td>
                  <Table.Td>{formatInstant(item.createdAt, language)}</Table.Td>
                  <Table.Td>
                    {open === item.id ? (
                      <ReceivedForm
                        item={item}
                        onCancel={() => setOpen(null)}
                        onDone={(result) => {
                          setOpen(null);
                          setDone({ reference: item.reference, result });
                        }}
                      />
                    ) : (
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => {
                          setDone(null);
                          setOpen(item.id);
                        }}
                        data-testid="transfer-received"
                      >
                        {t('payments.transfers.received')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Card>
  );
}

function ReceivedForm({
  item,
  onCancel,
  onDone,
}: {
  item: PendingTransfer;
  onCancel: () => void;
  onDone: (result: 'confirmed' | 'refund' | 'already') => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [bankReference, setBankReference] = useState('');
  const [receivedAt, setReceivedAt] = useState(() => vnLocal(new Date()));
  const confirm = useMutation({
    mutationFn: () =>
      transfersApi.received(item.id, { bankReference: bankReference.trim(), receivedAt: fromVnLocal(receivedAt) }),
    onSuccess: (answer) => {
      void client.invalidateQueries({ queryKey: pendingKey });
      onDone(answer.result);
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        confirm.mutate();
      }}
      data-testid="received-form"
    >
      <Stack gap={6} miw={240}>
        <TextInput
          size="xs"
          label={t('payments.transfers.bankReference')}
          value={bankReference}
          onChange={(event) => setBankReference(event.currentTarget.value)}
          required
          maxLength={100}
          data-testid="received-reference"
        />
        <TextInput
          size="xs"
          type="datetime-local"
          label={t('payments.transfers.receivedAt')}
          value={receivedAt}
          onChange={(event) => setReceivedAt(event.currentTarget.value)}
          required
          data-testid="received-at"
        />
        {confirm.isError && <ErrorAlert error={confirm.error} testId="received-error" />}
        <Group gap="xs">
          <Button
            type="submit"
            size="xs"
            loading={confirm.isPending}
            disabled={bankReference.trim() === '' || receivedAt === ''}
            data-testid="received-confirm"
          >
            {t('payments.transfers.confirm')}
          </Button>
          <Button size="xs" variant="subtle" onClick={onCancel}>
            {t('payments.transfers.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
