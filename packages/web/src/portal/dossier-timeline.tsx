import {
  actionLabels,
  dossierStatusInfo,
  type Rating,
  ratingLabels,
  returnMethodLabels,
  roleLabels,
  SYSTEM_ACTOR_ID,
} from '@congso/core';
import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../app/i18n';
import type { DossierDetail, DossierEventView } from '../dossiers/api';
import { formatInstant } from './dossier-labels';
import { formatVnd } from './labels';

/**
 * The citizen's view of a dossier's log: what was done, when, by whom (their role: officers' names are
 * the desk's), and what the applicant should read of it (reasons, requested items, dates). The desk's
 * fuller history is desk/history.tsx.
 */

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

export function Timeline({ dossier, meId }: { dossier: DossierDetail; meId: string | undefined }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const events = [...dossier.events].sort((a, b) => a.version - b.version);
  const who = (event: DossierEventView): string => {
    if (event.actor.id === SYSTEM_ACTOR_ID) return t('portal.dossier.system');
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
