import {
  actionLabels,
  type DossierStatus,
  dossierChannelInfo,
  dossierStatusInfo,
  type Rating,
  ratingLabels,
  ratings,
  returnMethodLabels,
  roleLabels,
} from '@congso/core';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  Radio,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useMe } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import {
  type ActionBody,
  type DossierDetail,
  type DossierEventView,
  type DossierFile,
  dossiersApi,
  dossiersKeys,
  fileUrl,
  type PaperForm,
  paperUrl,
} from '../dossiers/api';
import { uploadedIn } from '../dossiers/uploads';
import { formatBytes, formatInstant, StatusBadge } from './dossier-labels';
import { FileSlot, useUploads } from './file-upload';
import { displayName, formatVnd, Section } from './labels';
import './portal.css';

/** A one-stop form as PDF (receipt, refusal, apology), opened in a new tab. */
function PaperButton({
  dossierId,
  form,
  color,
  testId,
  children,
}: {
  dossierId: string;
  form: PaperForm;
  color?: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Button
      component="a"
      href={paperUrl(dossierId, form)}
      target="_blank"
      rel="noopener"
      variant="light"
      color={color}
      data-testid={testId}
    >
      {children}
    </Button>
  );
}

const endStatuses: ReadonlySet<DossierStatus> = new Set(['denied', 'withdrawn', 'stopped']);

/** Text of an event's data that the applicant should read (reasons, requested items, dates). */
function EventDetails({ event }: { event: DossierEventView }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const data = (event.data ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' && data[key] ? (data[key] as string) : null);
  const reason = text('reason');
  const note = text('note');
  const lines: ReactNode[] = [];
  switch (event.action) {
    case 'request_supplement': {
      const items = Array.isArray(data.items) ? (data.items as unknown[]).map(String) : [];
      if (items.length > 0)
        lines.push(
          <ul key="items" className="portal-plain-list">
            {items.map((item, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list that may repeat
              <li key={index}>
                <Text size="sm">{item}</Text>
              </li>
            ))}
          </ul>,
        );
      if (reason) lines.push(t('portal.dossier.reason', { text: reason }));
      break;
    }
    case 'refuse_receipt':
    case 'refuse':
    case 'stop':
    case 'withdraw':
      if (reason) lines.push(t('portal.dossier.reason', { text: reason }));
      break;
    case 'submit_supplement':
      if (note) lines.push(t('portal.dossier.note', { text: note }));
      break;
    case 'apologize':
      if (reason) lines.push(t('portal.dossier.reason', { text: reason }));
      if (text('newDueAt'))
        lines.push(t('portal.dossier.newDueAt', { date: formatInstant(text('newDueAt'), language) }));
      break;
    case 'request_payment':
      if (typeof data.amount === 'number')
        lines.push(t('portal.dossier.amount', { amount: formatVnd(data.amount, language) }));
      if (text('description')) lines.push(text('description'));
      break;
    case 'return_result': {
      const method = text('method') as keyof typeof returnMethodLabels | null;
      if (method && returnMethodLabels[method]) lines.push(pick(returnMethodLabels[method]));
      break;
    }
    case 'rate': {
      const rating = text('rating') as Rating | null;
      if (rating && ratingLabels[rating]) lines.push(pick(ratingLabels[rating]));
      if (text('comment')) lines.push(`“${text('comment')}”`);
      break;
    }
    default:
      break;
  }
  if (lines.length === 0) return null;
  return (
    <Stack gap={2} mt={2}>
      {lines.map((line, index) =>
        typeof line === 'string' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines in a fixed order
          <Text key={index} size="sm">
            {line}
          </Text>
        ) : (
          line
        ),
      )}
    </Stack>
  );
}

function Timeline({ dossier, meId }: { dossier: DossierDetail; meId: string | undefined }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const events = [...dossier.events].sort((a, b) => a.version - b.version);
  const who = (event: DossierEventView): string => {
    if (event.actor.id === meId || event.actor.kind !== 'officer') return t('portal.dossier.you');
    const role = event.actor.roles[0];
    return role ? pick(roleLabels[role]) : t('portal.dossier.officer');
  };
  return (
    <ol className="portal-timeline" data-testid="timeline">
      {events.map((event) => (
        <li key={event.version} data-testid="timeline-event" data-action={event.action}>
          <Text size="sm" fw={600} data-testid="timeline-action">
            {pick(actionLabels[event.action]) || event.action}
          </Text>
          <Text size="xs" c="dimmed">
            <time dateTime={event.at} data-testid="timeline-time">
              {formatInstant(event.at, language)}
            </time>
            {' · '}
            {who(event)}
            {event.fromStatus !== event.toStatus && dossierStatusInfo[event.toStatus] && (
              <>
                {' · '}
                <span aria-hidden="true">→ </span>
                <span className="portal-visually-hidden">{t('portal.dossier.newStatus')} </span>
                {pick(dossierStatusInfo[event.toStatus].labels)}
              </>
            )}
          </Text>
          <EventDetails event={event} />
        </li>
      ))}
    </ol>
  );
}

function FileLinks({ files }: { files: DossierFile[] }) {
  const { language } = useLanguage();
  return (
    <ul className="portal-plain-list">
      {files.map((file) => (
        <li key={file.id} data-testid="dossier-file">
          <Anchor href={fileUrl(file.id)} target="_blank" rel="noopener" size="sm" className="portal-file-name">
            {file.name}
          </Anchor>{' '}
          <Text span size="xs" c="dimmed">
            ({formatBytes(file.size, language)})
          </Text>
        </li>
      ))}
    </ul>
  );
}

/** The files by purpose; the documents under the name of the required document they were given for. */
function FileList({ files }: { files: DossierFile[] }) {
  const { t } = useTranslation();
  const purposes = ['document', 'supplement', 'result'] as const;
  return (
    <Stack gap="md" data-testid="dossier-files">
      {purposes.map((purpose) => {
        const items = files.filter((file) => file.purpose === purpose);
        if (items.length === 0) return null;
        const byDocument = new Map<string, DossierFile[]>();
        for (const file of items) {
          const key = purpose === 'document' ? (file.documentName ?? '') : '';
          byDocument.set(key, [...(byDocument.get(key) ?? []), file]);
        }
        return (
          <div key={purpose}>
            <Title order={3} size="h5" mb={4}>
              {t(`portal.dossier.filePurpose.${purpose}`)}
            </Title>
            <Stack gap={6}>
              {[...byDocument.entries()].map(([name, group]) => (
                <div key={name || '-'}>
                  {name && (
                    <Text size="xs" c="dimmed" lineClamp={2} title={name}>
                      {name}
                    </Text>
                  )}
                  <FileLinks files={group} />
                </div>
              ))}
            </Stack>
          </div>
        );
      })}
    </Stack>
  );
}

type Act = (body: Omit<ActionBody, 'version'>) => Promise<unknown>;

function SupplementPanel({ dossier, act, pending }: { dossier: DossierDetail; act: Act; pending: boolean }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const uploads = useUploads();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const request = dossier.state?.pending?.kind === 'supplement' ? dossier.state.pending : null;
  const canSubmit = dossier.availableActions.includes('submit_supplement');
  const files = uploadedIn(uploads.slots.supplement);
  return (
    <Card withBorder radius="md" padding="md" className="portal-attention" data-testid="supplement-panel">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('portal.dossier.supplementTitle')}
        </Title>
        {request && (
          <>
            <Text size="sm" c="dimmed">
              {t('portal.dossier.requestedAt', { date: formatInstant(request.requestedAt, language) })}
            </Text>
            {request.items.length > 0 && (
              <div>
                <Text size="sm" fw={600}>
                  {t('portal.dossier.supplementItems')}
                </Text>
                <ul className="portal-plain-list" data-testid="supplement-items">
                  {request.items.map((item, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list that may repeat
                    <li key={index}>
                      <Text size="sm">{item}</Text>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <Anchor
              href={paperUrl(dossier.id, 'supplement-request')}
              target="_blank"
              rel="noopener"
              size="sm"
              data-testid="supplement-request-link"
            >
              {t('portal.dossier.supplementPdf')}
            </Anchor>
            {request.reason && (
              <Text size="sm" data-testid="supplement-reason">
                <Text span fw={600}>
                  {t('portal.dossier.reasonLabel')}:
                </Text>{' '}
                {request.reason}
              </Text>
            )}
          </>
        )}
        {canSubmit && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (uploads.busy) {
                setProblem(t('portal.filing.waitUploads'));
                return;
              }
              if (files.length === 0 && !note.trim()) {
                setProblem(t('portal.dossier.supplementEmpty'));
                return;
              }
              setProblem(null);
              void act({
                action: 'submit_supplement',
                documents: files.map((file) => file.id),
                ...(note.trim() ? { note: note.trim() } : {}),
              }).then(() => {
                uploads.clear('supplement');
                setNote('');
              });
            }}
          >
            <Stack gap="sm">
              <fieldset className="portal-fieldset" aria-labelledby="supplement-files-label">
                <Text size="sm" fw={600} id="supplement-files-label" mb={4}>
                  {t('portal.dossier.supplementFiles')}
                </Text>
                <FileSlot
                  id="supplement"
                  items={uploads.slots.supplement ?? []}
                  onAdd={(chosen) => {
                    uploads.add('supplement', chosen);
                    setProblem(null);
                  }}
                  onRemove={(item) => uploads.remove('supplement', item.key)}
                  onRetry={(item) => uploads.retry('supplement', item)}
                  describedBy="supplement-files-label"
                  testId="supplement-file-input"
                />
              </fieldset>
              <Textarea
                label={t('portal.dossier.supplementNote')}
                autosize
                minRows={2}
                maxLength={1000}
                value={note}
                onChange={(event) => setNote(event.currentTarget.value)}
                data-testid="supplement-note"
              />
              {problem && (
                <Text size="sm" c="red.8" role="alert" data-testid="supplement-problem">
                  {problem}
                </Text>
              )}
              <Group>
                <Button type="submit" loading={pending} data-testid="supplement-submit">
                  {t('portal.dossier.supplementSubmit')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

function RatingPanel({ dossier, act, pending }: { dossier: DossierDetail; act: Act; pending: boolean }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const current = dossier.state?.rating ?? null;
  const [value, setValue] = useState<Rating | null>(current?.value ?? null);
  const [comment, setComment] = useState(current?.comment ?? '');
  const [missing, setMissing] = useState(false);
  const canRate = dossier.availableActions.includes('rate');
  if (!canRate && !current) return null;
  return (
    <Section title={t('portal.dossier.ratingTitle')} testId="rating-panel">
      {current && (
        <Text size="sm" mb={canRate ? 'sm' : 0} data-testid="rating-done">
          {t('portal.dossier.ratedAs', { rating: pick(ratingLabels[current.value]) })}
          {current.comment ? ` — “${current.comment}”` : ''}
        </Text>
      )}
      {canRate && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!value) {
              setMissing(true);
              return;
            }
            void act({ action: 'rate', rating: value, ...(comment.trim() ? { comment: comment.trim() } : {}) });
          }}
        >
          <Stack gap="sm">
            <Radio.Group
              label={t('portal.dossier.ratingQuestion')}
              value={value}
              onChange={(next) => {
                setValue(next as Rating);
                setMissing(false);
              }}
              error={missing ? t('portal.dossier.ratingMissing') : null}
              data-testid="rating-options"
            >
              <Stack gap="xs" mt="xs">
                {ratings.map((rating) => (
                  <Radio
                    key={rating}
                    value={rating}
                    label={pick(ratingLabels[rating])}
                    data-testid={`rating-${rating}`}
                  />
                ))}
              </Stack>
            </Radio.Group>
            <Textarea
              label={t('portal.dossier.ratingComment')}
              autosize
              minRows={2}
              maxLength={1000}
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
              data-testid="rating-comment"
            />
            <Group>
              <Button type="submit" loading={pending} data-testid="rate-submit">
                {current ? t('portal.dossier.ratingChange') : t('portal.dossier.ratingSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}

function WithdrawButton({ dossier, act, pending }: { dossier: DossierDetail; act: Act; pending: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button variant="outline" color="red" onClick={() => setOpen(true)} data-testid="withdraw-button">
        {t('portal.dossier.withdraw')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('portal.dossier.withdrawTitle', { code: dossier.code })}
        centered
        data-testid="withdraw-dialog"
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void act({ action: 'withdraw', ...(reason.trim() ? { reason: reason.trim() } : {}) }).finally(() =>
              setOpen(false),
            );
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('portal.dossier.withdrawText')}</Text>
            <Textarea
              label={t('portal.dossier.withdrawReason')}
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              data-testid="withdraw-reason"
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setOpen(false)} data-testid="withdraw-cancel">
                {t('app.common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={pending} data-testid="withdraw-confirm">
                {t('portal.dossier.withdrawConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

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
  const queryClient = useQueryClient();
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

  const action = useMutation({
    mutationFn: (body: Omit<ActionBody, 'version'>) => {
      const version = query.data?.version ?? 0;
      return dossiersApi.act(id, { ...body, version } as ActionBody);
    },
    onMutate: () => {
      setConflict(false);
      setDone(null);
    },
    onSuccess: (dossier, body) => {
      queryClient.setQueryData(dossiersKeys.detail(id), dossier);
      void queryClient.invalidateQueries({ queryKey: [...dossiersKeys.all, 'list'] });
      setDone(t(`portal.dossier.done.${body.action as 'withdraw' | 'rate' | 'submit_supplement'}`));
      window.setTimeout(() => noticeRef.current?.focus(), 0);
    },
    onError: async (error) => {
      if (isApiError(error, 'VERSION_CONFLICT')) {
        setConflict(true);
        await query.refetch();
        window.setTimeout(() => noticeRef.current?.focus(), 0);
      }
    },
  });
  const act: Act = (body) => action.mutateAsync(body).catch(() => undefined);

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
  const payment = state?.pending?.kind === 'payment' ? state.pending : null;
  const lastApology = state?.apologies?.at(-1);
  const refused = dossier.events.some((event) => event.action === 'refuse_receipt' || event.action === 'refuse');
  const stopped = dossier.events.some((event) => event.action === 'stop' || event.action === 'withdraw');
  const actionError = action.isError && !isApiError(action.error, 'VERSION_CONFLICT') ? action.error : null;

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
        {actionError && <ErrorAlert error={actionError} testId="action-error" />}
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
                <PaperButton dossierId={dossier.id} form="receipt" testId="receipt-link">
                  {t('portal.dossier.receipt')}
                </PaperButton>
              )}
              {refused && (
                <PaperButton dossierId={dossier.id} form="refusal" color="red" testId="refusal-link">
                  {t('portal.dossier.refusalPdf')}
                </PaperButton>
              )}
              {stopped && (
                <PaperButton dossierId={dossier.id} form="stop-notice" color="gray" testId="stop-notice-link">
                  {t('portal.dossier.stopNoticePdf')}
                </PaperButton>
              )}
              {lastApology && (
                <PaperButton dossierId={dossier.id} form="apology" color="orange" testId="apology-link">
                  {t('portal.dossier.apologyPdf')}
                </PaperButton>
              )}
              {canWithdraw && <WithdrawButton dossier={dossier} act={act} pending={action.isPending} />}
            </Group>
          )}
        </Stack>
      </Card>

      {dossier.status === 'waiting_supplement' && (
        <SupplementPanel dossier={dossier} act={act} pending={action.isPending} />
      )}

      {payment && (
        <Alert color="yellow" title={t('portal.dossier.paymentTitle')} data-testid="payment-panel">
          <Text size="sm">{t('portal.dossier.amount', { amount: formatVnd(payment.amount, language) })}</Text>
          {payment.description && <Text size="sm">{payment.description}</Text>}
          <Text size="sm">{t('portal.dossier.paymentHow')}</Text>
        </Alert>
      )}

      <RatingPanel key={dossier.version} dossier={dossier} act={act} pending={action.isPending} />

      {state?.result && state.result.documents.length > 0 && (
        <Section title={t('portal.dossier.resultTitle')} testId="dossier-result">
          <ul className="portal-plain-list">
            {state.result.documents.map((document, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
              <li key={index}>
                {document.fileId ? (
                  <Anchor href={fileUrl(document.fileId)} target="_blank" rel="noopener" size="sm">
                    {document.name}
                  </Anchor>
                ) : (
                  <Text size="sm" span>
                    {document.name}
                  </Text>
                )}
                {document.number && (
                  <Text size="xs" span c="dimmed">
                    {' '}
                    ({document.number})
                  </Text>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title={t('portal.dossier.timelineTitle')} testId="timeline-section">
        <Timeline dossier={dossier} meId={me?.id} />
      </Section>

      <Section title={t('portal.dossier.filesTitle')} testId="files-section">
        {files.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('portal.dossier.noFiles')}
          </Text>
        ) : (
          <FileList files={files} />
        )}
      </Section>
    </Stack>
  );
}
