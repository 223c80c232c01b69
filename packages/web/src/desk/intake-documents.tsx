import { type DocumentForm, documentFormLabels, documentForms, type RequiredDocument } from '@congso/core';
import { Badge, Checkbox, Group, NumberInput, Select, Skeleton, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useLanguage } from '../app/i18n';
import { useDeskT } from './i18n';
import { UploadField, type Uploads } from './uploads';

/** What the clerk records of one required document: received or not, in which form, how many copies. */
export interface ReceivedDocumentValues {
  received: boolean;
  form: DocumentForm;
  copies: number | string;
}

/** The defaults of a procedure's documents: the mandatory ones received, in the form and count it asks for. */
export function receivedDefaults(documents: readonly RequiredDocument[]): ReceivedDocumentValues[] {
  return documents.map((document) => {
    const form: DocumentForm = document.original === 0 && document.copy > 0 ? 'copy' : 'original';
    const usual = form === 'original' ? document.original : document.copy;
    return { received: document.mandatory, form, copies: Math.max(1, usual || 1) };
  });
}

interface Props<V extends { documents: ReceivedDocumentValues[] }> {
  documents: readonly RequiredDocument[] | null;
  form: UseFormReturnType<V>;
  uploads: Uploads;
  loading: boolean;
}

/** The procedure's documents as the clerk receives them at the counter (form 01 lists what is ticked). */
export function IntakeDocuments<V extends { documents: ReceivedDocumentValues[] }>({
  documents,
  form,
  uploads,
  loading,
}: Props<V>) {
  const t = useDeskT();
  const { pick } = useLanguage();
  if (loading) {
    return (
      <Stack gap="xs" aria-hidden="true">
        <Skeleton h={16} />
        <Skeleton h={16} w="80%" />
        <Skeleton h={16} w="60%" />
      </Stack>
    );
  }
  if (documents === null)
    return (
      <Text size="sm" c="dimmed">
        {t('intake.chooseProcedureFirst')}
      </Text>
    );
  if (documents.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('intake.noDocuments')}
      </Text>
    );
  const values = form.values.documents;
  // biome-ignore lint/suspicious/noExplicitAny: the paths of a generic form's values
  const path = (index: number, field: keyof ReceivedDocumentValues) => `documents.${index}.${field}` as any;
  return (
    <ol className="desk-documents" data-testid="intake-documents">
      {documents.map((document, index) => {
        const value = values[index];
        if (!value) return null;
        return (
          // The index is the document's identity for the API (its position in requiredDocuments).
          // biome-ignore lint/suspicious/noArrayIndexKey: published lists never reorder within a version
          <li key={index} data-testid="intake-document" data-received={value.received}>
            <Stack gap={4}>
              <Checkbox
                label={
                  <Text size="sm" fw={document.mandatory ? 600 : 400} span>
                    {index + 1}. {document.name}
                  </Text>
                }
                {...form.getInputProps(path(index, 'received'), { type: 'checkbox' })}
                data-testid={`intake-received-${index}`}
              />
              <Group gap={4} wrap="wrap">
                <Badge color={document.mandatory ? 'red' : 'gray'} variant="light" size="xs" tt="none" radius="sm">
                  {document.mandatory ? t('intake.mandatory') : t('intake.optionalDocument')}
                </Badge>
                {(document.original > 0 || document.copy > 0) && (
                  <Text span size="xs" c="dimmed">
                    {t('intake.originalCopy', { original: document.original, copy: document.copy })}
                  </Text>
                )}
              </Group>
              {value.received && (
                <Group gap="xs" wrap="wrap" align="flex-start">
                  <Select
                    label={t('intake.documentForm')}
                    size="xs"
                    w={170}
                    allowDeselect={false}
                    data={documentForms.map((form) => ({ value: form, label: pick(documentFormLabels[form]) }))}
                    {...form.getInputProps(path(index, 'form'))}
                    comboboxProps={{ withinPortal: true }}
                    data-testid={`intake-form-${index}`}
                  />
                  <NumberInput
                    label={t('intake.copies')}
                    size="xs"
                    w={90}
                    min={1}
                    max={99}
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps(path(index, 'copies'))}
                    data-testid={`intake-copies-${index}`}
                  />
                </Group>
              )}
              <UploadField
                uploads={uploads}
                group={String(index)}
                label={t('intake.scanOf', { name: document.name })}
                testId={`intake-scan-${index}`}
              />
            </Stack>
          </li>
        );
      })}
    </ol>
  );
}
