import { statusCodeLabels } from '@congso/core';
import { Alert, Badge, Button, Card, Group, Pagination, Select, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';

const states = ['queued', 'delivered', 'refused', 'failed', 'received'] as const;
type MessageState = (typeof states)[number];

interface ExchangeMessage {
  id: string;
  direction: 'in' | 'out';
  kind: 'package' | 'status';
  peerName: string;
  documentId: string;
  fromOrganId: string;
  toOrganIds: string[];
  subject: string | null;
  statusCode: string | null;
  state: MessageState;
  attempts: number;
  error: { message?: string } | null;
  createdAt: string;
  deliveredAt: string | null;
}

const pageSize = 20;
const stateColor = { queued: 'yellow', delivered: 'green', refused: 'red', failed: 'red', received: 'blue' } as const;

/**
 * /admin/lien-thong: the edXML exchange's log for the province administrator: what is queued, delivered, refused
 * or failed (with the last error and the number of tries), what came in, and a retry for what could not be sent.
 */
export default function ExchangePage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  useDocumentTitle(t('exchange.title'));
  const [page, setPage] = useState(1);
  const [state, setState] = useState<MessageState | null>(null);
  const messages = useQuery({
    queryKey: ['exchange', 'messages', state, page],
    queryFn: () =>
      api.get<{ items: ExchangeMessage[]; total: number }>('/exchange/messages', {
        state: state ?? undefined,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const retry = useMutation({
    mutationFn: (id: string) => api.post<{ id: string; state: string }>(`/exchange/messages/${id}/retry`, {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['exchange', 'messages'] }),
  });
  const statusLabel = (code: string) =>
    (statusCodeLabels as Record<string, { vi: string; en: string }>)[code]?.[language] ?? code;
  const items = messages.data?.items ?? [];

  return (
    <Stack gap="md" data-testid="exchange-page">
      <div>
        <Title order={1} size="h2">
          {t('exchange.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('exchange.intro')}
        </Text>
      </div>
      <Group>
        <Select
          label={t('exchange.filter')}
          data={[
            { value: '', label: t('exchange.all') },
            ...states.map((s) => ({ value: s, label: t(`exchange.states.${s}`) })),
          ]}
          value={state ?? ''}
          onChange={(value) => {
            setState(value ? (value as MessageState) : null);
            setPage(1);
          }}
          allowDeselect={false}
          w={240}
          data-testid="exchange-state-filter"
        />
      </Group>
      {retry.isSuccess && (
        <Alert color="green" variant="light" role="status" data-testid="exchange-retried">
          {t('exchange.retried')}
        </Alert>
      )}
      {retry.isError && <ErrorAlert error={retry.error} />}
      {messages.isError && <ErrorAlert error={messages.error} onRetry={() => messages.refetch()} />}
      <Card withBorder padding={0} style={{ overflowX: 'auto' }}>
        <Table striped verticalSpacing="xs" aria-label={t('exchange.table')} data-testid="exchange-table" miw={860}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('exchange.createdAt')}</Table.Th>
              <Table.Th scope="col">{t('exchange.direction')}</Table.Th>
              <Table.Th scope="col">{t('exchange.document')}</Table.Th>
              <Table.Th scope="col">{t('exchange.peer')}</Table.Th>
              <Table.Th scope="col">{t('exchange.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((m) => (
              <Table.Tr key={m.id} data-testid="exchange-message" data-state={m.state} style={{ verticalAlign: 'top' }}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(m.createdAt, language)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`exchange.directions.${m.direction}`)}</Text>
                  <Text size="xs" c="dimmed">
                    {t(`exchange.kinds.${m.kind}`)}
                    {m.statusCode ? ` · ${m.statusCode} ${statusLabel(m.statusCode)}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {m.subject && m.kind === 'package' && <Text size="sm">{m.subject}</Text>}
                  <Text size="xs" c="dimmed" className="congso-code" style={{ wordBreak: 'break-all' }}>
                    {m.documentId}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {m.fromOrganId} → {m.toOrganIds.join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{m.peerName}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={stateColor[m.state]} variant="light" tt="none">
                    {t(`exchange.states.${m.state}`)}
                  </Badge>
                  {m.direction === 'out' && m.attempts > 0 && m.state !== 'delivered' && (
                    <Text size="xs" c="dimmed">
                      {t('exchange.attempts', { count: m.attempts })}
                    </Text>
                  )}
                  {m.error?.message && m.state !== 'delivered' && (
                    <Text size="xs" c="red" style={{ wordBreak: 'break-word' }}>
                      {m.error.message}
                    </Text>
                  )}
                  {m.direction === 'out' && (m.state === 'failed' || m.state === 'refused') && (
                    <Button
                      size="xs"
                      mt={4}
                      variant="light"
                      onClick={() => retry.mutate(m.id)}
                      loading={retry.isPending && retry.variables === m.id}
                      aria-label={t('exchange.retryLabel', { name: m.documentId })}
                      data-testid="exchange-retry"
                    >
                      {t('exchange.retry')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {messages.data && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text c="dimmed" size="sm" ta="center" py="md" data-testid="exchange-empty">
                    {t('exchange.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Card>
      {messages.data && messages.data.total > pageSize && (
        <Group justify="flex-end">
          <Pagination total={Math.ceil(messages.data.total / pageSize)} value={page} onChange={setPage} />
        </Group>
      )}
    </Stack>
  );
}
