import { Badge, Card, Group, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';

interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: 'queued' | 'sent' | 'kept' | 'failed';
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

const pageSize = 20;
const statusColor = { queued: 'yellow', sent: 'green', kept: 'blue', failed: 'red' } as const;

/**
 * /admin/outbox: the e-mails Congso sends applicants. Without SMTP (the demo) they are kept here instead
 * of being sent, so the notifications can be seen.
 */
export default function OutboxPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  useDocumentTitle(t('app.outbox.title'));
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const mails = useQuery({
    queryKey: ['outbox', page],
    queryFn: () =>
      api.get<{ items: OutboxMail[]; total: number }>('/outbox', {
        limit: pageSize,
        offset: (page - 1) * pageSize,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  return (
    <Stack gap="md" data-testid="outbox-page">
      <div>
        <Title order={1} size="h2">
          {t('app.outbox.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('app.outbox.intro')}
        </Text>
      </div>
      {mails.isError && <ErrorAlert error={mails.error} />}
      <Card withBorder padding={0}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('app.outbox.createdAt')}</Table.Th>
              <Table.Th>{t('app.outbox.to')}</Table.Th>
              <Table.Th>{t('app.outbox.subject')}</Table.Th>
              <Table.Th>{t('app.outbox.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mails.data?.items.map((mail) => (
              <Table.Tr
                key={mail.id}
                data-testid="outbox-mail"
                style={{ cursor: 'pointer', verticalAlign: 'top' }}
                onClick={() => setOpen(open === mail.id ? null : mail.id)}
              >
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(mail.createdAt, language)}</Table.Td>
                <Table.Td>{mail.to}</Table.Td>
                <Table.Td>
                  <button
                    type="button"
                    className="outbox-subject"
                    aria-expanded={open === mail.id}
                    style={{ all: 'unset', cursor: 'pointer', fontWeight: 500 }}
                  >
                    {mail.subject}
                  </button>
                  {open === mail.id && (
                    <Text component="pre" size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>
                      {mail.text}
                    </Text>
                  )}
                  {mail.error && (
                    <Text size="xs" c="red">
                      {mail.error}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={statusColor[mail.status]} variant="light" tt="none">
                    {t(`app.outbox.statuses.${mail.status}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
            {mails.data && mails.data.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed">{t('app.outbox.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Card>
      {mails.data && mails.data.total > pageSize && (
        <Group justify="flex-end">
          <Pagination total={Math.ceil(mails.data.total / pageSize)} value={page} onChange={setPage} />
        </Group>
      )}
    </Stack>
  );
}
