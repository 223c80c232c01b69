import { Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { type DocumentSummary, officeApi, officeKeys, type WorkFileDetail } from './api';
import { DocumentTable } from './document-table';
import { useOfficeT } from './i18n';
import { documentName } from './labels';
import { OfficePage } from './layout';
import { useRetentionText } from './work-files-page';

/** Finds documents of the agency (the office's search) and adds one to the open file. */
function AddDocument({ file }: { file: WorkFileDetail }) {
  const t = useOfficeT();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const found = useQuery({
    queryKey: officeKeys.search(debounced, 'all'),
    queryFn: () => officeApi.search(debounced),
    enabled: debounced.length >= 2,
  });
  const add = useMutation({
    mutationFn: (doc: DocumentSummary) => officeApi.addToWorkFile(file.id, doc.id, file.version),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: officeKeys.workFile(file.id) }),
  });
  const inFile = new Set(file.items.map((d) => d.id));
  const candidates = (found.data?.items ?? []).filter((d) => !inFile.has(d.id) && !d.workFileId);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="add-document">
      <Title order={2} size="h5" mb="xs" id="add-document">
        {t('workFiles.add')}
      </Title>
      <TextInput
        label={t('workFiles.addSearch')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-testid="wf-add-search"
      />
      {add.isError && <ErrorAlert error={add.error} testId="wf-add-error" />}
      {candidates.length > 0 && (
        <Stack gap={4} mt="sm" component="ul" style={{ listStyle: 'none', paddingLeft: 0, margin: 0 }}>
          {candidates.map((doc) => (
            <li key={doc.id}>
              <Group gap="sm" wrap="nowrap" justify="space-between">
                <Text size="sm" className="office-subject">
                  {t(`direction.${doc.direction}`)} · {documentName(doc)} — {doc.subject}
                </Text>
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => add.mutate(doc)}
                  loading={add.isPending && add.variables?.id === doc.id}
                  aria-label={t('workFiles.addLabel', { name: documentName(doc) })}
                  data-testid="wf-add"
                >
                  {t('workFiles.addButton')}
                </Button>
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function WorkFileView() {
  const t = useOfficeT();
  const { language } = useLanguage();
  const retentionText = useRetentionText();
  const queryClient = useQueryClient();
  const id = useParams().id ?? '';
  const query = useQuery({ queryKey: officeKeys.workFile(id), queryFn: () => officeApi.workFile(id) });
  const close = useMutation({
    mutationFn: (file: WorkFileDetail) => officeApi.closeWorkFile(file.id, file.version),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: officeKeys.workFile(id) });
      void queryClient.invalidateQueries({ queryKey: officeKeys.workFiles });
    },
  });
  useDocumentTitle(query.data?.title ?? t('workFiles.title'));
  const file = query.data;
  return (
    <Stack gap="md" data-testid="work-file-page">
      <Anchor component={Link} to="/van-ban/ho-so" size="sm">
        <span aria-hidden="true">← </span>
        {t('workFiles.back')}
      </Anchor>
      {query.isError && <ErrorAlert error={query.error} onRetry={() => query.refetch()} />}
      {file && (
        <>
          <Card withBorder radius="md" padding="md" component="header">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
              <div>
                <Title order={1} size="h3">
                  <span className="congso-code">{file.code}</span> {file.title}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('workFiles.opened', { time: formatDateTime(file.openedAt, language) })} ·{' '}
                  {t('workFiles.retention')}: {retentionText(file.retention)}
                  {file.closedAt
                    ? ` · ${t('workFiles.closedAt', { time: formatDateTime(file.closedAt, language) })}`
                    : ''}
                </Text>
              </div>
              {!file.closedAt && (
                <Button
                  variant="outline"
                  onClick={() => close.mutate(file)}
                  loading={close.isPending}
                  data-testid="wf-close"
                >
                  {t('workFiles.close')}
                </Button>
              )}
            </Group>
            {close.isError && <ErrorAlert error={close.error} testId="wf-close-error" />}
          </Card>
          <DocumentTable
            items={file.items}
            label={t('workFiles.documents')}
            empty={t('workFiles.noDocuments')}
            testId="work-file-documents"
          />
          {!file.closedAt && <AddDocument file={file} />}
        </>
      )}
    </Stack>
  );
}

/** /van-ban/ho-so/:id: a work file, its documents, adding one, closing it. */
export default function WorkFilePage() {
  return (
    <OfficePage>
      <WorkFileView />
    </OfficePage>
  );
}
