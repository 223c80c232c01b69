import { Loader, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AgencyRef, identityApi } from './api';

interface Props {
  label: string;
  value: AgencyRef | null;
  onChange: (agency: AgencyRef | null) => void;
  error?: string | null;
  required?: boolean;
  clearable?: boolean;
  includeHistory?: boolean;
  testId?: string;
  /** A line under the label (what to choose, or when to leave it empty). */
  description?: string;
}

interface Option extends AgencyRef {
  pathText: string;
}

/** Chooses an agency by typing part of its name or code; matching is done by the server's search. */
export function AgencyPicker({
  label,
  value,
  onChange,
  error,
  required,
  clearable,
  includeHistory,
  testId,
  description,
}: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value?.name ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);

  // Follow a value set from outside (e.g. the filter reset to the admin's agency).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the text only when another agency is chosen
  useEffect(() => {
    setSearch(value?.name ?? '');
  }, [value?.id]);

  const searching = debounced.length > 0 && debounced !== value?.name;
  const results = useQuery({
    queryKey: ['agencies', 'pick', debounced, !!includeHistory],
    queryFn: () => identityApi.agencies({ q: debounced, includeHistory: !!includeHistory, limit: 20 }),
    enabled: searching,
    placeholderData: keepPreviousData,
  });

  const options = useMemo(() => {
    const map = new Map<string, Option>();
    if (value) map.set(value.id, { ...value, pathText: '' });
    if (searching) {
      for (const item of results.data?.items ?? []) {
        map.set(item.id, {
          id: item.id,
          code: item.code,
          name: item.name,
          shortName: item.shortName,
          pathText: (item.path ?? []).map((p) => p.name).join(' › '),
        });
      }
    }
    return map;
  }, [value, searching, results.data]);

  return (
    <Select
      label={label}
      description={description}
      placeholder={t('identity.agency.pickerPlaceholder')}
      searchable
      required={required}
      clearable={clearable}
      error={error}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => {
        const option = id ? options.get(id) : undefined;
        onChange(option ? { id: option.id, code: option.code, name: option.name, shortName: option.shortName } : null);
      }}
      data={[...options.values()].map((option) => ({ value: option.id, label: option.name }))}
      filter={({ options: all }) => all}
      nothingFoundMessage={searching && !results.isFetching ? t('identity.agency.pickerNothing') : undefined}
      rightSection={results.isFetching ? <Loader size="xs" /> : undefined}
      renderOption={({ option }) => {
        const item = options.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            {item && (
              <Text size="xs" c="dimmed">
                <span className="congso-code">{item.code}</span>
                {item.pathText ? ` · ${item.pathText}` : ''}
              </Text>
            )}
          </Stack>
        );
      }}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={320}
      data-testid={testId}
    />
  );
}
