import { type DossierStatus, dossierStatusInfo, type RequiredDocument } from '@congso/core';
import { Badge } from '@mantine/core';
import type { Language } from '../app/i18n';
import { useLanguage } from '../app/i18n';

const statusColors: Record<DossierStatus, string> = {
  receiving: 'blue',
  received: 'cyan',
  denied: 'red',
  processing: 'indigo',
  waiting_supplement: 'orange',
  waiting_payment: 'yellow',
  withdrawn: 'gray',
  stopped: 'red',
  processed: 'teal',
  returned: 'green',
};

/** The national status label (DVCQG `TrangThaiHoSo`) as a badge. */
export function StatusBadge({ status, size = 'md' }: { status: DossierStatus; size?: 'sm' | 'md' | 'lg' }) {
  const { pick } = useLanguage();
  const info = dossierStatusInfo[status];
  return (
    <Badge
      color={statusColors[status] ?? 'gray'}
      variant="light"
      tt="none"
      radius="sm"
      size={size}
      data-testid="dossier-status"
      data-status={status}
      style={{ whiteSpace: 'normal', height: 'auto', minHeight: 'var(--badge-height)', textAlign: 'left' }}
    >
      {info ? pick(info.labels) : status}
    </Badge>
  );
}

const instantFormats = new Map<Language, Intl.DateTimeFormat>();

/** An instant in Vietnam's time: "09:07, 05/03/2026" / "5 Mar 2026, 09:07". */
export function formatInstant(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  let format = instantFormats.get(language);
  if (!format) {
    format =
      language === 'vi'
        ? new Intl.DateTimeFormat('vi-VN', {
            hour: '2-digit',
            minute: '2-digit',
            day: '2-digit',
            month: '2-digit',
            year: 'numeric',
            hourCycle: 'h23',
            timeZone: 'Asia/Ho_Chi_Minh',
          })
        : new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' });
    instantFormats.set(language, format);
  }
  if (language !== 'vi') return format.format(date);
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.hour}:${parts.minute}, ${parts.day}/${parts.month}/${parts.year}`;
}

const sizeFormats = new Map<Language, Intl.NumberFormat>();

/** 350 KB / 2,4 MB */
export function formatBytes(bytes: number, language: Language): string {
  let format = sizeFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
    sizeFormats.set(language, format);
  }
  if (bytes < 1024) return `${format.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${format.format(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${format.format(bytes / (1024 * 1024))} MB`;
}

export interface IndexedDocument {
  document: RequiredDocument;
  /** Position in the procedure's `requiredDocuments` (what the API calls `index`). */
  index: number;
}

/** Groups in the order published; within a group the required items first (stable): as the procedure page. */
export function groupDocuments(documents: readonly RequiredDocument[]): [string, IndexedDocument[]][] {
  const groups = new Map<string, IndexedDocument[]>();
  documents.forEach((document, index) => {
    const key = document.group?.trim() ?? '';
    groups.set(key, [...(groups.get(key) ?? []), { document, index }]);
  });
  return [...groups.entries()].map(([group, items]) => [
    group,
    [...items].sort((a, b) => Number(b.document.mandatory) - Number(a.document.mandatory)),
  ]);
}
