import { Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { withParams } from '../app/search-params';
import { useDocumentTitle } from '../app/use-document-title';
import { type Direction, officeApi, officeKeys } from './api';
import { DocumentTable } from './document-table';
import { useOfficeT } from './i18n';
import { OfficePage } from './layout';

/** Subject, number and notation, issuer and the PDFs' text; marks optional (the server folds them). */
function Search() {
  const t = useOfficeT();
  const { language } = useLanguage();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const direction = (['incoming', 'outgoing'] as const).find((d) => d === params.get('loai'));
  const [text, setText] = useState(q);
  const [kind, setKind] = useState<string>(direction ?? 'all');
  useDocumentTitle(t('search.title'));
  const results = useQuery({
    queryKey: officeKeys.search(q, direction ?? 'all'),
    queryFn: () => officeApi.search(q, direction as Direction | undefined),
    enabled: q.trim().length > 0,
  });
  const items = results.data?.items ?? [];
  return (
    <Stack gap="md" data-testid="search-page">
      <div>
        <Title order={1} size="h2">
          {t('search.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('search.intro')}
        </Text>
      </div>
      <form
        aria-label={t('search.title')}
        onSubmit={(event) => {
          event.preventDefault();
          setParams((current) => withParams(current, { q: text.trim(), loai: kind === 'all' ? null : kind }), {
            replace: true,
          });
        }}
      >
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('search.query')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            style={{ flex: '1 1 320px' }}
            data-testid="search-query"
          />
          <Select
            label={t('search.direction')}
            value={kind}
            onChange={(value) => setKind(value ?? 'all')}
            allowDeselect={false}
            data={[
              { value: 'all', label: t('search.both') },
              { value: 'incoming', label: t('direction.incoming') },
              { value: 'outgoing', label: t('direction.outgoing') },
            ]}
            comboboxProps={{ withinPortal: true }}
            w={200}
          />
          <Button type="submit" data-testid="search-submit">
            {t('search.submit')}
          </Button>
        </Group>
      </form>
      {results.isError && <ErrorAlert error={results.error} onRetry={() => results.refetch()} />}
      {q && results.data && (
        <Text size="sm" c="dimmed" role="status" data-testid="search-count">
          {t('search.count', { count: formatNumber(items.length, language) })}
        </Text>
      )}
      {q && (
        <DocumentTable
          items={items}
          label={t('search.results')}
          empty={t('search.none')}
          busy={results.isFetching}
          testId="search-results"
        />
      )}
    </Stack>
  );
}

/** /van-ban/tim-kiem: search the agency's documents. */
export default function SearchPage() {
  return (
    <OfficePage>
      <Search />
    </OfficePage>
  );
}
