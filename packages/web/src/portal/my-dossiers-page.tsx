import { dossierStatuses, dossierStatusInfo } from '@congso/core';
import { Anchor, Button, Card, Group, NativeSelect, Skeleton, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import type { DossierSummary } from '../dossiers/api';
import { dossierApi, dossierKeys } from './dossier-api';
import { formatInstant, StatusBadge } from './dossier-labels';
import { displayName } from './labels';
import './portal.css';

function DossierCard({ dossier }: { dossier: DossierSummary }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <Card component="li" withBorder radius="md" padding="md" className="portal-result" data-testid="dossier-item">
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" wrap="wrap" align="flex-start">
          <Text size="sm" ff="monospace" fw={600} data-testid="dossier-item-code" className="portal-code">
            {dossier.code}
          </Text>
          <StatusBadge status={dossier.status} size="sm" />
        </Group>
        <Title order={2} size="h5" fw={600} className="portal-result-title">
          <Anchor
            component={Link}
            to={`/ho-so-cua-toi/${dossier.id}`}
            className="portal-result-link"
            data-testid="dossier-link"
          >
            {displayName(dossier.procedure.name)}
          </Anchor>
        </Title>
        <dl className="portal-facts">
          <div>
            <dt>{t('portal.dossier.submittedAt')}</dt>
            <dd>{formatInstant(dossier.submittedAt, language)}</dd>
          </div>
          {(dossier.finishedAt || dossier.dueAt || !dossierStatusInfo[dossier.status]?.final) && (
            <div>
              <dt>{dossier.finishedAt ? t('portal.dossier.finishedAt') : t('portal.dossier.dueAt')}</dt>
              <dd data-testid="dossier-item-due">
                {dossier.finishedAt
                  ? formatInstant(dossier.finishedAt, language)
                  : dossier.dueAt
                    ? formatInstant(dossier.dueAt, language)
                    : t('portal.dossier.dueUnsetShort')}
              </dd>
            </div>
          )}
        </dl>
      </Stack>
    </Card>
  );
}

/** /ho-so-cua-toi: the signed-in citizen's dossiers. */
export default function MyDossiersPage() {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const [params, setParams] = useSearchParams();
  const status = dossierStatuses.find((value) => value === params.get('status')) ?? '';
  useDocumentTitle(t('portal.dossiers.title'));

  const list = useInfiniteQuery({
    queryKey: dossierKeys.list(status),
    queryFn: ({ pageParam }) => dossierApi.list(status, pageParam),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((sum, page) => sum + page.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
    placeholderData: keepPreviousData,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages.at(-1)?.total ?? 0;

  return (
    <Stack gap="md" className="portal-page" maw={960} data-testid="my-dossiers">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            {t('portal.dossiers.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('portal.dossiers.intro')}
          </Text>
          <Anchor component={Link} to="/ho-so-cua-toi/truy-cap-du-lieu" size="sm" data-testid="data-access-link">
            {t('gateway.access.nav')}
          </Anchor>
        </div>
        <NativeSelect
          label={t('portal.dossiers.status')}
          value={status}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setParams(value ? { status: value } : {}, { replace: true });
          }}
          data={[
            { value: '', label: t('app.common.all') },
            ...dossierStatuses.map((value) => ({ value, label: pick(dossierStatusInfo[value].labels) })),
          ]}
          data-testid="dossiers-status-filter"
          miw={220}
        />
      </Group>

      {list.isPending ? (
        <Stack gap="sm" aria-hidden="true">
          {[0, 1, 2].map((i) => (
            <Card key={i} withBorder radius="md" padding="md">
              <Skeleton h={14} w="45%" mb={8} />
              <Skeleton h={18} w="85%" mb={8} />
              <Skeleton h={12} w="60%" />
            </Card>
          ))}
        </Stack>
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} testId="dossiers-error" />
      ) : items.length === 0 ? (
        <Card withBorder radius="md" padding="lg" data-testid="dossiers-empty">
          <Stack gap="sm" align="flex-start">
            <Text>{status ? t('portal.dossiers.emptyFiltered') : t('portal.dossiers.empty')}</Text>
            <Button component={Link} to="/thu-tuc" variant="light">
              {t('portal.dossiers.findProcedure')}
            </Button>
          </Stack>
        </Card>
      ) : (
        <>
          <Text size="sm" c="dimmed" data-testid="dossiers-total" aria-live="polite">
            {t('portal.dossiers.total', { count: total, total: formatNumber(total, language) })}
          </Text>
          <ul className="portal-results" aria-label={t('portal.dossiers.title')} data-testid="dossier-list">
            {items.map((dossier) => (
              <DossierCard key={dossier.id} dossier={dossier} />
            ))}
          </ul>
          {list.hasNextPage && (
            <Group justify="center">
              <Button
                variant="light"
                onClick={() => list.fetchNextPage()}
                loading={list.isFetchingNextPage}
                data-testid="dossiers-more"
              >
                {t('app.common.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
