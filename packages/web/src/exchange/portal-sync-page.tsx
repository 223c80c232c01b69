import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  Pagination,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';

const states = ['pending', 'delivered', 'dead'] as const;
type SyncState = (typeof states)[number];

interface SyncItem {
  id: number;
  dossierId: string;
  dossierCode: string | null;
  version: number;
  service: 'DongBoHoSoMC' | 'CapNhatTienDoHoSoMC';
  reason: 'change' | 'resync';
  state: SyncState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: { message?: string } | null;
  createdAt: string;
  deliveredAt: string | null;
}

interface SyncList {
  configured: boolean;
  url: string | null;
  counts: { pending: number; delivered: number; dead: number; blockedDossiers: number };
  items: SyncItem[];
}

const pageSize = 20;
const stateColor = { pending: 'yellow', delivered: 'green', dead: 'red' } as const;

/**
 * /admin/dong-bo-dvcqg: the sync to the national public service portal for the province administrator:
 * whether it is configured, what waits, what was sent, the dead letters with their error, attempts and the
 * data sent, and a replay.
 */
export default function PortalSyncPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  useDocumentTitle(t('exchange.portal.title'));
  const [page, setPage] = useState(1);
  const [state, setState] = useState<SyncState | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const list = useQuery({
    queryKey: ['portal-sync', state, page],
    queryFn: () =>
      api.get<SyncList>('/exchange/portal-sync', {
        state: state ?? undefined,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const detail = useQuery({
    queryKey: ['portal-sync', 'detail', shown],
    queryFn: () => api.get<SyncItem & { payload: unknown }>(`/exchange/portal-sync/${shown}`),
    enabled: shown !== null,
  });
  const replay = useMutation({
    mutationFn: (id: number) => api.post<{ id: number; state: string }>(`/exchange/portal-sync/${id}/replay`, {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['portal-sync'] }),
  });
  const data = list.data;
  const items = data?.items ?? [];
  const total = data
    ? state
      ? data.counts[state]
      : data.counts.pending + data.counts.delivered + data.counts.dead
    : 0;

  return (
    <Stack gap="md" data-testid="portal-sync-page">
      <div>
        <Title order={1} size="h2">
          {t('exchange.portal.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('exchange.portal.intro')}
        </Text>
      </div>
      {data && !data.configured && (
        <Alert color="yellow" variant="light" data-testid="portal-sync-not-configured">
          {t('exchange.portal.notConfigured')}
        </Alert>
      )}
      {data?.configured && (
        <Text size="sm" data-testid="portal-sync-configured">
          {t('exchange.portal.configured', { url: data.url })}
        </Text>
      )}
      {data && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="portal-sync-counts">
          {(
            [
              ['pending', data.counts.pending],
              ['delivered', data.counts.delivered],
              ['dead', data.counts.dead],
              ['blocked', data.counts.blockedDossiers],
            ] as const
          ).map(([key, value]) => (
            <Card key={key} withBorder padding="sm">
              <Text size="xs" c="dimmed">
                {t(`exchange.portal.counts.${key}`)}
              </Text>
              <Text fw={700} size="xl" data-testid={`portal-sync-count-${key}`}>
                {value.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB')}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <Group>
        <Select
          label={t('exchange.filter')}
          data={[
            { value: '', label: t('exchange.all') },
            ...states.map((s) => ({ value: s, label: t(`exchange.portal.states.${s}`) })),
          ]}
          value={state ?? ''}
          onChange={(value) => {
            setState(value ? (value as SyncState) : null);
            setPage(1);
          }}
          allowDeselect={false}
          w={240}
          data-testid="portal-sync-state-filter"
        />
      </Group>
      {replay.isSuccess && (
        <Alert color="green" variant="light" role="status" data-testid="portal-sync-replayed">
          {t('exchange.portal.replayed')}
        </Alert>
      )}
      {replay.isError && <ErrorAlert error={replay.error} />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Card withBorder padding={0} style={{ overflowX: 'auto' }}>
        <Table striped verticalSpacing="xs" aria-label={t('exchange.portal.table')} miw={760}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('exchange.portal.createdAt')}</Table.Th>
              <Table.Th scope="col">{t('exchange.portal.dossier')}</Table.Th>
              <Table.Th scope="col">{t('exchange.portal.service')}</Table.Th>
              <Table.Th scope="col">{t('exchange.portal.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr
                key={item.id}
                data-testid="portal-sync-item"
                data-state={item.state}
                style={{ verticalAlign: 'top' }}
              >
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(item.createdAt, language)}</Table.Td>
                <Table.Td>
                  <Text size="sm" className="congso-code">
                    {item.dossierCode ?? item.dossierId}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('exchange.portal.version', { version: item.version })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`exchange.portal.services.${item.service}`)}</Text>
                  <Text size="xs" c="dimmed" className="congso-code">
                    {item.service}
                    {item.reason === 'resync' ? ` · ${t('exchange.portal.reasons.resync')}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={stateColor[item.state]} variant="light" tt="none">
                    {t(`exchange.portal.states.${item.state}`)}
                  </Badge>
                  {item.attempts > 0 && item.state !== 'delivered' && (
                    <Text size="xs" c="dimmed">
                      {t('exchange.attempts', { count: item.attempts })}
                    </Text>
                  )}
                  {item.state === 'pending' && item.nextAttemptAt && (
                    <Text size="xs" c="dimmed">
                      {t('exchange.portal.nextAttempt', { time: formatDateTime(item.nextAttemptAt, language) })}
                    </Text>
                  )}
                  {item.lastError?.message && item.state !== 'delivered' && (
                    <Text size="xs" c="red" style={{ wordBreak: 'break-word' }}>
                      {item.lastError.message}
                    </Text>
                  )}
                  <Group gap={4} mt={4}>
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => setShown(item.id)}
                      aria-label={t('exchange.portal.payloadLabel', { id: item.id })}
                    >
                      {t('exchange.portal.showPayload')}
                    </Button>
                    {item.state === 'dead' && (
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => replay.mutate(item.id)}
                        loading={replay.isPending && replay.variables === item.id}
                        aria-label={t('exchange.portal.replayLabel', {
                          id: item.id,
                          code: item.dossierCode ?? item.dossierId,
                        })}
                        data-testid="portal-sync-replay"
                      >
                        {t('exchange.portal.replay')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            {data && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" size="sm" ta="center" py="md" data-testid="portal-sync-empty">
                    {t('exchange.portal.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Card>
      {total > pageSize && (
        <Group justify="flex-end">
          <Pagination
            total={Math.ceil(total / pageSize)}
            value={page}
            onChange={setPage}
            aria-label={t('exchange.portal.pages')}
            getControlProps={(control) => ({ 'aria-label': t(`exchange.portal.pageControls.${control}`) })}
          />
        </Group>
      )}
      <Modal
        opened={shown !== null}
        onClose={() => setShown(null)}
        title={t('exchange.portal.payloadTitle', { id: shown })}
        size="xl"
      >
        {detail.isError && <ErrorAlert error={detail.error} />}
        {detail.data && (
          <Stack gap="xs">
            {detail.data.lastError !== null && (
              <Code block data-testid="portal-sync-error">
                {JSON.stringify(detail.data.lastError, null, 2)}
              </Code>
            )}
            {detail.data.payload === null ? (
              <Text size="sm" c="dimmed">
                {t('exchange.portal.payloadNotBuilt')}
              </Text>
            ) : (
              <Code block data-testid="portal-sync-payload" style={{ maxHeight: 480, overflow: 'auto' }}>
                {JSON.stringify(detail.data.payload, null, 2)}
              </Code>
            )}
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
