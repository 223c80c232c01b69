import { outgoingStatuses, statusCodeLabels } from '@congso/core';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDate, formatDateTime, formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { Fact, Section } from '../desk/dossier-side';
import { Line } from '../desk/history';
import { negativeOfficeActions, OfficeActionModal, RecipientList, useAgencyNameMap } from './action-forms';
import {
  type Direction,
  type DocumentDetail,
  documentFileUrl,
  type ExchangeEntry,
  type IncomingDetail,
  type OutgoingDetail,
  officeApi,
  officeKeys,
} from './api';
import { DueCell } from './document-table';
import { useOfficeT } from './i18n';
import { DocumentStatusBadge, documentName, PriorityBadge, useOfficeLabels } from './labels';
import { OfficePage } from './layout';
import { canDraft } from './roles';

type Notice = { kind: 'done'; action: string } | { kind: 'registered' } | { kind: 'stale' };

/** The document's PDF, opened in a new tab. */
function PdfLink({ doc }: { doc: DocumentDetail }) {
  const t = useOfficeT();
  return (
    <Button
      component="a"
      href={documentFileUrl(doc.id)}
      target="_blank"
      rel="noopener"
      variant="default"
      size="sm"
      data-testid="document-pdf"
    >
      {t('document.openPdf')}
      <VisuallyHidden> {t('document.newTab')}</VisuallyHidden>
    </Button>
  );
}

/** The metadata of Phụ lục VI as the document carries it. */
function MetadataSection({ doc }: { doc: DocumentDetail }) {
  const t = useOfficeT();
  const { t: tt } = useTranslation();
  const labels = useOfficeLabels();
  const { language } = useLanguage();
  const incoming = doc.direction === 'incoming';
  const meta = incoming ? doc.state.metadata : null;
  const draft = incoming ? null : doc.state.draft;
  const signer = meta?.signer ?? draft?.signer;
  const none = tt('app.common.none');
  return (
    <Section title={t('document.metadata')} testId="document-metadata">
      <dl className="desk-facts" style={{ gridTemplateColumns: '1fr' }}>
        <Fact label={t('metadata.typeCode')}>{labels.type(doc.typeCode)}</Fact>
        <Fact label={t('metadata.organName')}>{doc.organName}</Fact>
        {meta?.organId && (
          <Fact label={t('metadata.organId')}>
            <span className="congso-code">{meta.organId}</span>
          </Fact>
        )}
        <Fact label={t('list.notation')}>
          <span className={doc.notation ? 'congso-code' : undefined}>{doc.notation ?? t('document.notIssued')}</span>
        </Fact>
        <Fact label={t('metadata.issuedDate')}>
          {doc.issuedDate ? formatDate(doc.issuedDate, language) : t('document.notIssued')}
        </Fact>
        <Fact label={t('metadata.signerName')}>{signer ? `${signer.position} — ${signer.fullName}` : none}</Fact>
        <Fact label={t('metadata.pages')}>{formatNumber(meta?.pages ?? draft?.pages ?? 1, language)}</Fact>
        <Fact label={t('metadata.copies')}>{formatNumber(meta?.copies ?? draft?.copies ?? 1, language)}</Fact>
        <Fact label={t('metadata.priority')}>{labels.priority(doc.priority)}</Fact>
        {(meta?.dueDate ?? draft?.dueDate) && (
          <Fact label={t('metadata.dueDate')}>{formatDate(meta?.dueDate ?? draft?.dueDate, language)}</Fact>
        )}
        {meta && meta.recipients.length > 0 && (
          <Fact label={t('metadata.recipients')}>{meta.recipients.join('; ')}</Fact>
        )}
      </dl>
    </Section>
  );
}

/** Incoming: who assigned it to whom, with instructions and deadlines (the routing trace). */
function RoutingSection({ doc }: { doc: IncomingDetail }) {
  const t = useOfficeT();
  const labels = useOfficeLabels();
  const { language } = useLanguage();
  const { me } = useSession();
  const name = (id: string) => (id === me?.id ? t('document.you') : (doc.names[id] ?? '…'));
  const routing = doc.state.routing;
  return (
    <Section title={t('document.routing')} testId="document-routing">
      {routing.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('document.noRouting')}
        </Text>
      ) : (
        <ol className="office-trail">
          {routing.map((step, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the trace's own order
            <li key={index} data-testid="routing-step">
              <Text size="xs" c="dimmed">
                {formatDateTime(step.at, language)}
              </Text>
              <div>
                <Text size="sm">
                  {step.fromLevel ? name(step.fromId) : `${name(step.fromId)} (${t('document.clerk')})`}
                  {' → '}
                  <Text span fw={600} size="sm">
                    {name(step.toId)}
                  </Text>{' '}
                  <Text span size="xs" c="dimmed">
                    ({labels.level(step.level)})
                  </Text>
                </Text>
                {step.instructions && <Line label={t('document.instructions')}>{step.instructions}</Line>}
                {step.dueAt && <Line label={t('document.deadline')}>{formatDateTime(step.dueAt, language)}</Line>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

function OpinionsSection({ doc }: { doc: IncomingDetail }) {
  const t = useOfficeT();
  const { language } = useLanguage();
  const opinions = doc.state.opinions;
  return (
    <Section title={t('document.opinions')} testId="document-opinions">
      {opinions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('document.noOpinions')}
        </Text>
      ) : (
        <ul className="office-trail">
          {opinions.map((opinion, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the opinions' own order
            <li key={index}>
              <Text size="xs" c="dimmed">
                {formatDateTime(opinion.at, language)}
              </Text>
              <div>
                <Text size="sm" fw={600}>
                  {doc.names[opinion.authorId] ?? '…'}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {opinion.text}
                </Text>
              </div>
            </li>
          ))}
        </ul>
      )}
      {doc.state.doneNote && (
        <Line label={t('document.doneNote')} component="p" mt={8}>
          {doc.state.doneNote}
        </Line>
      )}
    </Section>
  );
}

/** Outgoing: the steps from draft to sent, each with when it was reached. */
function StatusTrail({ doc }: { doc: OutgoingDetail }) {
  const t = useOfficeT();
  const labels = useOfficeLabels();
  const { language } = useLanguage();
  const reached = new Map<string, string>();
  for (const event of doc.events) reached.set(event.toStatus, event.at);
  const current = outgoingStatuses.indexOf(doc.status);
  return (
    <Section title={t('document.statusTrail')} testId="status-trail">
      <ol className="office-steps">
        {outgoingStatuses.map((status, index) => {
          const state = index < current ? 'done' : index === current ? 'current' : 'todo';
          return (
            <li key={status} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
              <Text size="sm" fw={state === 'current' ? 700 : 500} c={state === 'todo' ? 'dimmed' : undefined}>
                <span aria-hidden="true">{state === 'done' ? '✓ ' : state === 'current' ? '● ' : '○ '}</span>
                {labels.status('outgoing', status)}
              </Text>
              {state !== 'todo' && reached.get(status) && (
                <Text size="xs" c="dimmed">
                  {formatDateTime(reached.get(status), language)}
                </Text>
              )}
            </li>
          );
        })}
      </ol>
    </Section>
  );
}

function OutgoingSide({ doc }: { doc: OutgoingDetail }) {
  const t = useOfficeT();
  const { language } = useLanguage();
  const state = doc.state;
  const agencyNames = useAgencyNameMap(doc.deliveries.map((d) => d.recipientAgencyId));
  return (
    <>
      <Section title={t('document.recipients')} testId="document-recipients">
        <RecipientList doc={doc} />
      </Section>
      {doc.deliveries.length > 0 && (
        <Section title={t('document.deliveries')} testId="document-deliveries">
          <ul className="desk-plain-list">
            {doc.deliveries.map((d) => (
              <li
                key={d.id}
                data-testid="delivery"
                data-registered={d.registeredAt ? 'true' : 'false'}
                data-refused={d.refusedAt ? 'true' : 'false'}
              >
                <Text size="sm">{agencyNames[d.recipientAgencyId] ?? '…'}</Text>
                <Text size="xs" c={d.refusedAt ? 'red.8' : 'dimmed'}>
                  {formatDateTime(d.sentAt, language)} ·{' '}
                  {d.registeredAt
                    ? t('document.deliveredRegistered', { time: formatDateTime(d.registeredAt, language) })
                    : d.refusedAt
                      ? t('document.deliveredRefused', {
                          time: formatDateTime(d.refusedAt, language),
                          reason: d.refusalReason ?? '',
                        })
                      : t('document.deliveredWaiting')}
                </Text>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {doc.exchange.length > 0 && <ExchangeSection entries={doc.exchange} />}
      {state.signedAt && (
        <Section title={t('document.signedBy')} testId="document-signature">
          <Text size="sm">{state.signerId ? (doc.names[state.signerId] ?? '…') : ''}</Text>
          <Text size="xs" c="dimmed">
            {t('document.signedAt')}: {formatDateTime(state.signedAt, language)}
          </Text>
        </Section>
      )}
    </>
  );
}

const exchangeStateColor = { queued: 'yellow', delivered: 'green', refused: 'red', failed: 'red' } as const;

/**
 * The edXML packages to agencies of other installations: each one's delivery, then the status messages its
 * recipients sent back (01 arrived, 03 registered, 04 assigned, 06 done), oldest first.
 */
function ExchangeSection({ entries }: { entries: ExchangeEntry[] }) {
  const t = useOfficeT();
  const { language } = useLanguage();
  return (
    <Section title={t('document.exchange')} testId="document-exchange">
      <ul className="desk-plain-list">
        {entries.map((e) => (
          <li key={e.messageId} data-testid="exchange-entry" data-state={e.state}>
            <Group gap={6} wrap="wrap">
              <Text size="sm" className="congso-code">
                {e.organIds.join(', ')}
              </Text>
              <Badge color={exchangeStateColor[e.state]} variant="light" tt="none" size="sm">
                {t(`document.exchangeStates.${e.state}`)}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {t('document.exchangeVia', { peer: e.peerName })}
              {e.state !== 'delivered' && e.attempts > 0
                ? ` · ${t('document.exchangeAttempts', { count: e.attempts })}`
                : ''}
            </Text>
            {e.statuses.length === 0 ? (
              <Text size="xs" c="dimmed">
                {t('document.exchangeNoStatus')}
              </Text>
            ) : (
              <ol className="desk-plain-list" data-testid="exchange-statuses">
                {e.statuses.map((st) => (
                  <li
                    key={`${st.organId}-${st.statusCode}-${st.statusAt}`}
                    data-testid="exchange-status"
                    data-code={st.statusCode}
                  >
                    <Text size="sm">
                      {st.statusCode} · {statusLabel(st.statusCode, language)}
                    </Text>
                    {st.description && (
                      <Text size="xs" data-testid="exchange-status-description">
                        {st.description}
                      </Text>
                    )}
                    {st.statusAt && (
                      <Text size="xs" c="dimmed">
                        {formatDateTime(st.statusAt, language)}
                        {e.organIds.length > 1 ? ` · ${st.organId}` : ''}
                      </Text>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

const statusLabel = (code: string, language: 'vi' | 'en') =>
  (statusCodeLabels as Record<string, { vi: string; en: string }>)[code]?.[language] ?? code;

/** Every event, oldest first: who did what, and what they said. */
function HistorySection({ doc }: { doc: DocumentDetail }) {
  const t = useOfficeT();
  const labels = useOfficeLabels();
  const { language } = useLanguage();
  const { me } = useSession();
  const said = (data: Record<string, unknown>): ReactNode[] => {
    const lines: ReactNode[] = [];
    for (const key of ['instructions', 'text', 'note', 'reason'] as const) {
      const value = data[key];
      if (typeof value === 'string' && value.trim()) {
        lines.push(
          <Text key={key} size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {value}
          </Text>,
        );
      }
    }
    return lines;
  };
  return (
    <Section title={t('document.history')} testId="document-history">
      <ol className="office-trail">
        {doc.events.map((event) => (
          <li key={event.version} data-testid="history-event" data-action={event.action}>
            <Text size="xs" c="dimmed">
              {formatDateTime(event.at, language)}
            </Text>
            <div>
              <Text size="sm">
                <Text span fw={600} size="sm">
                  {labels.action(doc.direction, event.action)}
                </Text>
                {' — '}
                {event.actorId === me?.id ? t('document.you') : (event.actorName ?? '…')}
              </Text>
              {said(event.data)}
            </div>
          </li>
        ))}
      </ol>
    </Section>
  );
}

function DocumentView({ doc }: { doc: DocumentDetail }) {
  const t = useOfficeT();
  const { t: tt } = useTranslation();
  const labels = useOfficeLabels();
  const { language } = useLanguage();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const noticeRef = useRef<HTMLDivElement>(null);
  const [acting, setActing] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(() =>
    (location.state as { notice?: string } | null)?.notice === 'registered' ? { kind: 'registered' } : null,
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on arrival
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, []);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const incoming = doc.direction === 'incoming';
  const back = incoming ? '/van-ban/den' : '/van-ban/di';
  const title = incoming
    ? `${t('document.arrivalNumber')} ${doc.number ?? ''}`.trim()
    : (doc.notation ?? labels.type(doc.typeCode));

  return (
    <Stack
      gap="md"
      data-testid="document-page"
      data-direction={doc.direction}
      data-status={doc.status}
      data-version={doc.version}
    >
      <Anchor component={Link} to={back} size="sm">
        <span aria-hidden="true">← </span>
        {incoming ? t('document.backIncoming') : t('document.backOutgoing')}
      </Anchor>

      {notice && (
        <Alert
          ref={noticeRef}
          tabIndex={-1}
          color={notice.kind === 'stale' ? 'orange' : 'green'}
          variant="light"
          role={notice.kind === 'stale' ? 'alert' : 'status'}
          withCloseButton
          closeButtonLabel={tt('app.common.close')}
          onClose={() => setNotice(null)}
          data-testid={notice.kind === 'stale' ? 'version-conflict' : 'action-notice'}
        >
          <Text size="sm" fw={500}>
            {notice.kind === 'stale'
              ? t('document.conflict')
              : notice.kind === 'registered'
                ? t('registerIncoming.done', { number: doc.number })
                : t('document.done', { action: labels.action(doc.direction, notice.action) })}
          </Text>
        </Alert>
      )}

      <Card withBorder radius="md" padding="md" component="header" data-testid="document-header">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <div style={{ minWidth: 0, flex: '1 1 420px' }}>
              <Group gap="sm" wrap="wrap" align="center">
                <Title
                  order={1}
                  size="h3"
                  className={!incoming && doc.notation ? 'congso-code' : undefined}
                  data-testid="document-title"
                >
                  {title}
                </Title>
                <DocumentStatusBadge direction={doc.direction} status={doc.status} size="md" />
                <PriorityBadge priority={doc.priority} />
              </Group>
              <Text size="sm" mt={4} className="office-subject" data-testid="document-subject">
                {labels.type(doc.typeCode)}
                {incoming && doc.notation ? ` ${doc.notation}` : ''}: {doc.subject}
              </Text>
            </div>
            <Group gap="xs">
              {incoming && canDraft(me) && (
                <Button
                  component={Link}
                  to={`/van-ban/di/moi?reply=${doc.id}`}
                  variant="light"
                  size="sm"
                  data-testid="draft-reply"
                >
                  {t('document.reply')}
                </Button>
              )}
              <PdfLink doc={doc} />
            </Group>
          </Group>
          <dl className="desk-facts">
            {incoming ? (
              <>
                <Fact label={t('document.arrivedAt')}>{formatDateTime(doc.arrivedAt, language)}</Fact>
                <Fact label={t('document.registeredAt')}>
                  {formatDateTime(doc.registeredAt, language)}
                  {doc.receiptOnTime === false && (
                    <Text span size="xs" c="red.8" ml={6}>
                      ({t('document.receiptLate')})
                    </Text>
                  )}
                </Fact>
                <Fact label={t('document.source')}>
                  {doc.source === 'internal'
                    ? t('document.sourceInternal')
                    : doc.source === 'edxml'
                      ? t('document.sourceEdxml')
                      : t('document.sourceUpload')}
                  {' · '}
                  {doc.medium === 'paper' ? t('registerIncoming.paper') : t('registerIncoming.electronic')}
                </Fact>
                <Fact label={t('document.holder')} testId="document-holder">
                  {doc.holderName ?? t('document.noHolder')}
                </Fact>
                <Fact label={t('document.due')}>
                  <DueCell doc={doc} />
                </Fact>
              </>
            ) : (
              <>
                <Fact label={t('document.drafter')}>
                  {doc.drafterId ? (doc.names[doc.drafterId] ?? '…') : tt('app.common.none')}
                </Fact>
                <Fact label={t('document.issued')}>
                  <span className={doc.notation ? 'congso-code' : undefined} data-testid="document-notation">
                    {doc.notation ?? t('document.notIssued')}
                  </span>
                </Fact>
                <Fact label={t('document.issuedDate')}>
                  {doc.issuedDate ? formatDate(doc.issuedDate, language) : t('document.notIssued')}
                </Fact>
              </>
            )}
          </dl>
          <section aria-labelledby="document-actions-title" data-testid="document-actions">
            <Title order={2} size="xs" fw={500} c="dimmed" id="document-actions-title" mb={4}>
              {t('document.actions')}
            </Title>
            {doc.availableActions.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="no-actions">
                {t('document.noActions')}
              </Text>
            ) : (
              <Group gap="xs" wrap="wrap">
                {doc.availableActions.map((action, index) => (
                  <Button
                    key={action}
                    size="sm"
                    variant={negativeOfficeActions.has(action) ? 'outline' : index === 0 ? 'filled' : 'light'}
                    color={negativeOfficeActions.has(action) ? 'red' : undefined}
                    onClick={() => setActing(action)}
                    data-testid={`do-${action}`}
                  >
                    {labels.action(doc.direction, action)}
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
            {doc.direction === 'incoming' ? (
              <>
                <RoutingSection doc={doc} />
                <OpinionsSection doc={doc} />
              </>
            ) : (
              <StatusTrail doc={doc} />
            )}
            <HistorySection doc={doc} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <MetadataSection doc={doc} />
            {doc.direction === 'outgoing' && <OutgoingSide doc={doc} />}
          </Stack>
        </Grid.Col>
      </Grid>

      {acting && (
        <OfficeActionModal
          key={acting}
          doc={doc}
          action={acting}
          onCancel={() => setActing(null)}
          onDone={(_next) => {
            setNotice({ kind: 'done', action: acting });
            setActing(null);
          }}
          onStale={() => {
            setActing(null);
            setNotice({ kind: 'stale' });
            void queryClient.invalidateQueries({ queryKey: ['office', 'list'] });
          }}
        />
      )}
    </Stack>
  );
}

function DocumentLoader({ direction }: { direction: Direction }) {
  const t = useOfficeT();
  const id = useParams().id ?? '';
  const query = useQuery({
    queryKey: officeKeys.detail(direction, id),
    queryFn: () => officeApi.document(direction, id),
    staleTime: 5_000,
    refetchOnWindowFocus: true,
  });
  useDocumentTitle(query.data ? documentName(query.data) : t('title'));
  if (query.isPending) {
    return (
      <Stack gap="md" aria-hidden="true">
        <Skeleton h={150} />
        <Skeleton h={300} />
      </Stack>
    );
  }
  if (query.isError) {
    const notFound = isApiError(query.error) && (query.error.status === 404 || query.error.status === 400);
    return (
      <Stack gap="md" align="flex-start" data-testid={notFound ? 'document-not-found' : 'document-error'}>
        {notFound ? (
          <>
            <Title order={1} size="h2">
              {t('document.notFoundTitle')}
            </Title>
            <Text>{t('document.notFoundText')}</Text>
          </>
        ) : (
          <ErrorAlert error={query.error} title={t('document.errorTitle')} onRetry={() => query.refetch()} />
        )}
      </Stack>
    );
  }
  return <DocumentView doc={query.data} />;
}

/** /van-ban/den/:id: an incoming document, its routing, opinions, history and the caller's actions. */
export function IncomingDocumentPage() {
  return (
    <OfficePage>
      <DocumentLoader direction="incoming" />
    </OfficePage>
  );
}

/** /van-ban/di/:id: an outgoing document, its steps, recipients, history and the caller's actions. */
export function OutgoingDocumentPage() {
  return (
    <OfficePage>
      <DocumentLoader direction="outgoing" />
    </OfficePage>
  );
}
