import { type DossierStatus, dossierChannelInfo, dossierStatusInfo } from '@congso/core';
import { Alert, Anchor, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useMe } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { DossierDigitisation } from '../digitisation/dossier-digitisation';
import { dossiersApi, dossiersKeys } from '../dossiers/api';
import { DossierFileList, PaperLink, ResultDocumentList } from '../dossiers/dossier-parts';
import { PaymentPanel } from '../payments/payment-panel';
import { formatInstant, StatusBadge } from './dossier-labels';
import { type ActionEvents, RatingPanel, SupplementPanel, WithdrawButton } from './dossier-panels';
import { Timeline } from './dossier-timeline';
import { displayName, Section } from './labels';
import './portal.css';

const endStatuses: ReadonlySet<DossierStatus> = new Set(['denied', 'withdrawn', 'stopped']);

function DetailSkeleton() {
  return (
    <Stack gap="md" aria-hidden="true">
      <Skeleton h={14} w={120} />
      <Skeleton h={32} w="80%" />
      <Skeleton h={140} />
      <Skeleton h={200} />
    </Stack>
  );
}

/** /ho-so-cua-toi/:id: one of the citizen's dossiers: where it is, what is asked of them, what happened. */
export default function DossierPage() {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const id = useParams().id ?? '';
  const location = useLocation();
  const me = useMe().data;
  const justFiled = (location.state as { filed?: boolean } | null)?.filed === true;
  const [conflict, setConflict] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const query = useQuery({
    queryKey: dossiersKeys.detail(id),
    queryFn: () => dossiersApi.dossier(id),
    enabled: id !== '',
    // Back to the tab after a while: the agency may have acted (one small request).
    refetchOnWindowFocus: true,
  });
  useDocumentTitle(query.data ? `${query.data.code} · ${t('portal.dossiers.title')}` : t('portal.dossiers.title'));

  const focusNotice = () => window.setTimeout(() => noticeRef.current?.focus(), 0);
  const events: ActionEvents = {
    onDone: (_next, action) => {
      setConflict(false);
      setDone(t(`portal.dossier.done.${action as 'withdraw' | 'rate' | 'submit_supplement'}`));
      focusNotice();
    },
    onStale: () => {
      setDone(null);
      setConflict(true);
      focusNotice();
    },
  };

  if (query.isPending) return <DetailSkeleton />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) {
      return (
        <Stack align="flex-start" py="lg" gap="sm" data-testid="dossier-not-found">
          <Title order={1}>{t('portal.dossier.notFoundTitle')}</Title>
          <Text>{t('portal.dossier.notFoundText')}</Text>
          <Button component={Link} to="/ho-so-cua-toi" variant="light">
            {t('portal.dossiers.title')}
          </Button>
        </Stack>
      );
    }
    return <ErrorAlert error={query.error} onRetry={() => query.refetch()} testId="dossier-error" />;
  }

  const dossier = query.data;
  const state = dossier.state;
  const files = dossier.files ?? [];
  const canWithdraw = dossier.availableActions.includes('withdraw');
  const lastApology = state?.apologies?.at(-1);
  const refused = dossier.events.some((event) => event.action === 'refuse_receipt' || event.action === 'refuse');
  const stopped = dossier.events.some((event) => event.action === 'stop' || event.action === 'withdraw');

  return (
    <Stack gap="md" className="portal-page" maw={960} data-testid="dossier-detail" data-status={dossier.status}>
      <Anchor component={Link} to="/ho-so-cua-toi" size="sm" data-testid="dossier-back">
        <span aria-hidden="true">← </span>
        {t('portal.dossiers.title')}
      </Anchor>

      {justFiled && (
        <Alert color="green" variant="light" title={t('portal.dossier.filedTitle')} data-testid="filing-success">
          <Stack gap={4}>
            <Text size="sm">{t('portal.dossier.filedCode')}</Text>
            <Text size="xl" fw={700} ff="monospace" data-testid="filing-success-code">
              {dossier.code}
            </Text>
            <Text size="sm">{t('portal.dossier.filedNext', { agency: dossier.receivingAgency.name })}</Text>
          </Stack>
        </Alert>
      )}

      <div ref={noticeRef} tabIndex={-1} className="portal-focus-target">
        {conflict && (
          <Alert color="orange" role="alert" title={t('portal.dossier.conflictTitle')} data-testid="version-conflict">
            {t('portal.dossier.conflictText')}
          </Alert>
        )}
        {done && (
          <Alert color="green" role="status" data-testid="action-success">
            {done}
          </Alert>
        )}
      </div>

      <Card withBorder radius="md" padding="md" component="header">
        <Stack gap={8}>
          <Text size="sm" c="dimmed">
            {t('portal.dossier.code')}
          </Text>
          <Text size="lg" fw={700} ff="monospace" data-testid="dossier-code" className="portal-code">
            {dossier.code}
          </Text>
          <Title order={1} size="h3" data-testid="dossier-procedure">
            {displayName(dossier.procedure.name)}
          </Title>
          <Group gap="xs">
            <StatusBadge status={dossier.status} size="lg" />
          </Group>
          <dl className="portal-meta portal-meta-compact">
            {(dossier.dueAt || !dossierStatusInfo[dossier.status]?.final) && (
              <div>
                <dt>{t('portal.dossier.dueAt')}</dt>
                <dd data-testid="dossier-due">
                  {dossier.dueAt ? formatInstant(dossier.dueAt, language) : t('portal.dossier.dueUnset')}
                </dd>
              </div>
            )}
            {dossier.organisation && (
              <div>
                <dt>{t('portal.dossier.organisation')}</dt>
                <dd data-testid="dossier-organisation">{dossier.organisation.name}</dd>
              </div>
            )}
            <div>
              <dt>{t('portal.dossier.agency')}</dt>
              <dd data-testid="dossier-agency">{dossier.receivingAgency.name}</dd>
            </div>
            <div>
              <dt>{t('portal.dossier.submittedAt')}</dt>
              <dd>{formatInstant(dossier.submittedAt, language)}</dd>
            </div>
            {dossier.receivedAt && (
              <div>
                <dt>{t('portal.dossier.receivedAt')}</dt>
                <dd>{formatInstant(dossier.receivedAt, language)}</dd>
              </div>
            )}
            <div>
              <dt>{t('portal.dossier.channel')}</dt>
              <dd>
                {dossierChannelInfo[dossier.channel]
                  ? pick(dossierChannelInfo[dossier.channel].labels)
                  : dossier.channel}
              </dd>
            </div>
            {dossier.finishedAt && (
              <div>
                <dt>{t('portal.dossier.finishedAt')}</dt>
                <dd>
                  {formatInstant(dossier.finishedAt, language)}
                  {dossier.outcome ? ` · ${t(`portal.dossier.outcome.${dossier.outcome}`)}` : ''}
                </dd>
              </div>
            )}
          </dl>
          {endStatuses.has(dossier.status) && state?.endReason && (
            <Text size="sm" data-testid="dossier-end-reason">
              <Text span fw={600}>
                {t('portal.dossier.reasonLabel')}:
              </Text>{' '}
              {state.endReason}
            </Text>
          )}
          {lastApology && (
            <Text size="sm" c="orange.9">
              {t('portal.dossier.apology', { date: formatInstant(lastApology.newDueAt, language) })}{' '}
              {lastApology.reason}
            </Text>
          )}
          {(dossier.receivedAt || canWithdraw || refused || stopped || lastApology) && (
            <Group gap="sm" mt={4}>
              {dossier.receivedAt && (
                <PaperLink dossierId={dossier.id} form="receipt" variant="light" testId="receipt-link">
                  {t('portal.dossier.receipt')}
                </PaperLink>
              )}
              {refused && (
                <PaperLink dossierId={dossier.id} form="refusal" color="red" variant="light" testId="refusal-link">
                  {t('portal.dossier.refusalPdf')}
                </PaperLink>
              )}
              {stopped && (
                <PaperLink
                  dossierId={dossier.id}
                  form="stop-notice"
                  color="gray"
                  variant="light"
                  testId="stop-notice-link"
                >
                  {t('portal.dossier.stopNoticePdf')}
                </PaperLink>
              )}
              {lastApology && (
                <PaperLink dossierId={dossier.id} form="apology" color="orange" variant="light" testId="apology-link">
                  {t('portal.dossier.apologyPdf')}
                </PaperLink>
              )}
              {canWithdraw && <WithdrawButton dossier={dossier} events={events} />}
            </Group>
          )}
        </Stack>
      </Card>

      {dossier.status === 'waiting_supplement' && <SupplementPanel dossier={dossier} events={events} />}

      <PaymentPanel dossier={dossier} />

      <RatingPanel dossier={dossier} events={events} />

      {state?.result && state.result.documents.length > 0 && (
        <Section title={t('portal.dossier.resultTitle')} testId="dossier-result">
          <ResultDocumentList documents={state.result.documents} />
        </Section>
      )}

      <Section title={t('digitisation.dossier.title')} testId="portal-digitisation">
        <DossierDigitisation dossierId={dossier.id} />
      </Section>

      <Section title={t('portal.dossier.timelineTitle')} testId="timeline-section">
        <Timeline dossier={dossier} meId={me?.id} />
      </Section>

      <Section title={t('portal.dossier.filesTitle')} testId="files-section">
        <DossierFileList
          files={files}
          purposeLabel={(purpose) => t(`portal.dossier.filePurpose.${purpose}`)}
          emptyText={t('portal.dossier.noFiles')}
        />
      </Section>
    </Stack>
  );
}
