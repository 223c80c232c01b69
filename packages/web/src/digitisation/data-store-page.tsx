import { dataStoreItemKindLabels, dataStoreItemStatusLabels } from '@congso/core';
import { Anchor, Badge, Card, Group, NativeSelect, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDate } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useMe } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { fileUrl } from '../dossiers/api';
import { type DataStoreItem, digitisationApi, digitisationKeys, representationsApi } from './api';
import { RepresentationsPanel } from './representations-panel';
import '../portal/portal.css';

const statusColor = { valid: 'green', expired: 'gray', revoked: 'red' } as const;

function ItemCard({ item }: { item: DataStoreItem }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  return (
    <Card component="li" withBorder radius="md" padding="md" data-testid="store-item" data-kind={item.kind}>
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" wrap="wrap" align="flex-start">
          <Badge variant="light" color="blue" data-testid="store-item-kind">
            {pick(dataStoreItemKindLabels[item.kind])}
          </Badge>
          <Badge variant="light" color={statusColor[item.status]} data-testid="store-item-status">
            {pick(dataStoreItemStatusLabels[item.status])}
          </Badge>
        </Group>
        <Title order={2} size="h5" fw={600}>
          {item.name}
          {item.number ? ` — ${item.number}` : ''}
        </Title>
        <dl className="portal-facts">
          <div>
            <dt>{t('digitisation.store.issuingAgency')}</dt>
            <dd>{item.issuingAgency.name}</dd>
          </div>
          <div>
            <dt>{t('digitisation.store.issuedAt')}</dt>
            <dd>{formatDate(item.issuedAt, language)}</dd>
          </div>
          <div>
            <dt>{t('digitisation.store.validUntil')}</dt>
            <dd>{item.validUntil ? formatDate(item.validUntil, language) : t('digitisation.store.noExpiry')}</dd>
          </div>
          <div>
            <dt>{t('digitisation.store.source')}</dt>
            <dd>
              <Anchor component={Link} to={`/ho-so-cua-toi/${item.sourceDossier.id}`} ff="monospace">
                {item.sourceDossier.code}
              </Anchor>
            </dd>
          </div>
        </dl>
        <Group gap="md">
          <Anchor href={fileUrl(item.file.id)} target="_blank" rel="noopener" data-testid="store-item-download">
            {t('digitisation.store.download', { name: item.name })}
          </Anchor>
          <Anchor component={Link} to="/kiem-tra-chu-ky" size="sm">
            {t('digitisation.store.verify')}
          </Anchor>
        </Group>
      </Stack>
    </Card>
  );
}

/**
 * /kho-du-lieu: the signed-in citizen's data store (kho dữ liệu), or that of an organisation they act for
 * (chosen above the list), and the organisations they act for.
 */
export default function DataStorePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const citizen = me?.kind === 'citizen';
  const links = useQuery({
    queryKey: digitisationKeys.representations,
    queryFn: representationsApi.mine,
    enabled: citizen,
  });
  const active = (links.data?.items ?? []).filter((l) => l.status === 'active');
  const [chosen, setChosen] = useState('');
  const organisation = active.find((l) => l.organisation.id === chosen)?.organisation ?? null;
  const title = organisation
    ? t('digitisation.store.titleOf', { name: organisation.name })
    : t('digitisation.store.title');
  useDocumentTitle(title);
  const store = useQuery({
    queryKey: digitisationKeys.storeOf(organisation?.id),
    queryFn: () => digitisationApi.store(organisation?.id),
  });
  const items = store.data?.items ?? [];
  return (
    <Stack gap="md" className="portal-page" maw={960} data-testid="data-store">
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {organisation ? t('digitisation.store.introOf') : t('digitisation.store.intro')}
        </Text>
      </div>
      {active.length > 0 && (
        <NativeSelect
          label={t('digitisation.store.whose')}
          value={organisation?.id ?? ''}
          onChange={(event) => setChosen(event.currentTarget.value)}
          data={[
            { value: '', label: t('digitisation.store.mine') },
            ...active.map((l) => ({ value: l.organisation.id, label: l.organisation.name })),
          ]}
          maw={480}
          data-testid="store-whose"
        />
      )}
      {store.isPending ? (
        <Card withBorder radius="md" padding="md" aria-hidden="true">
          <Skeleton h={18} w="60%" mb={8} />
          <Skeleton h={12} w="80%" />
        </Card>
      ) : store.isError ? (
        <ErrorAlert error={store.error} onRetry={() => store.refetch()} />
      ) : items.length === 0 ? (
        <Card withBorder radius="md" padding="lg" data-testid="store-empty">
          <Text>{t('digitisation.store.empty')}</Text>
        </Card>
      ) : (
        <ul className="portal-results" aria-label={t('digitisation.store.title')} data-testid="store-list">
          {items.map((item) => (
            <ItemCard key={item.id} item={item} />
          ))}
        </ul>
      )}
      {citizen && links.isError && <ErrorAlert error={links.error} onRetry={() => links.refetch()} />}
      {citizen && links.data && <RepresentationsPanel links={links.data.items} />}
    </Stack>
  );
}
