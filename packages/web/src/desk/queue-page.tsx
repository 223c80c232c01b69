import { type DossierStatus, dossierStatuses } from '@congso/core';
import {
  Anchor,
  Badge,
  Button,
  Card,
  CloseButton,
  Group,
  Kbd,
  Pagination,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDateTime, formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { withParams } from '../app/search-params';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { displayName } from '../portal/labels';
import { deskApi, deskKeys, dossierBookUrl, queuePageSize } from './api';
import { DeskGuard } from './guard';
import { useDeskT } from './i18n';
import { DueBadge, DueLegend, StatusBadge, useNow } from './labels';
import { isOneStopClerk, seesDossierBook } from './roles';
import './desk.css';

const allTab = 'all';
/** Not finished: the default view of a desk. */
const openTab = 'open';
/** The steps the officer holds. */
const mineTab = 'mine';
/** The queue's tabs in working order: what waits for someone first, what is over last. */
const tabStatuses: readonly DossierStatus[] = [
  'receiving',
  'received',
  'processing',
  'waiting_supplement',
  'waiting_payment',
  'processed',
  'returned',
  'stopped',
  'denied',
  'withdrawn',
];

function QueueTabs({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const t = useDeskT();
  const { language } = useLanguage();
  // One query for every tab's count.
  const counts = useQuery({ queryKey: deskKeys.counts, queryFn: deskApi.counts, staleTime: 15_000 });
  const mine = useQuery({ queryKey: deskKeys.mineCount, queryFn: deskApi.mineCount, staleTime: 15_000 });
  const countOf = new Map<string, number | undefined>([
    [allTab, counts.data?.total],
    [openTab, counts.data?.open],
    [mineTab, mine.data?.open],
    ...tabStatuses.map((status) => [status, counts.data?.byStatus[status]] as [string, number | undefined]),
  ]);
  const tab = (key: string, label: string) => {
    const count = countOf.get(key);
    return (
      <Tabs.Tab
        key={key}
        value={key}
        data-testid={`queue-tab-${key}`}
        rightSection={
          count !== undefined && count > 0 ? (
            <Badge size="xs" variant={value === key ? 'filled' : 'light'} color="gray" radius="sm">
              {formatNumber(count, language)}
            </Badge>
          ) : undefined
        }
      >
        {label}
      </Tabs.Tab>
    );
  };
  return (
    <Tabs
      value={value}
      onChange={(next) => onChange(next ?? openTab)}
      keepMounted={false}
      classNames={{ tab: 'desk-tab' }}
    >
      <Tabs.List aria-label={t('queue.statusTabs')} className="desk-tabs">
        {tab(openTab, t('queue.inProgress'))}
        {tab(mineTab, t('queue.mine'))}
        {tabStatuses.map((status) => tab(status, t(`tab.${status}`)))}
        {tab(allTab, t('queue.all'))}
      </Tabs.List>
    </Tabs>
  );
}

function Queue() {
  const t = useDeskT();
  const { t: tt } = useTranslation();
  const { language } = useLanguage();
  const { me } = useSession();
  const navigate = useNavigate();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  useDocumentTitle(t('queue.title'));

  const statusParam = params.get('status') ?? openTab;
  const status = dossierStatuses.find((value) => value === statusParam);
  const view = status ?? ([allTab, mineTab].includes(statusParam) ? statusParam : openTab);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const clerk = isOneStopClerk(me);
  const seesBook = seesDossierBook(me);

  useHotkeys([['alt+N', () => clerk && navigate('/mot-cua/tiep-nhan')]]);

  const update = (changes: Record<string, string | null>) =>
    setParams((current) => withParams(current, changes), { replace: true });

  // What the clerk types, sent once they pause; the address keeps it (back, reload, a shared link).
  const q = (params.get('q') ?? '').trim();
  const [typed, setTyped] = useState(q);
  const [settled] = useDebouncedValue(typed.trim(), 300);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new settled text moves the address
  useEffect(() => {
    if (settled !== q) update({ q: settled || null, page: null });
  }, [settled]);

  const queue = useQuery({
    queryKey: deskKeys.queue(view, page, q),
    queryFn: () =>
      deskApi.queue({
        ...(q ? { q } : {}),
        ...(status ? { status } : {}),
        ...(view === openTab ? { open: true } : {}),
        ...(view === mineTab ? { open: true, mine: true } : {}),
        limit: queuePageSize,
        offset: (page - 1) * queuePageSize,
      }),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const items = queue.data?.items ?? [];
  const total = queue.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / queuePageSize));
  const from = total === 0 ? 0 : (page - 1) * queuePageSize + 1;
  const to = Math.min(total, page * queuePageSize);

  return (
    <Stack gap="md" data-testid="desk-queue">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            {t('queue.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {me?.agency ? t('queue.intro', { agency: me.agency.name }) : t('queue.introNoAgency')}
          </Text>
        </div>
        <Group gap="xs" wrap="wrap">
          {seesBook && (
            <>
              <Button
                component="a"
                href={dossierBookUrl('pdf')}
                target="_blank"
                rel="noopener"
                variant="default"
                size="sm"
                data-testid="print-dossier-book"
              >
                {t('queue.bookPdf')}
              </Button>
              <Button
                component="a"
                href={dossierBookUrl('xlsx')}
                variant="default"
                size="sm"
                download
                data-testid="print-dossier-book-xlsx"
              >
                {t('queue.bookXlsx')}
              </Button>
            </>
          )}
          {clerk && (
            <Button
              component={Link}
              to="/mot-cua/tiep-nhan"
              size="sm"
              data-testid="desk-intake"
              title={t('queue.intakeHint')}
              rightSection={
                <Kbd size="xs" aria-hidden="true">
                  Alt+N
                </Kbd>
              }
            >
              {t('queue.intake')}
            </Button>
          )}
        </Group>
      </Group>

      <QueueTabs value={view} onChange={(value) => update({ status: value === openTab ? null : value, page: null })} />

      <TextInput
        type="search"
        label={t('queue.search')}
        description={t('queue.searchHint')}
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') update({ q: typed.trim() || null, page: null });
        }}
        maxLength={100}
        maw={520}
        autoComplete="off"
        data-testid="queue-search"
        rightSection={
          typed ? (
            <CloseButton
              aria-label={t('queue.searchClear')}
              onClick={() => {
                setTyped('');
                update({ q: null, page: null });
              }}
            />
          ) : undefined
        }
      />

      {queue.isError && (
        <ErrorAlert
          error={queue.error}
          title={t('queue.errorTitle')}
          onRetry={() => queue.refetch()}
          testId="queue-error"
        />
      )}

      <Card withBorder radius="md" padding={0}>
        <Table.ScrollContainer minWidth={1080}>
          <Table
            striped
            highlightOnHover
            verticalSpacing={6}
            horizontalSpacing="sm"
            aria-label={t('queue.tableLabel')}
            aria-busy={queue.isFetching}
            layout="fixed"
            className="desk-table"
            data-testid="queue-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={205}>
                  {t('queue.code')}
                </Table.Th>
                <Table.Th scope="col">{t('queue.procedure')}</Table.Th>
                <Table.Th scope="col" w={160}>
                  {t('queue.applicant')}
                </Table.Th>
                <Table.Th scope="col" w={120}>
                  {t('queue.received')}
                </Table.Th>
                <Table.Th scope="col" w={215}>
                  {t('queue.due')}
                </Table.Th>
                <Table.Th scope="col" w={150}>
                  {t('queue.status')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((dossier) => (
                <Table.Tr
                  key={dossier.id}
                  data-testid="queue-row"
                  data-code={dossier.code}
                  className="desk-row"
                  onClick={(event) => {
                    // The code is a real link (keyboard, middle click); the rest of the row is a shortcut to it.
                    if ((event.target as HTMLElement).closest('a')) return;
                    navigate(`/mot-cua/ho-so/${dossier.id}`);
                  }}
                >
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/mot-cua/ho-so/${dossier.id}`}
                      className="congso-code desk-code"
                      aria-label={t('queue.open', { code: dossier.code })}
                      data-testid="queue-link"
                    >
                      {dossier.code}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2} title={dossier.procedure.name}>
                      {displayName(dossier.procedure.name)}
                    </Text>
                    <Text size="xs" c="dimmed" className="congso-code">
                      {dossier.procedure.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{dossier.applicantName}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                      {dossier.receivedAt ? formatDateTime(dossier.receivedAt, language) : tt('app.common.none')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <DueBadge dossier={dossier} now={now} size="xs" />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={dossier.status} short />
                  </Table.Td>
                </Table.Tr>
              ))}
              {!queue.isPending && items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text size="sm" c="dimmed" ta="center" py="lg" data-testid="queue-empty">
                      {q ? t('queue.noMatch', { q }) : status ? t('queue.emptyStatus') : t('queue.empty')}
                    </Text>
                    {q && view !== allTab && (
                      <Group justify="center" pb="md">
                        <Button variant="light" size="xs" onClick={() => update({ status: allTab, page: null })}>
                          {t('queue.searchAll')}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              )}
              {queue.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text size="sm" c="dimmed" ta="center" py="lg" role="status">
                      {tt('app.common.loading')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>

      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed" data-testid="queue-total" role="status">
          {total > 0
            ? t('queue.shown', {
                from: formatNumber(from, language),
                to: formatNumber(to, language),
                total: formatNumber(total, language),
              })
            : ''}
        </Text>
        {pages > 1 && (
          <Pagination
            total={pages}
            value={Math.min(page, pages)}
            onChange={(value) => update({ page: value > 1 ? String(value) : null })}
            aria-label={t('queue.pageLabel')}
            size="sm"
            data-testid="queue-pagination"
          />
        )}
      </Group>

      <DueLegend />
    </Stack>
  );
}

/** /mot-cua: the dossiers of the officer's agency, by status, soonest due first. */
export default function QueuePage() {
  return (
    <DeskGuard>
      <Queue />
    </DeskGuard>
  );
}
