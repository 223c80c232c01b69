import {
  Anchor,
  Button,
  Card,
  CloseButton,
  Grid,
  Group,
  Loader,
  NativeSelect,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { withParams } from '../app/search-params';
import { useDocumentTitle } from '../app/use-document-title';
import {
  levelFilters,
  type ProcedureFilters,
  type ProcedurePage,
  type ProcedureSummary,
  portalApi,
  portalKeys,
  type SearchQuestion,
  serviceModeFilters,
} from './api';
import { displayName, LevelBadges, ServiceModeBadge, useCatalogLabels } from './labels';
import { RefinementTracker, rememberChoice } from './search-session';
import './portal.css';

const debounceMs = 300;

function useProcedureSearch(filters: ProcedureFilters) {
  return useInfiniteQuery({
    queryKey: portalKeys.search(filters),
    queryFn: ({ pageParam }) => portalApi.search(filters, pageParam),
    initialPageParam: 0,
    getNextPageParam: (last: ProcedurePage, pages) => {
      const loaded = pages.reduce((sum, page) => sum + page.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

function ProcedureCard({
  procedure,
  from,
  query,
  onOpen,
}: {
  procedure: ProcedureSummary;
  from: string;
  query?: string;
  onOpen?: () => void;
}) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  const deadline = procedure.deadlines.counter ?? procedure.deadlines.online ?? procedure.deadlines.postal;
  const fee = procedure.fees.counter ?? procedure.fees.online ?? procedure.fees.postal;
  return (
    <Card component="li" withBorder radius="md" padding="md" className="portal-result" data-testid="procedure-result">
      <Stack gap={6}>
        <Title order={2} size="h4" fw={600} className="portal-result-title">
          <Anchor
            component={Link}
            to={`/thu-tuc/${procedure.code}`}
            state={{ from }}
            className="portal-result-link"
            data-testid="procedure-link"
            onClick={() => {
              // Learning from use: best effort, never in the citizen's way.
              onOpen?.();
              if (query?.trim()) rememberChoice(query.trim(), procedure.code);
            }}
          >
            {displayName(procedure.name)}
          </Anchor>
        </Title>
        <Group gap={8} wrap="wrap" align="center">
          <Text span size="xs" ff="monospace" c="dimmed" data-testid="procedure-code">
            {procedure.code}
          </Text>
          <Text span size="xs" c="dimmed" aria-hidden="true">
            ·
          </Text>
          <Text span size="sm" c="dark.4" data-testid="procedure-field">
            {procedure.field}
          </Text>
        </Group>
        <Group gap={4} wrap="wrap">
          <ServiceModeBadge mode={procedure.serviceMode} />
          <LevelBadges levels={procedure.levels} />
        </Group>
        <dl className="portal-facts">
          <div>
            <dt>{t('portal.search.deadline')}</dt>
            <dd data-testid="procedure-deadline">{labels.deadline(deadline)}</dd>
          </div>
          <div>
            <dt>{t('portal.search.fee')}</dt>
            <dd data-testid="procedure-fee" className="portal-clamp">
              {labels.fee(fee)}
            </dd>
          </div>
        </dl>
      </Stack>
    </Card>
  );
}

function ResultSkeletons() {
  return (
    <Stack gap="sm" aria-hidden="true">
      {[0, 1, 2].map((i) => (
        <Card key={i} withBorder radius="md" padding="md">
          <Skeleton h={20} w="80%" mb={8} />
          <Skeleton h={12} w="40%" mb={8} />
          <Skeleton h={12} w="60%" />
        </Card>
      ))}
    </Stack>
  );
}

/** When the first results are close: a short question whose answers keep the right procedures. */
function SearchQuestionCard({
  question,
  onAnswer,
}: {
  question: SearchQuestion;
  onAnswer: (answer: number | 'all') => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <Card withBorder radius="md" padding="md" className="portal-question" data-testid="search-question">
      <Stack gap="xs">
        <Title order={2} size="h4" id="portal-question-title">
          {question.text[language]}
        </Title>
        <Text size="sm" c="dimmed">
          {t('portal.search.questionHint')}
        </Text>
        <Group gap="xs" role="group" aria-labelledby="portal-question-title">
          {question.options.map((option, i) => (
            <Button
              key={option.label.vi}
              variant="light"
              onClick={() => onAnswer(i)}
              className="portal-answer-button"
              data-testid="search-question-option"
            >
              {option.label[language]}
            </Button>
          ))}
          <Button variant="subtle" onClick={() => onAnswer('all')} data-testid="search-question-skip">
            {t('portal.search.questionSkip')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** When nothing fits: say so, and offer the nearest fields, the lookup and the guide instead of loose matches. */
function NoGoodMatch({
  query,
  fields,
  looseCount,
  onShowLoose,
}: {
  query: string;
  fields: string[];
  looseCount: number;
  onShowLoose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" data-testid="search-no-match">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('portal.search.noMatchTitle', { query })}
        </Title>
        <Text size="sm">{t('portal.search.noMatchText')}</Text>
        {fields.length > 0 && (
          <>
            <Text size="sm" fw={600}>
              {t('portal.search.closestFields')}
            </Text>
            <ul className="portal-suggestions">
              {fields.map((field) => (
                <li key={field}>
                  <Button
                    component={Link}
                    to={`/thu-tuc?field=${encodeURIComponent(field)}`}
                    variant="light"
                    size="compact-md"
                  >
                    {field}
                  </Button>
                </li>
              ))}
            </ul>
          </>
        )}
        <Group gap="xs">
          <Button component={Link} to="/tra-cuu" variant="outline" size="compact-md">
            {t('portal.search.lookupInstead')}
          </Button>
          {looseCount > 0 && (
            <Button variant="subtle" size="compact-md" onClick={onShowLoose} data-testid="search-show-loose">
              {t('portal.search.showLoose', { count: looseCount })}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

/** /thu-tuc: search the catalogue, filter by level, field and service mode. Public. */
export default function ProceduresPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [params, setParams] = useSearchParams();
  const urlQuery = params.get('q') ?? '';
  const [query, setQuery] = useState(urlQuery);
  const [debounced] = useDebouncedValue(query.trim(), debounceMs);
  const written = useRef(urlQuery.trim());
  const inputRef = useRef<HTMLInputElement>(null);
  useDocumentTitle(urlQuery ? `${urlQuery} · ${t('portal.search.title')}` : t('portal.search.title'));

  const filters: ProcedureFilters = {
    q: urlQuery.trim(),
    level: levelFilters.find((value) => value === params.get('level')) ?? '',
    field: params.get('field') ?? '',
    serviceMode: serviceModeFilters.find((value) => value === params.get('serviceMode')) ?? '',
  };

  const update = (changes: Record<string, string>, replace = true) =>
    setParams((current) => withParams(current, changes), { replace });

  // The address is the source of truth: typing writes ?q= (replacing the entry, so Back leaves the page
  // rather than undoing keystrokes); Back/Forward or a link to /thu-tuc brings the text box along.
  useEffect(() => {
    if (urlQuery.trim() !== written.current) {
      written.current = urlQuery.trim();
      setQuery(urlQuery);
    }
  }, [urlQuery]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text drives the address
  useEffect(() => {
    if (debounced !== written.current) {
      written.current = debounced;
      update({ q: debounced, 'tra-loi': '' });
    }
  }, [debounced]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = query.trim();
    written.current = value;
    update({ q: value, 'tra-loi': '' });
    inputRef.current?.blur(); // closes the phone keyboard so the results show
  };

  const search = useProcedureSearch(filters);
  const firstPage = search.data?.pages[0];
  const current = !search.isPlaceholderData && search.isSuccess;
  // The answer to the search's question (an option's index, or "all"), in the address so Back keeps it.
  const answerParam = params.get('tra-loi');
  const [showLoose, setShowLoose] = useState(false);
  const tracker = useRef(new RefinementTracker());
  useEffect(() => {
    if (current) tracker.current.shownResults(filters.q);
    setShowLoose(false);
  }, [filters.q, current]);
  const fields = useQuery({ queryKey: portalKeys.fields, queryFn: portalApi.fields, staleTime: 30 * 60_000 });
  const fieldOptions = [
    { value: '', label: t('portal.search.fieldPlaceholder') },
    ...(fields.data?.items ?? []).map((item) => ({
      value: item.field,
      label: `${item.field} (${formatNumber(item.count, language)})`,
    })),
  ];
  // A field in the address that the list does not (yet) have stays selectable.
  if (filters.field && !fieldOptions.some((option) => option.value === filters.field)) {
    fieldOptions.push({ value: filters.field, label: filters.field });
  }

  const allItems = search.data?.pages.flatMap((page) => page.items) ?? [];
  const question = filters.q && firstPage?.quality === 'close' ? (firstPage.question ?? null) : null;
  const answered =
    question && answerParam !== null && answerParam !== 'all' ? question.options[Number(answerParam)] : null;
  const asking = Boolean(question && answerParam === null);
  // "Nothing fits" stands in for loose matches; when there are none at all, the empty state suggests other words.
  const noMatch = Boolean(filters.q && firstPage?.quality === 'none' && allItems.length > 0 && !showLoose);
  const items = answered
    ? answered.codes.flatMap((code) => allItems.filter((item) => item.code === code))
    : noMatch
      ? []
      : allItems;
  const total = search.data?.pages.at(-1)?.total ?? 0;
  const from = `/thu-tuc${params.toString() ? `?${params.toString()}` : ''}`;
  const hasFilters = Boolean(filters.level || filters.field || filters.serviceMode);
  const suggestions = t('portal.search.suggestions').split('|');
  const searching = search.isFetching && !search.isFetchingNextPage;

  return (
    <Stack gap="md" className="portal-page">
      <div>
        <Title order={1} size="h2">
          {t('portal.search.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('portal.search.intro')}
        </Text>
      </div>

      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <search aria-label={t('portal.search.label')}>
            <form onSubmit={submit}>
              <TextInput
                ref={inputRef}
                size="lg"
                type="search"
                enterKeyHint="search"
                autoComplete="off"
                label={t('portal.search.label')}
                placeholder={t('portal.search.placeholder')}
                value={query}
                onChange={(event) => setQuery(event.currentTarget.value)}
                rightSection={
                  searching ? (
                    <Loader size="xs" aria-hidden="true" />
                  ) : query ? (
                    <CloseButton
                      aria-label={t('portal.search.clear')}
                      onClick={() => {
                        setQuery('');
                        inputRef.current?.focus();
                      }}
                    />
                  ) : null
                }
                classNames={{ input: 'portal-search-input' }}
                data-testid="procedure-search"
              />
            </form>
          </search>
          <fieldset className="portal-filters">
            <legend className="portal-visually-hidden">{t('portal.search.filters')}</legend>
            <Grid gap="sm">
              <Grid.Col span={{ base: 6, sm: 3 }}>
                <NativeSelect
                  label={t('portal.search.level')}
                  value={filters.level}
                  onChange={(event) => update({ level: event.currentTarget.value })}
                  data={[
                    { value: '', label: t('app.common.all') },
                    ...levelFilters.map((level) => ({ value: level, label: t(`portal.level.${level}`) })),
                  ]}
                  data-testid="filter-level"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 3 }}>
                <NativeSelect
                  label={t('portal.search.serviceMode')}
                  value={filters.serviceMode}
                  onChange={(event) => update({ serviceMode: event.currentTarget.value })}
                  data={[
                    { value: '', label: t('app.common.all') },
                    ...serviceModeFilters.map((mode) => ({ value: mode, label: t(`portal.serviceMode.${mode}`) })),
                  ]}
                  data-testid="filter-service-mode"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <NativeSelect
                  label={t('portal.search.field')}
                  value={filters.field}
                  onChange={(event) => update({ field: event.currentTarget.value })}
                  data={fieldOptions}
                  data-testid="filter-field"
                />
              </Grid.Col>
            </Grid>
          </fieldset>
          {hasFilters && (
            <Button
              variant="subtle"
              size="compact-sm"
              style={{ alignSelf: 'flex-start' }}
              onClick={() => update({ level: '', field: '', serviceMode: '' })}
            >
              {t('portal.search.clearFilters')}
            </Button>
          )}
        </Stack>
      </Card>

      {asking && question && (
        <SearchQuestionCard
          question={question}
          onAnswer={(answer) => {
            tracker.current.opened();
            update({ 'tra-loi': String(answer) }, false);
          }}
        />
      )}
      {answered && (
        <Group gap="xs" data-testid="search-answered">
          <Text size="sm">{t('portal.search.answered', { answer: answered.label[language] })}</Text>
          <Button variant="subtle" size="compact-sm" onClick={() => update({ 'tra-loi': 'all' })}>
            {t('portal.search.questionSkip')}
          </Button>
        </Group>
      )}
      {noMatch && (
        <NoGoodMatch
          query={filters.q}
          fields={firstPage?.closestFields ?? []}
          looseCount={allItems.length}
          onShowLoose={() => setShowLoose(true)}
        />
      )}

      <section aria-labelledby="portal-results-heading" aria-busy={search.isFetching}>
        <Text
          id="portal-results-heading"
          size="sm"
          fw={600}
          role="status"
          aria-live="polite"
          mb="xs"
          data-testid="procedure-total"
        >
          {search.isPending
            ? t('app.common.loading')
            : search.isError && items.length === 0
              ? ''
              : noMatch
                ? t('portal.search.noMatchStatus')
                : answered
                  ? t('portal.search.found', { total: formatNumber(items.length, language) })
                  : t(filters.q ? 'portal.search.found' : 'portal.search.all', {
                      total: formatNumber(total, language),
                    })}
        </Text>

        {search.isPending ? (
          <ResultSkeletons />
        ) : search.isError && items.length === 0 ? (
          <ErrorAlert
            error={search.error}
            title={t('portal.search.errorTitle')}
            onRetry={() => search.refetch()}
            testId="procedure-search-error"
          />
        ) : noMatch ? null : items.length === 0 ? (
          <Card withBorder radius="md" padding="lg" data-testid="procedure-empty">
            <Stack gap="xs">
              <Title order={2} size="h4">
                {t('portal.search.emptyTitle')}
              </Title>
              <Text size="sm">{t('portal.search.emptyText')}</Text>
              <ul className="portal-suggestions" aria-label={t('portal.search.suggestionsLabel')}>
                {suggestions.map((suggestion) => (
                  <li key={suggestion}>
                    <Button
                      variant="light"
                      size="compact-md"
                      onClick={() => {
                        setQuery(suggestion);
                        written.current = suggestion;
                        update({ q: suggestion, level: '', field: '', serviceMode: '' });
                      }}
                    >
                      {suggestion}
                    </Button>
                  </li>
                ))}
              </ul>
              {hasFilters && (
                <Button
                  variant="subtle"
                  size="compact-sm"
                  style={{ alignSelf: 'flex-start' }}
                  onClick={() => update({ level: '', field: '', serviceMode: '' })}
                >
                  {t('portal.search.clearFilters')}
                </Button>
              )}
            </Stack>
          </Card>
        ) : (
          <Stack gap="sm">
            <ul className="portal-results" aria-label={t('portal.search.resultsLabel')} data-testid="procedure-results">
              {items.map((procedure) => (
                <ProcedureCard
                  key={procedure.code}
                  procedure={procedure}
                  from={from}
                  query={filters.q}
                  onOpen={() => tracker.current.opened()}
                />
              ))}
            </ul>
            {search.isFetchNextPageError && (
              <ErrorAlert
                error={search.error}
                title={t('portal.search.errorTitle')}
                onRetry={() => search.fetchNextPage()}
                testId="procedure-search-error"
              />
            )}
            {search.hasNextPage && !search.isFetchNextPageError && !answered && (
              <Stack gap={4} align="center">
                <Button
                  variant="light"
                  size="md"
                  fullWidth
                  maw={420}
                  loading={search.isFetchingNextPage}
                  onClick={() => search.fetchNextPage()}
                  data-testid="procedure-load-more"
                >
                  {t('portal.search.loadMore')}
                </Button>
                <Text size="xs" c="dimmed">
                  {t('portal.search.shown', {
                    shown: formatNumber(items.length, language),
                    total: formatNumber(total, language),
                  })}
                </Text>
              </Stack>
            )}
          </Stack>
        )}
      </section>
    </Stack>
  );
}
