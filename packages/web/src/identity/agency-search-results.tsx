import { Breadcrumbs, Button, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/errors';
import { AgencyLine } from './agency-line';
import { type AgencySummary, identityApi, type Page, pageSize } from './api';

export function useAgencySearch(q: string, includeHistory: boolean) {
  return useInfiniteQuery({
    queryKey: ['agencies', 'search', q, includeHistory],
    queryFn: ({ pageParam }) => identityApi.agencies({ q, includeHistory, limit: pageSize, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last: Page<AgencySummary>, pages) => {
      const loaded = pages.reduce((sum, page) => sum + page.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

interface Props {
  q: string;
  includeHistory: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function AgencySearchResults({ q, includeHistory, selectedId, onSelect }: Props) {
  const { t } = useTranslation();
  const search = useAgencySearch(q, includeHistory);
  if (search.isPending) {
    return (
      <Group gap="xs" role="status">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          {t('app.common.loading')}
        </Text>
      </Group>
    );
  }
  if (search.isError) return <ErrorAlert error={search.error} onRetry={() => search.refetch()} />;
  const items = search.data.pages.flatMap((page) => page.items);
  const total = search.data.pages.at(-1)?.total ?? items.length;
  return (
    <Stack gap="xs" data-testid="agency-results" aria-busy={search.isFetching}>
      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {items.length === 0 ? t('identity.agency.noResults') : t('identity.agency.resultsCount', { count: total })}
      </Text>
      <ul className="congso-tree" aria-label={t('identity.agency.resultsLabel')}>
        {items.map((agency) => (
          <li key={agency.id} data-testid="agency-result" data-agency-id={agency.id}>
            <div
              className="congso-tree-row"
              data-selected={selectedId === agency.id}
              data-historical={agency.validTo !== null}
            >
              <UnstyledButton
                className="congso-agency-button"
                onClick={() => onSelect(agency.id)}
                aria-current={selectedId === agency.id ? 'true' : undefined}
              >
                {agency.path && agency.path.length > 0 && (
                  <Breadcrumbs separator="›" separatorMargin={4} mb={2} style={{ flexWrap: 'wrap' }}>
                    {agency.path.map((item) => (
                      <Text key={item.id} size="xs" c="dimmed" span>
                        {item.name}
                      </Text>
                    ))}
                  </Breadcrumbs>
                )}
                <AgencyLine agency={agency} />
              </UnstyledButton>
            </div>
          </li>
        ))}
      </ul>
      {search.hasNextPage && (
        <Button
          variant="subtle"
          size="compact-sm"
          loading={search.isFetchingNextPage}
          onClick={() => search.fetchNextPage()}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('app.common.loadMore')} ({items.length}/{total})
        </Button>
      )}
    </Stack>
  );
}
