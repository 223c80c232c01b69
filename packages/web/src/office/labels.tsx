import {
  type AssignmentLevel,
  assignmentLevelLabels,
  documentTypeOf,
  type IncomingAction,
  type IncomingStatus,
  incomingActionLabels,
  incomingStatusLabels,
  type OutgoingAction,
  type OutgoingStatus,
  outgoingActionLabels,
  outgoingStatusLabels,
  priorityLabels,
} from '@congso/core';
import { Badge } from '@mantine/core';
import { useLanguage } from '../app/i18n';
import type { Direction, DocumentSummary } from './api';
import { useOfficeT } from './i18n';

/** Labels from @congso/core in the current language. */
export function useOfficeLabels() {
  const { pick } = useLanguage();
  const t = useOfficeT();
  return {
    status: (direction: Direction, status: string) =>
      pick(
        direction === 'incoming'
          ? incomingStatusLabels[status as IncomingStatus]
          : outgoingStatusLabels[status as OutgoingStatus],
      ) || status,
    action: (direction: Direction, action: string) => {
      if (action === 'register' || action === 'create') return t(`event.${action}`);
      return (
        pick(
          direction === 'incoming'
            ? incomingActionLabels[action as IncomingAction]
            : outgoingActionLabels[action as OutgoingAction],
        ) || action
      );
    },
    type: (code: string) => pick(documentTypeOf(code)?.name) || code,
    priority: (priority: number) => pick(priorityLabels[priority as keyof typeof priorityLabels]) || String(priority),
    level: (level: AssignmentLevel) => pick(assignmentLevelLabels[level]) || level,
  };
}

/** How a document is named in links and titles: its number and notation, else its type and subject. */
export function documentName(doc: Pick<DocumentSummary, 'notation' | 'subject'>): string {
  return doc.notation ?? doc.subject;
}

const statusColors: Record<string, string> = {
  registered: 'blue',
  assigned: 'indigo',
  handling: 'cyan',
  done: 'teal',
  draft: 'gray',
  in_review: 'yellow',
  approved: 'indigo',
  signed: 'grape',
  issued: 'teal',
  sent: 'green',
};

const finalStatuses = new Set(['done', 'sent']);

export function DocumentStatusBadge({
  direction,
  status,
  size = 'sm',
}: {
  direction: Direction;
  status: string;
  size?: 'xs' | 'sm' | 'md';
}) {
  const labels = useOfficeLabels();
  return (
    <Badge
      color={statusColors[status] ?? 'gray'}
      variant={finalStatuses.has(status) ? 'outline' : 'light'}
      // An outline badge's text is the colour's shade 8, which reaches 4.5:1 on white but not on a striped row's
      // gray-1 (teal 4.44, green 4.47): its own white background keeps it readable in any row.
      bg={finalStatuses.has(status) ? 'white' : undefined}
      tt="none"
      radius="sm"
      size={size}
      data-testid="document-status"
      data-status={status}
    >
      {labels.status(direction, status)}
    </Badge>
  );
}

/** The priority when it is not the normal one (khẩn, thượng khẩn, hỏa tốc), in red. */
export function PriorityBadge({ priority }: { priority: number }) {
  const labels = useOfficeLabels();
  if (!priority) return null;
  return (
    <Badge color="red.8" variant="filled" tt="none" radius="sm" size="xs" data-testid="priority">
      {labels.priority(priority)}
    </Badge>
  );
}
