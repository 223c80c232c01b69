import { documentPriorities, documentTypes } from '@congso/core';
import { NumberInput, Select, TextInput } from '@mantine/core';
import type { ComponentProps } from 'react';
import { useLanguage } from '../app/i18n';
import { useOfficeT } from './i18n';
import { useOfficeLabels } from './labels';

/** "Label (không bắt buộc)". */
export function useOptionalLabel() {
  const t = useOfficeT();
  return (label: string) => `${label} (${t('metadata.optional')})`;
}

type SelectProps = Omit<ComponentProps<typeof Select>, 'data'>;

/** The document types of Phụ lục III, by their names. */
export function DocumentTypeSelect(props: SelectProps) {
  const t = useOfficeT();
  const { pick } = useLanguage();
  return (
    <Select
      label={t('metadata.typeCode')}
      required
      searchable
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      data={documentTypes.map((type) => ({
        value: type.code,
        label: type.abbreviation ? `${pick(type.name)} (${type.abbreviation})` : pick(type.name),
      }))}
      {...props}
    />
  );
}

/** The priority levels 0-4 (as text values: a Select's values are strings). */
export function PrioritySelect(props: SelectProps) {
  const t = useOfficeT();
  const labels = useOfficeLabels();
  return (
    <Select
      label={t('metadata.priority')}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      data={documentPriorities.map((p) => ({ value: String(p), label: labels.priority(p) }))}
      {...props}
    />
  );
}

/** A calendar date `YYYY-MM-DD` (the browser's date input). */
export function DateField(props: ComponentProps<typeof TextInput>) {
  return <TextInput type="date" {...props} />;
}

export function CountField(props: ComponentProps<typeof NumberInput>) {
  return <NumberInput min={1} max={10_000} allowDecimal={false} allowNegative={false} {...props} />;
}

/** A form's number field as the body wants it: a number, or undefined when empty. */
export function numberOrUndefined(value: number | string | undefined | null): number | undefined {
  if (value === '' || value === null || value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A text field as the body wants it: undefined when blank. */
export function textOrUndefined(value: string | undefined | null): string | undefined {
  const text = (value ?? '').trim();
  return text ? text : undefined;
}
