import { gatewayOutcomeLabels } from '@congso/core';
import { Anchor, Badge, Card, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { type DataAccess, gatewayApi, gatewayKeys } from './api';
import '../portal/portal.css';

function AccessCard({ item }: { item: DataAccess }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  return (
    <Card component="li" withBorder radius="md" padding="md" data-testid="data-access-item">
      <Stack gap={6}>
        <Text size="sm" fw={600} data-testid="data-access-service">
          {item.serviceName ?? item.serviceCode}
        </Text>
        <dl className="portal-facts">
          <div>
            <dt>{t('gateway.access.when')}</dt>
            <dd data-testid="data-access-when">{formatDateTime(item.at, language)}</dd>
          </div>
          <div>
            <dt>{t('gateway.access.who')}</dt>
            <dd data-testid="data-access-who">{item.consumerName ?? item.consumerCode ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('gateway.access.purpose')}</dt>
            <dd data-testid="data-access-purpose">{item.purpose ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('gateway.access.dossier')}</dt>
            <dd data-testid="data-access-dossier">
              {item.dossierId ? (
                <Anchor component={Link} to={`/ho-so-cua-toi/${item.dossierId}`} ff="monospace">
                  {item.dossierCode ?? item.dossierId}
                </Anchor>
              ) : (
                t('gateway.access.noDossier')
              )}
            </dd>
          </div>
        </dl>
        {item.outcome !== 'allowed' && (
          <Badge color="gray.8" variant="light" tt="none">
            {pick(gatewayOutcomeLabels[item.outcome])}
          </Badge>
        )}
      </Stack>
    </Card>
  );
}

/**
 * /ho-so-cua-toi/truy-cap-du-lieu: "who accessed my data": every lookup of the signed-in citizen's data through
 * the province's data-sharing gateway (when, which agency or system, which service, why, for which dossier).
 */
export default function DataAccessPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('gateway.access.title'));
  const list = useQuery({ queryKey: gatewayKeys.myDataAccess, queryFn: gatewayApi.myDataAccess });
  const items = list.data ?? [];
  return (
    <Stack gap="md" className="portal-page" maw={960} data-testid="data-access-page">
      <div>
        <Anchor component={Link} to="/ho-so-cua-toi" size="sm">
          ← {t('gateway.access.back')}
        </Anchor>
        <Title order={1} size="h2" mt={4}>
          {t('gateway.access.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('gateway.access.intro')}
        </Text>
      </div>
      {list.isPending ? (
        <Stack gap="sm" aria-hidden="true">
          {[0, 1].map((i) => (
            <Card key={i} withBorder radius="md" padding="md">
              <Skeleton h={14} w="45%" mb={8} />
              <Skeleton h={12} w="70%" />
            </Card>
          ))}
        </Stack>
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <Card withBorder radius="md" padding="lg" data-testid="data-access-empty">
          <Text>{t('gateway.access.none')}</Text>
        </Card>
      ) : (
        <>
          <Text size="sm" c="dimmed" data-testid="data-access-total">
            {t('gateway.access.total', { count: items.length })}
          </Text>
          <Stack
            component="ul"
            gap="sm"
            aria-label={t('gateway.access.list')}
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
          >
            {items.map((item) => (
              <AccessCard key={item.id} item={item} />
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
