import { Alert, Button, Checkbox, FileInput, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/errors';
import { dossiersApi, dossiersKeys } from '../dossiers/api';
import { portalApi } from '../portal/api';
import { digitisationApi, digitisationKeys } from './api';

/**
 * The one-stop clerk digitises a paper received at the counter: picks the document, uploads its scan (PDF),
 * ticks "đã đối chiếu với bản gốc" and saves; the server seals the copy with the agency's seal.
 */
export function DigitiseForm({ dossierId, procedureCode }: { dossierId: string; procedureCode: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const procedure = useQuery({
    queryKey: ['procedures', 'detail', procedureCode],
    queryFn: () => portalApi.procedure(procedureCode),
  });
  const documents = procedure.data?.procedure.requiredDocuments ?? [];
  const [documentIndex, setDocumentIndex] = useState('0');
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState(false);
  const [validUntil, setValidUntil] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error('no file');
      const stored = await dossiersApi.upload(file);
      return digitisationApi.digitise(dossierId, {
        documentIndex: Number(documentIndex),
        fileId: stored.id,
        checked: true,
        ...(validUntil ? { validUntil } : {}),
      });
    },
    onSuccess: (item) => {
      setDone(item.name);
      setFile(null);
      setChecked(false);
      setValidUntil('');
      void queryClient.invalidateQueries({ queryKey: digitisationKeys.dossier(dossierId) });
      void queryClient.invalidateQueries({ queryKey: dossiersKeys.detail(dossierId) });
    },
  });
  if (documents.length === 0) return null;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setDone(null);
        save.mutate();
      }}
      data-testid="digitise-form"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('digitisation.digitise.intro')}
        </Text>
        <NativeSelect
          label={t('digitisation.digitise.document')}
          value={documentIndex}
          onChange={(event) => setDocumentIndex(event.currentTarget.value)}
          data={documents.map((d, index) => ({ value: String(index), label: d.name }))}
          data-testid="digitise-document"
        />
        <FileInput
          label={t('digitisation.digitise.file')}
          accept="application/pdf,.pdf"
          value={file}
          onChange={setFile}
          required
          data-testid="digitise-file"
        />
        <TextInput
          type="date"
          label={t('digitisation.digitise.validUntil')}
          value={validUntil}
          onChange={(event) => setValidUntil(event.currentTarget.value)}
          data-testid="digitise-valid-until"
        />
        <Checkbox
          label={t('digitisation.digitise.checked')}
          checked={checked}
          onChange={(event) => setChecked(event.currentTarget.checked)}
          data-testid="digitise-checked"
        />
        {save.isError && <ErrorAlert error={save.error} />}
        {done && (
          <Alert color="green" variant="light" data-testid="digitise-done" role="status">
            {t('digitisation.digitise.done', { name: done })}
          </Alert>
        )}
        <Button type="submit" disabled={!file || !checked} loading={save.isPending} data-testid="digitise-submit">
          {t('digitisation.digitise.submit')}
        </Button>
      </Stack>
    </form>
  );
}
