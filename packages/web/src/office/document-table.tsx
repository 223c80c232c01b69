import { Anchor, Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDate, formatDateTime, formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import type { Direction, DocumentSummary } from './api';
import { useOfficeT } from './i18n';
import { DocumentStatusBadge, PriorityBadge, useOfficeLabels } from './labels';
import { TableScroll } from './scroll';

export const documentPath = (doc: Pick<DocumentSummary, 'direction' | 'id'>) =>
  `/van-ban/${doc.direction === 'incoming' ? 'den' : 'di'}/${doc.id}`;

/** The due cell of an incoming document: the deadline, in red when overdue. */
export function DueCell({ doc }: { doc: DocumentSummary }) {
  const t = useOfficeT();
  const { language } = useLanguage();
  if (doc.direction !== 'incoming') return null;
  if (!doc.dueAt) {
    return (
      <Text size="xs" c="dimmed">
        {t('list.noDue')}
      </Text>
    );
  }
  return (
    <Stack gap={2} align="flex-start">
      <Text
        size="xs"
        style={{ whiteSpace: 'nowrap' }}
        c={doc.overdue ? 'red.8' : undefined}
        fw={doc.overdue ? 600 : 400}
      >
        {formatDateTime(doc.dueAt, language)}
      </Text>
      {doc.overdue && (
        <Badge color="red.8" variant="filled" size="xs" tt="none" radius="sm" data-testid="overdue">
          {doc.overdueWorkingDays > 0
            ? t('list.overdueDays', { count: doc.overdueWorkingDays })
            : t('list.overdueBadge')}
        </Badge>
      )}
    </Stack>
  );
}

/**
 * A table of documents (a queue, a work file's documents, search results): number, notation and subject,
 * issuer, holder or date, due, status. `extra` adds a last cell per row (a button).
 */
export function DocumentTable({
  items,
  direction,
  label,
  empty,
  busy,
  extra,
  testId = 'document-table',
}: {
  items: DocumentSummary[];
  /** One direction's columns; undefined: both (search results). */
  direction?: Direction;
  label: string;
  empty: ReactNode;
  busy?: boolean;
  extra?: { header: string; cell: (doc: DocumentSummary) => ReactNode };
  testId?: string;
}) {
  const t = useOfficeT();
  const { t: tt } = useTranslation();
  const labels = useOfficeLabels();
  const { language } = useLanguage();
  const navigate = useNavigate();
  const incoming = direction === 'incoming';
  const columns = 6 + (extra ? 1 : 0);
  return (
    <Card withBorder radius="md" padding={0}>
      <TableScroll minWidth={960} label={label}>
        <Table
          striped
          highlightOnHover
          verticalSpacing={6}
          horizontalSpacing="sm"
          aria-label={label}
          aria-busy={busy}
          layout="fixed"
          className="desk-table"
          data-testid={testId}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={incoming ? 90 : 120}>
                {incoming ? t('list.arrival') : direction ? t('list.notation') : t('search.direction')}
              </Table.Th>
              <Table.Th scope="col">{t('list.subject')}</Table.Th>
              <Table.Th scope="col" w={190}>
                {t('list.organ')}
              </Table.Th>
              <Table.Th scope="col" w={160}>
                {incoming ? t('list.holder') : t('list.updated')}
              </Table.Th>
              <Table.Th scope="col" w={incoming ? 190 : 110}>
                {incoming ? t('list.due') : t('document.issuedDate')}
              </Table.Th>
              <Table.Th scope="col" w={130}>
                {t('list.status')}
              </Table.Th>
              {extra && (
                <Table.Th scope="col" w={120}>
                  {extra.header}
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((doc) => (
              <Table.Tr
                key={doc.id}
                data-testid="document-row"
                data-id={doc.id}
                data-overdue={doc.overdue ? 'true' : undefined}
                className={`desk-row${doc.overdue ? ' office-row-overdue' : ''}`}
                onClick={(event) => {
                  if ((event.target as HTMLElement).closest('a, button')) return;
                  navigate(documentPath(doc));
                }}
              >
                <Table.Td>
                  {doc.direction === 'incoming' && direction ? (
                    <Text size="sm" fw={600} className="congso-code">
                      {doc.number ?? tt('app.common.none')}
                    </Text>
                  ) : direction ? (
                    <Text size="sm" fw={600} className="congso-code">
                      {doc.notation ?? (
                        <Text span size="xs" c="dimmed" fw={400}>
                          {t('list.noNumber')}
                        </Text>
                      )}
                    </Text>
                  ) : (
                    <Text size="xs">{t(`direction.${doc.direction}`)}</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={documentPath(doc)}
                    size="sm"
                    className="office-subject"
                    lineClamp={2}
                    data-testid="document-link"
                  >
                    {doc.subject}
                  </Anchor>
                  <Group gap={6} mt={2}>
                    <Text size="xs" c="dimmed">
                      {labels.type(doc.typeCode)}
                      {doc.direction === 'incoming' && doc.notation ? ` ${doc.notation}` : ''}
                    </Text>
                    <PriorityBadge priority={doc.priority} />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {doc.organName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {incoming ? (
                    <Text size="sm">{doc.holderName ?? t('document.noHolder')}</Text>
                  ) : (
                    <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(doc.updatedAt, language)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {incoming ? (
                    <DueCell doc={doc} />
                  ) : (
                    <Text size="xs">
                      {doc.issuedDate ? formatDate(doc.issuedDate, language) : tt('app.common.none')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <DocumentStatusBadge direction={doc.direction} status={doc.status} size="xs" />
                </Table.Td>
                {extra && <Table.Td>{extra.cell(doc)}</Table.Td>}
              </Table.Tr>
            ))}
            {!busy && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={columns}>
                  <Text size="sm" c="dimmed" ta="center" py="lg" data-testid="documents-empty">
                    {empty}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Card>
  );
}

export function shownText(
  t: ReturnType<typeof useOfficeT>,
  language: 'vi' | 'en',
  page: number,
  size: number,
  total: number,
): string {
  if (total === 0) return '';
  return t('list.shown', {
    from: formatNumber((page - 1) * size + 1, language),
    to: formatNumber(Math.min(total, page * size), language),
    total: formatNumber(total, language),
  });
}
