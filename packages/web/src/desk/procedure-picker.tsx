import { Group, Loader, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { forwardRef, useMemo, useState } from 'react';
import type { ProcedureSummary } from '../portal/api';
import { displayName, useCatalogLabels } from '../portal/labels';
import { deskApi } from './api';
import { useDeskT } from './i18n';

interface Props {
  value: ProcedureSummary | null;
  onChange: (procedure: ProcedureSummary | null) => void;
  error?: string | null;
  autoFocus?: boolean;
}

/**
 * Chooses a procedure by typing part of its name or code. The server's catalogue search does the
 * matching (with or without diacritics, typos tolerated), so the options are shown as it ranks them.
 */
export const ProcedurePicker = forwardRef<HTMLInputElement, Props>(function ProcedurePicker(
  { value, onChange, error, autoFocus },
  ref,
) {
  const t = useDeskT();
  const labels = useCatalogLabels();
  const [search, setSearch] = useState(value ? displayName(value.name) : '');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const searching = debounced.length > 0 && (!value || debounced !== displayName(value.name));
  const results = useQuery({
    queryKey: ['procedures', 'desk-pick', debounced],
    queryFn: () => deskApi.searchProcedures(debounced),
    enabled: searching,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });

  const options = useMemo(() => {
    const map = new Map<string, ProcedureSummary>();
    if (value) map.set(value.code, value);
    if (searching) for (const item of results.data?.items ?? []) map.set(item.code, item);
    return map;
  }, [value, searching, results.data]);

  return (
    <Select
      ref={ref}
      label={t('intake.procedure')}
      placeholder={t('intake.procedurePlaceholder')}
      searchable
      required
      autoFocus={autoFocus}
      error={error}
      value={value?.code ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(code) => onChange(code ? (options.get(code) ?? null) : null)}
      data={[...options.values()].map((item) => ({ value: item.code, label: displayName(item.name) }))}
      filter={({ options: all }) => all}
      nothingFoundMessage={searching && !results.isFetching ? t('intake.procedureNothing') : undefined}
      rightSection={results.isFetching ? <Loader size="xs" /> : undefined}
      renderOption={({ option }) => {
        const item = options.get(option.value);
        const deadline = item ? (item.deadlines.counter ?? item.deadlines.postal ?? item.deadlines.online) : undefined;
        return (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            {item && (
              <Group gap={6} wrap="nowrap">
                <Text size="xs" c="dimmed" className="congso-code">
                  {item.code}
                </Text>
                <Text size="xs" c="dimmed" truncate="end">
                  {item.field} · {labels.deadline(deadline)}
                </Text>
              </Group>
            )}
          </Stack>
        );
      }}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={380}
      data-testid="intake-procedure"
    />
  );
});
