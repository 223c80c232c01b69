import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/errors';
import { dossierApi, dossierKeys, type ReceivingAgency } from '../dossier-api';

/** The agencies that receive the procedure, searched as the citizen types; chosen for them when only one does. */
export function ReceivingAgencyPicker({
  code,
  value,
  onChange,
  error,
}: {
  code: string;
  value: ReceivingAgency | null;
  onChange: (agency: ReceivingAgency | null) => void;
  error?: string | null;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value?.name ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // The chosen agency's name in the box is not a search: list them all again.
  const q = value && debounced === value.name ? '' : debounced;
  const results = useQuery({
    queryKey: dossierKeys.agencies(code, q),
    queryFn: () => dossierApi.receivingAgencies(code, q),
    placeholderData: keepPreviousData,
    staleTime: 10 * 60_000,
  });

  // A procedure received by a single agency needs no choice.
  const only = q === '' && results.data?.total === 1 ? results.data.items[0] : undefined;
  useEffect(() => {
    if (only && !value) {
      onChange(only);
      setSearch(only.name);
    }
  }, [only, value, onChange]);

  const options = useMemo(() => {
    const map = new Map<string, ReceivingAgency>();
    if (value) map.set(value.id, value);
    for (const item of results.data?.items ?? []) map.set(item.id, item);
    return map;
  }, [value, results.data]);

  if (results.isError && !results.data) {
    return <ErrorAlert error={results.error} onRetry={() => results.refetch()} testId="agency-error" />;
  }
  return (
    <Select
      id="filing-agency"
      label={t('portal.filing.agencyLabel')}
      description={t('portal.filing.agencyHint')}
      placeholder={t('portal.filing.agencyPlaceholder')}
      searchable
      withAsterisk
      size="md"
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => onChange(id ? (options.get(id) ?? null) : null)}
      data={[...options.values()].map((agency) => ({ value: agency.id, label: agency.name }))}
      filter={({ options: all }) => all}
      nothingFoundMessage={results.isFetching ? t('app.common.loading') : t('portal.filing.agencyNothing')}
      rightSection={results.isFetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
      error={error}
      maxDropdownHeight={280}
      comboboxProps={{ withinPortal: true }}
      classNames={{ input: 'portal-search-input' }}
      data-testid="agency-picker"
    />
  );
}
