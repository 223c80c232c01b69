import type { DossierChannel, DossierResultDocument, Rating, ReturnMethod } from '@congso/core';
import { Anchor, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { type DossierEventView, fileUrl } from '../dossiers/api';
import { ResultDocumentList } from '../dossiers/dossier-parts';
import { formatVnd } from '../portal/labels';
import { useDeskT } from './i18n';
import { useDeskLabels } from './labels';

interface Props {
  events: DossierEventView[];
  agencyNames: Record<string, string>;
  officerNames: Record<string, string>;
  meId: string | undefined;
}

const asString = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

/** "Label: value", the label dimmed (a history entry's fields, the dossier page's facts). */
export function Line({
  label,
  children,
  component = 'div',
  mt,
}: {
  label: string;
  children: ReactNode;
  component?: 'div' | 'p';
  mt?: number;
}) {
  return (
    <Text size="sm" component={component} mt={mt}>
      <Text span size="sm" c="dimmed">
        {label}:{' '}
      </Text>
      {children}
    </Text>
  );
}

/** What the actor said, per kind of field (reasons, items, notes, agencies, amounts, documents...). */
function EventDetails({
  event,
  agencyNames,
  officerNames,
}: Omit<Props, 'events' | 'meId'> & { event: DossierEventView }) {
  const t = useDeskT();
  const labels = useDeskLabels();
  const { language } = useLanguage();
  const data = (event.data ?? {}) as Record<string, unknown>;
  const lines: ReactNode[] = [];

  const opening = data.opening as { channel?: DossierChannel } | undefined;
  if (opening?.channel) {
    lines.push(
      <Line key="channel" label={t('history.channel')}>
        {labels.channel(opening.channel)}
      </Line>,
    );
  }
  const agencyId = asString(data.agencyId);
  if (agencyId) {
    lines.push(
      <Line key="agency" label={t('history.agency')}>
        {agencyNames[agencyId] ?? '…'}
      </Line>,
    );
  }
  const assigneeId = asString(data.assigneeId);
  if (assigneeId) {
    lines.push(
      <Line key="assignee" label={t('history.assignee')}>
        {officerNames[assigneeId] ?? t('dossier.assignedSomeone')}
      </Line>,
    );
  }
  if (Array.isArray(data.items) && data.items.length) {
    lines.push(
      <div key="items">
        <Text size="sm" c="dimmed">
          {t('history.items')}:
        </Text>
        <ul className="desk-plain-list">
          {(data.items as unknown[]).map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the request's own order
            <li key={index}>
              <Text size="sm">{String(item)}</Text>
            </li>
          ))}
        </ul>
      </div>,
    );
  }
  if (typeof data.amount === 'number') {
    lines.push(
      <Line key="amount" label={t('history.amount')}>
        <Text span size="sm" fw={600}>
          {formatVnd(data.amount, language)}
        </Text>
      </Line>,
    );
  }
  const method = asString(data.method) as ReturnMethod | null;
  if (method) {
    lines.push(
      <Line key="method" label={t('history.method')}>
        {labels.method(method)}
      </Line>,
    );
  }
  const newDueAt = asString(data.newDueAt);
  if (newDueAt) {
    lines.push(
      <Line key="newDueAt" label={t('history.newDueAt')}>
        {formatDateTime(newDueAt, language)}
      </Line>,
    );
  }
  const rating = asString(data.rating) as Rating | null;
  if (rating) {
    lines.push(
      <Line key="rating" label={t('history.rating')}>
        {labels.rating(rating)}
      </Line>,
    );
  }
  // submit_supplement's files and issue_result's documents (named `documents` in older logs).
  const legacy = Array.isArray(data.documents) ? (data.documents as unknown[]) : [];
  const fileIds = Array.isArray(data.fileIds)
    ? (data.fileIds as string[])
    : legacy.every((item) => typeof item === 'string')
      ? (legacy as string[])
      : [];
  const results = Array.isArray(data.results)
    ? (data.results as DossierResultDocument[])
    : legacy.some((item) => typeof item !== 'string')
      ? (legacy as DossierResultDocument[])
      : [];
  if (fileIds.length) {
    lines.push(
      <Line key="files" label={t('history.supplementFiles')}>
        <Group gap={6} component="span" wrap="wrap">
          {fileIds.map((id, index) => (
            <Anchor key={id} href={fileUrl(id)} target="_blank" rel="noopener" size="sm">
              {t('history.fileN', { n: index + 1 })}
            </Anchor>
          ))}
        </Group>
      </Line>,
    );
  }
  if (results.length) {
    lines.push(
      <div key="results">
        <Text size="sm" c="dimmed">
          {t('history.documents')}:
        </Text>
        <ResultDocumentList documents={results} numberText={(number) => `— ${t('history.number', { number })}`} />
      </div>,
    );
  }
  for (const key of ['reason', 'description', 'reference', 'note', 'comment'] as const) {
    const value = asString(data[key]);
    if (value) {
      lines.push(
        <Line key={key} label={t(`history.${key}`)}>
          <Text span size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {value}
          </Text>
        </Line>,
      );
    }
  }
  if (lines.length === 0) return null;
  return <Stack gap={2}>{lines}</Stack>;
}

/** The dossier's log, oldest first (the order of the control slip). */
export function History({ events, agencyNames, officerNames, meId }: Props) {
  const t = useDeskT();
  const labels = useDeskLabels();
  const { language } = useLanguage();
  if (events.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('dossier.historyEmpty')}
      </Text>
    );
  return (
    <ol className="desk-history" data-testid="history">
      {events.map((event) => {
        const actor = event.actor;
        const name =
          actor.id === meId
            ? `${officerNames[actor.id] ?? ''} (${t('dossier.you')})`.trim()
            : (actor.fullName ?? officerNames[actor.id] ?? null);
        const roles = actor.roles.map((role) => labels.role(role)).join(', ');
        const who =
          actor.kind === 'officer'
            ? [name, roles || t('history.officer')].filter(Boolean).join(' · ')
            : [name, t('history.applicant')].filter(Boolean).join(' · ');
        return (
          <li key={event.version} data-testid="history-event" data-action={event.action}>
            <Text size="xs" c="dimmed" component="time" dateTime={event.at}>
              {formatDateTime(event.at, language)}
            </Text>
            <Stack gap={2}>
              <Group gap={8} wrap="wrap" align="baseline">
                <Text size="sm" fw={600}>
                  {labels.action(event.action)}
                </Text>
                <Text size="xs" c="dimmed">
                  {event.fromStatus ? `${labels.status(event.fromStatus)} → ` : ''}
                  {labels.status(event.toStatus)}
                </Text>
              </Group>
              <Text size="xs" c="dark.4">
                {who}
              </Text>
              <EventDetails event={event} agencyNames={agencyNames} officerNames={officerNames} />
            </Stack>
          </li>
        );
      })}
    </ol>
  );
}
