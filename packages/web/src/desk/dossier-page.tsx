import { type DossierAction, dossierActions } from '@congso/core';
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { DigitiseForm } from '../digitisation/digitise-form';
import { DossierDigitisation } from '../digitisation/dossier-digitisation';
import { paperAfter } from '../dossiers/action-form-shell';
import { actionFormOf } from '../dossiers/action-forms';
import { type DossierDetail, dossiersApi, dossiersKeys, type PaperForm } from '../dossiers/api';
import { PaperLink } from '../dossiers/dossier-parts';
import { displayName, formatVnd } from '../portal/labels';
import { negativeActions } from './action-forms/fields';
import { ActionModal } from './action-modal';
import { DossierSide, Fact, Section } from './dossier-side';
import { DeskGuard } from './guard';
import { History, Line } from './history';
import { useDeskT } from './i18n';
import { DueBadge, StatusBadge, useDeskLabels, useNow } from './labels';
import { useAgencyNames, useOfficerNames } from './names';
import { isOneStopClerk } from './roles';
import './desk.css';

type Notice =
  | { kind: 'done'; action: DossierAction; paper: PaperForm | null }
  | { kind: 'received'; paper: PaperForm }
  | { kind: 'stale' };

/** Actions an officer takes from the desk: those with a desk form (every action an officer role performs). */
const officerActions: ReadonlySet<DossierAction> = new Set(dossierActions.filter((a) => actionFormOf(a, 'desk')));

function DossierView({ dossier }: { dossier: DossierDetail }) {
  const t = useDeskT();
  const { t: tt } = useTranslation();
  const labels = useDeskLabels();
  const { language } = useLanguage();
  const { me } = useSession();
  const now = useNow();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const noticeRef = useRef<HTMLDivElement>(null);
  const [acting, setActing] = useState<DossierAction | null>(null);
  const [notice, setNotice] = useState<Notice | null>(() =>
    (location.state as { notice?: string } | null)?.notice === 'received'
      ? { kind: 'received', paper: 'receipt' }
      : null,
  );

  // The "just received" notice is for this visit only: forget it in the history entry.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on arrival
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, []);
  useEffect(() => {
    if (notice) noticeRef.current?.querySelector<HTMLElement>('a, button')?.focus();
  }, [notice]);

  const step = dossier.state.currentStep;
  const events = dossier.events;
  const agencyNames = useAgencyNames(
    [
      step?.agencyId,
      dossier.state.handlingAgencyId,
      ...events.map((event) => ('agencyId' in event.data ? event.data.agencyId : null)),
    ],
    { [dossier.receivingAgency.id]: dossier.receivingAgency.name },
  );
  const known: Record<string, string> = {};
  for (const event of events) if (event.actor.fullName) known[event.actor.id] = event.actor.fullName;
  if (dossier.assignee) known[dossier.assignee.id] = dossier.assignee.fullName;
  const canDigitise =
    isOneStopClerk(me) &&
    me?.agency?.id === dossier.receivingAgency.id &&
    dossier.status !== 'receiving' &&
    !dossier.state.finishedAt;
  const officerNames = useOfficerNames(
    events.map((event) => (event.action === 'assign' ? event.data.assigneeId : null)),
    known,
  );

  const actions = dossier.availableActions.filter((action) => officerActions.has(action));
  const pending = dossier.state.pending;
  const _files = dossier.files ?? [];
  const _applicant = dossier.applicant;

  const holder = step
    ? [
        agencyNames[step.agencyId] ?? '…',
        step.assigneeId
          ? step.assigneeId === me?.id
            ? t('dossier.you')
            : (officerNames[step.assigneeId] ?? t('dossier.assignedSomeone'))
          : step.role
            ? `${labels.role(step.role)} (${t('dossier.unassigned').toLocaleLowerCase(language)})`
            : t('dossier.unassigned'),
      ].join(' · ')
    : t('dossier.noStep');

  return (
    <Stack gap="md" data-testid="dossier-page" data-status={dossier.status} data-version={dossier.version}>
      <Anchor component={Link} to="/mot-cua" size="sm">
        <span aria-hidden="true">← </span>
        {t('dossier.back')}
      </Anchor>

      {notice && (
        <Alert
          ref={noticeRef}
          color={notice.kind === 'stale' ? 'orange' : 'green'}
          variant="light"
          role={notice.kind === 'stale' ? 'alert' : 'status'}
          withCloseButton
          closeButtonLabel={tt('app.common.close')}
          onClose={() => setNotice(null)}
          data-testid={notice.kind === 'stale' ? 'version-conflict' : 'action-notice'}
        >
          <Stack gap={8} align="flex-start">
            <Text size="sm" fw={500}>
              {notice.kind === 'stale'
                ? t('dossier.conflict')
                : notice.kind === 'received'
                  ? t('dossier.received', { code: dossier.code })
                  : t('dossier.done', { action: labels.action(notice.action) })}
            </Text>
            {notice.kind !== 'stale' && notice.paper && (
              <PaperLink
                dossierId={dossier.id}
                form={notice.paper}
                testId="notice-print"
                variant="button"
                label={t('dossier.printNow', { form: t(`paper.${notice.paper}`) })}
                newTabText={t('paper.newTab')}
              >
                {t('dossier.printNow', { form: t(`paper.${notice.paper}`) })}
              </PaperLink>
            )}
          </Stack>
        </Alert>
      )}

      <Card withBorder radius="md" padding="md" component="header" data-testid="dossier-header">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <div style={{ minWidth: 0, flex: '1 1 420px' }}>
              <Group gap="sm" wrap="wrap" align="center">
                <Title order={1} size="h3" className="congso-code" style={{ fontSize: 22 }} data-testid="dossier-code">
                  {dossier.code}
                </Title>
                <StatusBadge status={dossier.status} size="md" />
              </Group>
              <Text size="sm" mt={4}>
                {displayName(dossier.procedure.name)}{' '}
                <Text span size="xs" c="dimmed" className="congso-code">
                  {dossier.procedure.code}
                </Text>
              </Text>
            </div>
            <Stack gap={4} align="flex-end">
              <Text size="xs" c="dimmed">
                {t('dossier.dueAt')}
              </Text>
              <DueBadge dossier={dossier} now={now} size="md" />
            </Stack>
          </Group>
          <dl className="desk-facts">
            <Fact label={t('dossier.currentStep')} testId="dossier-step">
              <Text span size="sm" fw={600}>
                {step ? labels.step(step.name) : t('dossier.noStep')}
              </Text>
              {step?.interAgency && (
                <Badge size="xs" color="grape" variant="light" tt="none" ml={6}>
                  {t('dossier.interAgency')}
                </Badge>
              )}
              {step?.dueAt && (
                <Text size="xs" c="dimmed">
                  {t('dossier.stepDue')}: {formatDateTime(step.dueAt, language)}
                </Text>
              )}
            </Fact>
            <Fact label={t('dossier.holder')} testId="dossier-holder">
              {holder}
            </Fact>
            <Fact label={t('dossier.receivedAt')}>
              {dossier.receivedAt ? formatDateTime(dossier.receivedAt, language) : tt('app.common.none')}
            </Fact>
            <Fact label={t('dossier.channel')}>{labels.channel(dossier.channel)}</Fact>
            <Fact label={t('dossier.receivingAgency')}>{dossier.receivingAgency.name}</Fact>
            {dossier.finishedAt && (
              <Fact label={t('dossier.finishedAt')}>{formatDateTime(dossier.finishedAt, language)}</Fact>
            )}
          </dl>
          <section aria-labelledby="dossier-actions-title" data-testid="dossier-actions">
            <Title order={2} size="xs" fw={500} c="dimmed" id="dossier-actions-title" mb={4}>
              {t('dossier.actions')}
            </Title>
            {actions.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="no-actions">
                {t('dossier.noActions')}
              </Text>
            ) : (
              <Group gap="xs" wrap="wrap">
                {actions.map((action, index) => (
                  <Button
                    key={action}
                    size="sm"
                    variant={negativeActions.has(action) ? 'outline' : index === 0 ? 'filled' : 'light'}
                    color={negativeActions.has(action) ? 'red' : undefined}
                    onClick={() => setActing(action)}
                    data-testid={`action-${action}`}
                  >
                    {labels.action(action)}
                  </Button>
                ))}
              </Group>
            )}
          </section>
        </Stack>
      </Card>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            {pending?.kind === 'supplement' && (
              <Alert
                color="yellow"
                variant="light"
                title={t('dossier.pendingSupplement')}
                data-testid="pending-supplement"
              >
                <Text size="xs" c="dimmed">
                  {t('dossier.requestedAt', { time: formatDateTime(pending.requestedAt, language) })}
                </Text>
                <Text size="sm" fw={500} mt={4}>
                  {t('dossier.items')}:
                </Text>
                <ul className="desk-plain-list">
                  {pending.items.map((item, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the request's own order
                    <li key={index}>
                      <Text size="sm">{item}</Text>
                    </li>
                  ))}
                </ul>
                <Line label={t('dossier.reason')} component="p" mt={4}>
                  {pending.reason}
                </Line>
              </Alert>
            )}
            {pending?.kind === 'payment' && (
              <Alert color="grape" variant="light" title={t('dossier.pendingPayment')} data-testid="pending-payment">
                <Line label={t('dossier.amount')} component="p">
                  <Text span fw={600} size="sm">
                    {formatVnd(pending.amount, language)}
                  </Text>
                </Line>
                {pending.description && (
                  <Line label={t('dossier.description')} component="p">
                    {pending.description}
                  </Line>
                )}
              </Alert>
            )}
            <Section title={tt('digitisation.dossier.title')} testId="desk-digitisation">
              <Stack gap="md">
                <DossierDigitisation dossierId={dossier.id} officerNames={known} />
                {canDigitise && (
                  <>
                    <Title order={3} size="h6">
                      {tt('digitisation.digitise.title')}
                    </Title>
                    <DigitiseForm dossierId={dossier.id} procedureCode={dossier.procedure.code} />
                  </>
                )}
              </Stack>
            </Section>
            <Section title={t('dossier.history')}>
              <History events={events} agencyNames={agencyNames} officerNames={officerNames} meId={me?.id} />
            </Section>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 4 }}>
          <DossierSide dossier={dossier} />
        </Grid.Col>
      </Grid>

      {acting && (
        <ActionModal
          key={acting}
          dossier={dossier}
          action={acting}
          onClose={() => setActing(null)}
          onDone={(next, action) => {
            setActing(null);
            setNotice({ kind: 'done', action, paper: paperAfter(next, action) });
          }}
          onStale={() => {
            setActing(null);
            setNotice({ kind: 'stale' });
            void queryClient.invalidateQueries({ queryKey: ['dossiers', 'queue'] });
          }}
        />
      )}
    </Stack>
  );
}

function DossierSkeleton() {
  return (
    <Stack gap="md" aria-hidden="true">
      <Skeleton h={14} w={120} />
      <Skeleton h={150} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Skeleton h={300} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Skeleton h={200} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Dossier() {
  const t = useDeskT();
  const id = useParams().id ?? '';
  const query = useQuery({
    queryKey: dossiersKeys.detail(id),
    queryFn: () => dossiersApi.dossier(id),
    staleTime: 5_000,
    refetchOnWindowFocus: true,
  });
  useDocumentTitle(query.data?.code ?? t('title'));

  if (query.isPending) return <DossierSkeleton />;
  if (query.isError) {
    const notFound = isApiError(query.error) && (query.error.status === 404 || query.error.status === 400);
    return (
      <Stack gap="md" align="flex-start" data-testid={notFound ? 'dossier-not-found' : 'dossier-error'}>
        <Anchor component={Link} to="/mot-cua" size="sm">
          <span aria-hidden="true">← </span>
          {t('dossier.back')}
        </Anchor>
        {notFound ? (
          <>
            <Title order={1} size="h2">
              {t('dossier.notFoundTitle')}
            </Title>
            <Text>{t('dossier.notFoundText')}</Text>
          </>
        ) : (
          <ErrorAlert error={query.error} title={t('dossier.errorTitle')} onRetry={() => query.refetch()} />
        )}
      </Stack>
    );
  }
  return <DossierView dossier={query.data} />;
}

/** /mot-cua/ho-so/:id: one dossier, its history and the caller's actions on it. */
export default function DossierPage() {
  return (
    <DeskGuard>
      <Dossier />
    </DeskGuard>
  );
}
