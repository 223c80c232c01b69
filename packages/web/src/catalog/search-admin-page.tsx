import { Alert, Badge, Button, Card, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';

interface Phrase {
  says: string[];
  means: string;
}
interface Synonyms {
  version: number;
  edited: boolean;
  phrases: Phrase[];
}
interface Learned {
  query: string;
  code: string;
  name: string | null;
  weight: number;
  filings: number;
  boosts: boolean;
  lastAt: string;
}
interface Miss {
  query: string;
  kind: string;
  count: number;
  lastAt: string;
}

/** One synonym a line: "what people say | another way => the catalogue's words". */
const toText = (phrases: Phrase[]) => phrases.map((p) => `${p.says.join(' | ')} => ${p.means}`).join('\n');
const fromText = (text: string): Phrase[] =>
  text
    .split('\n')
    .map((line) => line.split('=>'))
    .filter((parts) => parts.length === 2 && (parts[1] ?? '').trim() !== '')
    .map(([says, means]) => ({
      says: (says ?? '')
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean),
      means: (means ?? '').trim(),
    }))
    .filter((p) => p.says.length > 0);

/**
 * /admin/tim-kiem: the province's search synonyms (citizens' words → the catalogue's) and the searches that
 * found nothing or were refined at once, to teach the search what people ask.
 */
export default function SearchAdminPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  useDocumentTitle(t('app.searchAdmin.title'));
  const client = useQueryClient();
  const synonyms = useQuery({ queryKey: ['search', 'synonyms'], queryFn: () => api.get<Synonyms>('/search/synonyms') });
  const misses = useQuery({
    queryKey: ['search', 'misses'],
    queryFn: () => api.get<{ items: Miss[] }>('/search/misses'),
  });
  const learning = useQuery({
    queryKey: ['search', 'learning'],
    queryFn: () => api.get<{ items: Learned[] }>('/search/learning'),
  });
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (synonyms.data) setText(toText(synonyms.data.phrases));
  }, [synonyms.data]);
  const save = useMutation({
    mutationFn: () =>
      api.put<{ version: number }>('/search/synonyms', {
        expectedVersion: synonyms.data?.version ?? 0,
        reason,
        phrases: fromText(text),
      }),
    onSuccess: () => {
      setReason('');
      return client.invalidateQueries({ queryKey: ['search'] });
    },
  });
  return (
    <Stack gap="md" data-testid="search-admin-page">
      <div>
        <Title order={1} size="h2">
          {t('app.searchAdmin.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('app.searchAdmin.intro')}
        </Text>
      </div>
      {synonyms.isError && <ErrorAlert error={synonyms.error} />}
      <Card withBorder>
        <Stack gap="sm">
          <Text size="sm">
            {t('app.searchAdmin.version', { version: String(synonyms.data?.version ?? 0) })}{' '}
            {synonyms.data && !synonyms.data.edited && <Badge variant="light">{t('app.searchAdmin.seed')}</Badge>}
          </Text>
          <Textarea
            label={t('app.searchAdmin.synonyms')}
            description={t('app.searchAdmin.format')}
            autosize
            minRows={8}
            maxRows={24}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
            data-testid="synonyms-text"
          />
          <TextInput
            label={t('app.searchAdmin.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
          />
          {save.isError && <ErrorAlert error={save.error} />}
          {save.isSuccess && (
            <Alert color="green">{t('app.searchAdmin.saved', { version: String(save.data.version) })}</Alert>
          )}
          <Button
            style={{ alignSelf: 'flex-start' }}
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!synonyms.data || reason.trim() === ''}
          >
            {t('app.searchAdmin.save')}
          </Button>
        </Stack>
      </Card>
      <Title order={2} size="h3">
        {t('app.searchAdmin.misses')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('app.searchAdmin.missesIntro')}
      </Text>
      {misses.isError && <ErrorAlert error={misses.error} />}
      <Card withBorder padding={0} style={{ overflowX: 'auto' }}>
        <Table striped verticalSpacing="xs" data-testid="search-misses">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('app.searchAdmin.query')}</Table.Th>
              <Table.Th>{t('app.searchAdmin.kind')}</Table.Th>
              <Table.Th>{t('app.searchAdmin.count')}</Table.Th>
              <Table.Th>{t('app.searchAdmin.lastAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(misses.data?.items ?? []).map((m) => (
              <Table.Tr key={`${m.query}|${m.kind}`}>
                <Table.Td ff="monospace">{m.query}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={m.kind === 'empty' ? 'gray' : 'orange'}>
                    {t(m.kind === 'empty' ? 'app.searchAdmin.empty' : 'app.searchAdmin.refined')}
                  </Badge>
                </Table.Td>
                <Table.Td>{m.count}</Table.Td>
                <Table.Td>{formatDateTime(m.lastAt, language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Title order={2} size="h3">
        {t('app.searchAdmin.learning')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('app.searchAdmin.learningIntro')}
      </Text>
      {learning.isError && <ErrorAlert error={learning.error} />}
      <Card withBorder padding={0} style={{ overflowX: 'auto' }}>
        <Table striped verticalSpacing="xs" data-testid="search-learning">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('app.searchAdmin.query')}</Table.Th>
              <Table.Th>{t('app.searchAdmin.procedure')}</Table.Th>
              <Table.Th>{t('app.searchAdmin.weight')}</Table.Th>
              <Table.Th>{t('app.searchAdmin.filings')}</Table.Th>
              <Table.Th>{t('app.searchAdmin.lastAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(learning.data?.items ?? []).map((l) => (
              <Table.Tr key={`${l.query}|${l.code}`}>
                <Table.Td ff="monospace">{l.query}</Table.Td>
                <Table.Td>
                  <Text size="sm">{l.name ?? l.code}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {l.code}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {l.weight}{' '}
                  {l.boosts && (
                    <Badge variant="light" color="green">
                      {t('app.searchAdmin.boosts')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{l.filings}</Table.Td>
                <Table.Td>{formatDateTime(l.lastAt, language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
