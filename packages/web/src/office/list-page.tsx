import { incomingStatuses, outgoingStatuses } from '@congso/core';
import { Button, Group, Pagination, Stack, Tabs, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { withParams } from '../app/search-params';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { type Direction, listPageSize, officeApi, officeKeys } from './api';
import { DocumentTable, shownText } from './document-table';
import { useOfficeT } from './i18n';
import { useOfficeLabels } from './labels';
import { OfficePage } from './layout';
import { canDraft, isDocumentClerk } from './roles';

const allTab = 'all';
const mineTab = 'mine';
const overdueTab = 'overdue';

/** The queue of one direction: tabs by status, "mine" (and "overdue" for incoming), paged. */
function DocumentList({ direction }: { direction: Direction }) {
  const t = useOfficeT();
  const labels = useOfficeLabels();
  const { language } = useLanguage();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const incoming = direction === 'incoming';
  useDocumentTitle(incoming ? t('list.incomingTitle') : t('list.outgoingTitle'));

  const statuses: readonly string[] = incoming ? incomingStatuses : outgoingStatuses;
  const special = incoming ? [mineTab, overdueTab] : [mineTab];
  const requested = params.get('tab') ?? allTab;
  const view = statuses.includes(requested) || special.includes(requested) ? requested : allTab;
  const page = Math.max(1, Number(params.get('page')) || 1);

  const query = useQuery({
    queryKey: officeKeys.list(direction, view, page),
    queryFn: () =>
      (incoming ? officeApi.incoming : officeApi.outgoing)({
        ...(statuses.includes(view) ? { status: view } : {}),
        ...(view === mineTab ? { mine: true } : {}),
        ...(view === overdueTab ? { overdue: true } : {}),
        limit: listPageSize,
        offset: (page - 1) * listPageSize,
      }),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const items = query.data?.items ?? [];
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / listPageSize));
  const update = (changes: Record<string, string | null>) =>
    setParams((current) => withParams(current, changes), { replace: true });

  const tabs: { value: string; label: string }[] = [
    { value: allTab, label: t('list.all') },
    { value: mineTab, label: incoming ? t('list.mine') : t('list.mineOutgoing') },
    ...(incoming ? [{ value: overdueTab, label: t('list.overdue') }] : []),
    ...statuses.map((status) => ({ value: status, label: labels.status(direction, status) })),
  ];

  return (
    <Stack gap="md" data-testid={`${direction}-list`}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            {incoming ? t('list.incomingTitle') : t('list.outgoingTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t(incoming ? 'list.incomingIntro' : 'list.outgoingIntro', { agency: me?.agency?.name ?? '' })}
          </Text>
        </div>
        {incoming && isDocumentClerk(me) && (
          <Button component={Link} to="/van-ban/den/moi" size="sm" data-testid="register-incoming">
            {t('list.register')}
          </Button>
        )}
        {!incoming && canDraft(me) && (
          <Button component={Link} to="/van-ban/di/moi" size="sm" data-testid="draft-outgoing">
            {t('list.draft')}
          </Button>
        )}
      </Group>

      <Tabs
        value={view}
        onChange={(next) => update({ tab: next === allTab ? null : next, page: null })}
        keepMounted={false}
        classNames={{ tab: 'desk-tab' }}
      >
        <Tabs.List aria-label={t('list.tabs')} className="desk-tabs">
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value} data-testid={`list-tab-${tab.value}`}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>

      {query.isError && <ErrorAlert error={query.error} title={t('list.errorTitle')} onRetry={() => query.refetch()} />}

      <DocumentTable
        items={items}
        direction={direction}
        label={incoming ? t('list.tableIncoming') : t('list.tableOutgoing')}
        empty={t('list.empty')}
        busy={query.isFetching}
      />

      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed" role="status" data-testid="list-total">
          {shownText(t, language, page, listPageSize, total)}
        </Text>
        {pages > 1 && (
          <Pagination
            total={pages}
            value={Math.min(page, pages)}
            onChange={(value) => update({ page: value > 1 ? String(value) : null })}
            aria-label={t('list.pageLabel')}
            size="sm"
          />
        )}
      </Group>
    </Stack>
  );
}

/** /van-ban/den: the agency's incoming documents. */
export function IncomingListPage() {
  return (
    <OfficePage>
      <DocumentList direction="incoming" />
    </OfficePage>
  );
}

/** /van-ban/di: the agency's outgoing documents. */
export function OutgoingListPage() {
  return (
    <OfficePage>
      <DocumentList direction="outgoing" />
    </OfficePage>
  );
}
