import type { Channel, RequiredDocument } from '@congso/core';
import { Anchor, Button, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigationType, useParams } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDate } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { channelOrder, type ProcedureDetail, portalApi, portalKeys, procedureCodePattern } from './api';
import { groupDocuments } from './dossier-labels';
import {
  DocumentBadges,
  displayName,
  LevelBadges,
  ProcedureNotFound,
  Section,
  ServiceModeBadge,
  useCatalogLabels,
} from './labels';
import './portal.css';

/** Keys for published lists: they never reorder and their items may repeat, so the position is part of it. */
function keyOf(index: number, text: string): string {
  return `${index}-${text}`;
}

function BackLink() {
  const { t } = useTranslation();
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  const to = typeof from === 'string' && from.startsWith('/thu-tuc') ? from : '/thu-tuc';
  return (
    <Anchor component={Link} to={to} size="sm" data-testid="procedure-back">
      <span aria-hidden="true">← </span>
      {t('portal.detail.backToList')}
    </Anchor>
  );
}

function ChannelCards({ detail }: { detail: ProcedureDetail }) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  const { procedure } = detail;
  const shown = channelOrder.filter(
    (channel) => procedure.channels.includes(channel) || procedure.deadlines[channel] || procedure.fees[channel],
  );
  if (shown.length === 0) return <Text c="dimmed">{t('app.common.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table withTableBorder verticalSpacing="sm" horizontalSpacing="xs" className="portal-channels">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('portal.detail.channel')}</Table.Th>
            <Table.Th scope="col">{t('portal.detail.deadline')}</Table.Th>
            <Table.Th scope="col">{t('portal.detail.fee')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((channel: Channel) => {
            const deadline = procedure.deadlines[channel];
            const fee = procedure.fees[channel];
            const deadlineNote = labels.deadlineNote(deadline);
            const feeNote = labels.feeNote(fee);
            return (
              <Table.Tr key={channel} data-testid={`channel-${channel}`}>
                <Table.Th scope="row" data-testid="channel-name">
                  {t(`portal.channel.${channel}`)}
                </Table.Th>
                <Table.Td>
                  <Text size="sm" fw={600} data-testid="channel-deadline">
                    {labels.deadline(deadline)}
                  </Text>
                  {deadlineNote && (
                    <Text size="xs" c="dimmed">
                      {t('portal.detail.published', { text: deadlineNote })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600} data-testid="channel-fee">
                    {labels.fee(fee)}
                  </Text>
                  {feeNote && (
                    <Text size="xs" c="dimmed">
                      {t('portal.detail.published', { text: feeNote })}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DocumentItem({ document }: { document: RequiredDocument }) {
  const { t } = useTranslation();
  return (
    <li data-testid="procedure-document" data-mandatory={document.mandatory}>
      <Stack gap={4}>
        <Text size="sm" fw={document.mandatory ? 600 : 400}>
          {document.name}
        </Text>
        <DocumentBadges document={document} />
        {document.hasForm && (
          <Text size="sm" c="blue.8">
            {document.formName ? t('portal.detail.form', { name: document.formName }) : t('portal.detail.formUnnamed')}
          </Text>
        )}
        {document.note && (
          <Text size="xs" c="dimmed">
            {document.note}
          </Text>
        )}
      </Stack>
    </li>
  );
}

function Documents({ documents }: { documents: RequiredDocument[] }) {
  const { t } = useTranslation();
  if (documents.length === 0) return <Text c="dimmed">{t('portal.detail.noDocuments')}</Text>;
  // Groups in the order published; within a group the required items first (as the filing form).
  const groups = groupDocuments(documents);
  const single = groups.length === 1;
  return (
    <Stack gap="md">
      {groups.map(([group, items]) => (
        <div key={group || '-'} data-testid="document-group">
          {!(single && group === '') && (
            <Title order={3} size="h5" mb={6}>
              {group || t('portal.detail.otherDocuments')}
            </Title>
          )}
          <ol className="portal-documents">
            {items.map(({ document, index }) => (
              <DocumentItem key={keyOf(index, document.name)} document={document} />
            ))}
          </ol>
        </div>
      ))}
    </Stack>
  );
}

function DetailSkeleton() {
  return (
    <Stack gap="md" aria-hidden="true">
      <Skeleton h={14} w={120} />
      <Skeleton h={32} w="85%" />
      <Skeleton h={16} w="40%" />
      <Skeleton h={120} />
      <Skeleton h={200} />
    </Stack>
  );
}

function NotFound({ code }: { code: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('portal.detail.notFoundTitle'));
  return <ProcedureNotFound code={code} />;
}

/** The way into online filing; signed-out visitors are sent to sign in first (and come back to the form). */
function FileOnline({ code }: { code: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const officer = me?.kind === 'officer';
  const note = officer
    ? t('portal.detail.fileOnlineOfficer')
    : me
      ? t('portal.detail.fileOnlineHint')
      : t('portal.detail.fileOnlineSignIn');
  return (
    <Stack gap={6} align="flex-start">
      {officer ? (
        <Button size="lg" disabled aria-describedby="file-online-note" data-testid="file-online" fullWidth maw={420}>
          {t('portal.detail.fileOnline')}
        </Button>
      ) : (
        <Button
          component={Link}
          to={`/thu-tuc/${code}/nop-ho-so`}
          size="lg"
          aria-describedby="file-online-note"
          data-testid="file-online"
          fullWidth
          maw={420}
        >
          {t('portal.detail.fileOnline')}
        </Button>
      )}
      <Text size="sm" c="blue.9" id="file-online-note" data-testid="file-online-note">
        {note}
      </Text>
    </Stack>
  );
}

/** /thu-tuc/:code: a procedure as in force today. Public. */
export default function ProcedurePage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const code = useParams().code ?? '';
  const navigationType = useNavigationType();
  const validCode = procedureCodePattern.test(code);
  const query = useQuery({
    queryKey: portalKeys.procedure(code),
    queryFn: () => portalApi.procedure(code),
    enabled: validCode,
    staleTime: 5 * 60_000,
  });
  useDocumentTitle(query.data ? displayName(query.data.procedure.name) : t('portal.search.title'));

  // Opening a procedure from the list starts at its top (Back keeps the browser's own scroll).
  useEffect(() => {
    if (navigationType !== 'POP') window.scrollTo(0, 0);
  }, [navigationType]);

  if (!validCode || (query.isError && isApiError(query.error) && query.error.status === 404)) {
    return <NotFound code={code} />;
  }
  if (query.isPending) return <DetailSkeleton />;
  if (query.isError) {
    return (
      <Stack gap="md">
        <BackLink />
        <ErrorAlert
          error={query.error}
          title={t('portal.detail.errorTitle')}
          onRetry={() => query.refetch()}
          testId="procedure-error"
        />
      </Stack>
    );
  }

  const detail = query.data;
  const { procedure } = detail;
  const online = procedure.channels.includes('online');
  return (
    <Stack gap="md" className="portal-page" data-testid="procedure-detail">
      <BackLink />
      <Stack gap={8} component="header">
        <Text size="sm" c="red.8" fw={600}>
          {procedure.field}
        </Text>
        <Title order={1} size="h2" data-testid="procedure-name">
          {displayName(procedure.name)}
        </Title>
        <Group gap={8} wrap="wrap" align="center">
          <Text span size="sm" c="dimmed">
            {t('portal.detail.code')}:
          </Text>
          <Text span size="sm" ff="monospace" fw={600} data-testid="procedure-code">
            {procedure.code}
          </Text>
        </Group>
        <Group gap={4} wrap="wrap">
          <ServiceModeBadge mode={procedure.serviceMode} size="md" />
          <LevelBadges levels={procedure.levels} />
        </Group>
        <Text size="sm" c="dimmed" data-testid="procedure-version">
          {t('portal.detail.version', { version: String(detail.version) })} ·{' '}
          {t('portal.detail.validFrom', { date: formatDate(detail.validFrom, language) })}
          {detail.validTo ? ` ${t('portal.detail.validTo', { date: formatDate(detail.validTo, language) })}` : ''}
        </Text>
      </Stack>

      <Card withBorder radius="md" padding="md" bg={online ? 'blue.0' : undefined}>
        {online ? (
          <FileOnline code={procedure.code} />
        ) : (
          <Text size="sm" data-testid="not-online-note">
            {t('portal.detail.notOnline')}
          </Text>
        )}
      </Card>

      <Section title={t('portal.detail.channelsTitle')} testId="procedure-channels">
        <ChannelCards detail={detail} />
      </Section>

      <Section
        title={`${t('portal.detail.documentsTitle')} (${t('portal.detail.documentsCount', { count: procedure.requiredDocuments.length })})`}
        testId="procedure-documents"
      >
        <Documents documents={procedure.requiredDocuments} />
      </Section>

      <Section title={t('portal.detail.resultsTitle')} testId="procedure-results">
        {procedure.results.length === 0 ? (
          <Text c="dimmed">{t('portal.detail.noResults')}</Text>
        ) : (
          <ul className="portal-plain-list">
            {procedure.results.map((result, index) => (
              <li key={keyOf(index, result.name)}>
                <Text size="sm" span>
                  {result.name}
                </Text>
                {result.code && (
                  <Text size="xs" span c="dimmed" ff="monospace" ml={6}>
                    ({result.code})
                  </Text>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t('portal.detail.general')} testId="procedure-general">
        <dl className="portal-meta">
          <div>
            <dt>{t('portal.detail.level')}</dt>
            <dd>{procedure.levels.map((level) => t(`portal.level.${level}`)).join(', ')}</dd>
          </div>
          <div>
            <dt>{t('portal.detail.serviceMode')}</dt>
            <dd>{t(`portal.serviceModeHint.${procedure.serviceMode}`)}</dd>
          </div>
          {procedure.implementingAgencies.trim() && (
            <div>
              <dt>{t('portal.detail.agencies')}</dt>
              <dd data-testid="procedure-agencies">{procedure.implementingAgencies}</dd>
            </div>
          )}
          {procedure.applicantKinds.length > 0 && (
            <div>
              <dt>{t('portal.detail.applicants')}</dt>
              <dd>{procedure.applicantKinds.join('; ')}</dd>
            </div>
          )}
        </dl>
      </Section>

      <Section title={t('portal.detail.legalTitle')} testId="procedure-legal">
        {procedure.legalBasis.length === 0 ? (
          <Text c="dimmed">{t('portal.detail.noLegal')}</Text>
        ) : (
          <ul className="portal-plain-list">
            {procedure.legalBasis.map((reference, index) => (
              <li key={keyOf(index, reference.number)}>
                <Text size="sm">
                  {reference.number && (
                    <Text span fw={600}>
                      {reference.number}
                      {' — '}
                    </Text>
                  )}
                  {reference.title}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Stack>
  );
}
