import { Card, CloseButton, Grid, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { withParams } from '../app/search-params';
import { useDocumentTitle } from '../app/use-document-title';
import { AgencyDetailPanel } from './agency-detail';
import { AgencySearchResults } from './agency-search-results';
import { AgencyTree } from './agency-tree';

/** /admin/agencies: the agency tree, a diacritic-insensitive search and a detail panel. */
export default function AgenciesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(() => params.get('q') ?? '');
  const [debounced] = useDebouncedValue(query.trim(), 250);
  const includeHistory = params.get('history') === '1';
  const selectedId = params.get('agency');
  const narrow = useMediaQuery('(max-width: 62em)');
  const detailRef = useRef<HTMLDivElement>(null);
  useDocumentTitle(t('identity.agency.title'));

  const update = (changes: Record<string, string | null>) =>
    setParams((current) => withParams(current, changes), { replace: true });

  // Keep the search in the address so that it survives reloads and can be shared.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text drives the address
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) update({ q: debounced });
  }, [debounced]);

  const select = (id: string) => {
    update({ agency: id });
    if (narrow) window.setTimeout(() => detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('identity.agency.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('identity.agency.intro')}
        </Text>
      </div>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: selectedId ? 7 : 12 }}>
          <Card withBorder radius="md" padding="md">
            <Stack gap="sm">
              <Group align="flex-end" gap="md" wrap="wrap">
                <TextInput
                  enterKeyHint="search"
                  label={t('identity.agency.searchLabel')}
                  placeholder={t('identity.agency.searchPlaceholder')}
                  value={query}
                  onChange={(event) => setQuery(event.currentTarget.value)}
                  rightSection={
                    query ? (
                      <CloseButton size="sm" aria-label={t('app.common.close')} onClick={() => setQuery('')} />
                    ) : null
                  }
                  style={{ flex: '1 1 260px' }}
                  data-testid="agency-search"
                />
                <Switch
                  label={t('identity.agency.showHistory')}
                  checked={includeHistory}
                  onChange={(event) => update({ history: event.currentTarget.checked ? '1' : null })}
                  mb={8}
                  data-testid="agency-history"
                />
              </Group>
              {debounced ? (
                <AgencySearchResults
                  q={debounced}
                  includeHistory={includeHistory}
                  selectedId={selectedId}
                  onSelect={select}
                />
              ) : (
                <AgencyTree includeHistory={includeHistory} selectedId={selectedId} onSelect={select} />
              )}
            </Stack>
          </Card>
        </Grid.Col>
        {selectedId && (
          <Grid.Col span={{ base: 12, md: 5 }} ref={detailRef}>
            <div style={{ position: narrow ? 'static' : 'sticky', top: 72 }}>
              <AgencyDetailPanel id={selectedId} onSelect={select} onClose={() => update({ agency: null })} />
            </div>
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}
