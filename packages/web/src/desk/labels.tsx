import {
  actionLabels,
  type DossierAction,
  type DossierChannel,
  type DossierStatus,
  dossierChannelInfo,
  dossierStatusInfo,
  type OfficerRole,
  type Rating,
  type ReturnMethod,
  ratingLabels,
  returnMethodLabels,
  roleLabels,
  type StepName,
  stepLabels,
} from '@congso/core';
import { Badge, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { classifyDue, type DueInput, type DueTone } from './due';
import { type DeskKey, useDeskT } from './i18n';

/** Labels from @congso/core in the current language. */
export function useDeskLabels() {
  const { pick } = useLanguage();
  return {
    status: (status: DossierStatus) => pick(dossierStatusInfo[status]?.labels) || status,
    action: (action: DossierAction) => pick(actionLabels[action]) || action,
    step: (step: StepName) => pick(stepLabels[step]) || step,
    channel: (channel: DossierChannel) => pick(dossierChannelInfo[channel]?.labels) || channel,
    method: (method: ReturnMethod) => pick(returnMethodLabels[method]) || method,
    rating: (rating: Rating) => pick(ratingLabels[rating]) || rating,
    role: (role: OfficerRole) => pick(roleLabels[role]) || role,
  };
}

const statusColors: Record<DossierStatus, string> = {
  receiving: 'cyan',
  received: 'blue',
  processing: 'indigo',
  waiting_supplement: 'yellow',
  waiting_payment: 'grape',
  processed: 'teal',
  returned: 'gray',
  denied: 'gray',
  withdrawn: 'gray',
  stopped: 'gray',
};

/** The status as the national portal names it; `short`: the queue's compact name, the full one as a tooltip. */
export function StatusBadge({
  status,
  size = 'sm',
  short,
}: {
  status: DossierStatus;
  size?: 'sm' | 'md' | 'lg';
  short?: boolean;
}) {
  const labels = useDeskLabels();
  const t = useDeskT();
  const final = dossierStatusInfo[status]?.final;
  return (
    <Badge
      color={statusColors[status] ?? 'gray'}
      variant={final ? 'outline' : 'light'}
      tt="none"
      radius="sm"
      size={size}
      data-testid="status-badge"
      data-status={status}
      title={short ? labels.status(status) : undefined}
      style={{ maxWidth: '100%' }}
    >
      {short ? t(`tab.${status}`) : labels.status(status)}
    </Badge>
  );
}

interface ToneStyle {
  color: string;
  variant: 'filled' | 'light' | 'outline';
  label: DeskKey;
  hint: DeskKey;
}

export const dueToneStyles: Record<DueTone, ToneStyle> = {
  late: { color: 'red.8', variant: 'filled', label: 'due.late', hint: 'due.lateHint' },
  today: { color: 'orange.8', variant: 'filled', label: 'due.today', hint: 'due.todayHint' },
  on_time: { color: 'green.8', variant: 'filled', label: 'due.onTime', hint: 'due.onTimeHint' },
  paused: { color: 'gray.7', variant: 'filled', label: 'due.paused', hint: 'due.pausedHint' },
  finished_late: { color: 'red.8', variant: 'outline', label: 'due.finishedLate', hint: 'due.finishedHint' },
  finished_on_time: { color: 'green.8', variant: 'outline', label: 'due.finishedOnTime', hint: 'due.finishedHint' },
  finished_early: { color: 'green.8', variant: 'outline', label: 'due.finishedEarly', hint: 'due.finishedHint' },
  ended: { color: 'gray.7', variant: 'outline', label: 'due.ended', hint: 'due.finishedHint' },
  none: { color: 'gray.7', variant: 'outline', label: 'due.none', hint: 'due.none' },
};

/** Re-renders every `intervalMs` so due colours follow the clock while a page stays open. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The due time with its colour and, for colour-blind readers and screen readers, the word for it. */
export function DueBadge({ dossier, now, size = 'sm' }: { dossier: DueInput; now: Date; size?: 'xs' | 'sm' | 'md' }) {
  const t = useDeskT();
  const { language } = useLanguage();
  const tone = classifyDue(dossier, now);
  const style = dueToneStyles[tone];
  return (
    <Group gap={6} wrap="nowrap" data-testid="due-badge" data-tone={tone} title={t(style.hint)}>
      <Badge color={style.color} variant={style.variant} tt="none" radius="sm" size={size} style={{ flex: 'none' }}>
        {t(style.label)}
      </Badge>
      {dossier.dueAt && (
        <Text
          span
          size={size === 'md' ? 'sm' : 'xs'}
          fw={tone === 'late' || tone === 'today' ? 600 : 400}
          c="dark.6"
          style={{ whiteSpace: 'nowrap' }}
        >
          {formatDateTime(dossier.dueAt, language)}
        </Text>
      )}
    </Group>
  );
}

/** The colours explained, under the queue. */
export function DueLegend() {
  const t = useDeskT();
  const tones: DueTone[] = ['late', 'today', 'on_time', 'paused'];
  return (
    <Group
      gap="md"
      wrap="wrap"
      component="ul"
      className="desk-legend"
      aria-label={t('due.legend')}
      data-testid="due-legend"
    >
      {tones.map((tone) => {
        const style = dueToneStyles[tone];
        return (
          <Group component="li" key={tone} gap={6} wrap="nowrap">
            <Badge color={style.color} variant={style.variant} tt="none" radius="sm" size="sm">
              {t(style.label)}
            </Badge>
            <Text span size="xs" c="dimmed">
              {t(style.hint)}
            </Text>
          </Group>
        );
      })}
    </Group>
  );
}
