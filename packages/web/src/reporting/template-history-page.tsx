import { Badge, Box, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDateTime, formatNumber } from '../app/format';
import { type Language, useLanguage } from '../app/i18n';
import { PageLoader } from '../app/shell';
import { useDocumentTitle } from '../app/use-document-title';
import { type RevisionIndicator, reportingApi, reportingKeys, type TemplateRevision } from './api';
import { A } from './catalogue-admin';
import { L, periodKinds } from './labels';
import { ReportingPage } from './layout';

/** The history page's own words. */
const H = {
  title: { vi: 'Lịch sử mẫu báo cáo', en: 'Template history' },
  back: { vi: 'Về chỉ tiêu và mẫu báo cáo', en: 'Back to indicators and templates' },
  revisions: { vi: 'Các phiên bản', en: 'Revisions' },
  current: { vi: 'đang áp dụng', en: 'in use' },
  appliesTo: { vi: 'Áp dụng cho kỳ', en: 'Applies to periods' },
  reports: { vi: 'Số báo cáo', en: 'Reports' },
  savedBy: { vi: 'Người lập', en: 'Saved by' },
  savedAt: { vi: 'Thời điểm lập', en: 'Saved at' },
  open: { vi: 'Xem phiên bản', en: 'Open revision' },
  from: { vi: 'Từ kỳ', en: 'From' },
  fromNow: { vi: 'Các kỳ báo cáo mở từ nay', en: 'Reports opened from now on' },
  unused: { vi: 'Không có báo cáo nào dùng phiên bản này', en: 'No report was made on this revision' },
  revision: { vi: 'Phiên bản', en: 'Revision' },
  changes: { vi: 'Thay đổi so với phiên bản', en: 'Changes from revision' },
  changesTitle: { vi: 'Thay đổi', en: 'Changes' },
  firstRevision: { vi: 'Phiên bản đầu tiên của mẫu báo cáo.', en: 'The template’s first revision.' },
  noChange: {
    vi: 'Không thay đổi chỉ tiêu, kỳ hay hạn gửi (mẫu được lưu lại như cũ).',
    en: 'No change of indicators, period or deadline (the template was saved again as it was).',
  },
  renamed: { vi: 'Đổi tên mẫu', en: 'Renamed' },
  periodKind: { vi: 'Đổi loại kỳ', en: 'Period kind changed' },
  deadline: { vi: 'Đổi hạn gửi', en: 'Deadline changed' },
  workingDays: { vi: 'ngày làm việc', en: 'working days' },
  added: { vi: 'Thêm chỉ tiêu', en: 'Indicator added' },
  removed: { vi: 'Bỏ chỉ tiêu', en: 'Indicator removed' },
  nowRequired: { vi: 'Chuyển thành bắt buộc', en: 'Now required' },
  nowOptional: { vi: 'Chuyển thành không bắt buộc', en: 'Now optional' },
  range: { vi: 'Đổi khoảng hợp lệ', en: 'Valid range changed' },
  reordered: { vi: 'Sắp xếp lại thứ tự chỉ tiêu', en: 'Indicators reordered' },
  indicatorsThen: {
    vi: 'Chỉ tiêu của phiên bản (đơn vị, khoảng hợp lệ như khi lập phiên bản)',
    en: 'The revision’s indicators (unit and valid range as when it was saved)',
  },
  optional: { vi: 'không bắt buộc', en: 'optional' },
  notFound: { vi: 'Không có mẫu báo cáo này.', en: 'No such template.' },
} as const;

const rangeText = (r: { min: number | null; max: number | null }, language: Language) =>
  r.min === null && r.max === null
    ? '—'
    : `${r.min === null ? '…' : formatNumber(r.min, language)} – ${r.max === null ? '…' : formatNumber(r.max, language)}`;

/** The periods reported on the revision (or why none); `labelled` prefixes "Áp dụng cho kỳ:" (the phone's list). */
function Applies({ r, labelled = false }: { r: TemplateRevision; labelled?: boolean }) {
  const { pick } = useLanguage();
  const prefix = labelled ? `${pick(H.appliesTo)}: ` : '';
  if (r.firstPeriod && r.lastPeriod) {
    const first = pick(r.firstPeriod.label);
    const last = pick(r.lastPeriod.label);
    return <Text size="sm">{`${prefix}${first === last ? first : `${first} – ${last}`}`}</Text>;
  }
  return (
    <Text size="sm" c="dimmed">
      {`${prefix}${pick(r.latest ? H.fromNow : H.unused)}`}
    </Text>
  );
}

function Changes({ r, previous }: { r: TemplateRevision; previous: TemplateRevision | undefined }) {
  const { pick, language } = useLanguage();
  const name = (i: RevisionIndicator) => `${i.code} · ${language === 'vi' ? i.nameVi : i.nameEn}`;
  if (!previous) return <Text>{pick(H.firstRevision)}</Text>;
  const c = r.changes;
  const lines: { key: string; kind: 'added' | 'removed' | 'changed'; label: string; detail: string }[] = [];
  if (c.name)
    lines.push({
      key: 'name',
      kind: 'changed',
      label: pick(H.renamed),
      detail: `${pick(c.name.from)} → ${pick(c.name.to)}`,
    });
  if (c.periodKind)
    lines.push({
      key: 'kind',
      kind: 'changed',
      label: pick(H.periodKind),
      detail: `${pick(periodKinds[c.periodKind.from])} → ${pick(periodKinds[c.periodKind.to])}`,
    });
  if (c.deadlineWorkingDays)
    lines.push({
      key: 'deadline',
      kind: 'changed',
      label: pick(H.deadline),
      detail: `${c.deadlineWorkingDays.from} → ${c.deadlineWorkingDays.to} ${pick(H.workingDays)}`,
    });
  for (const i of c.added) lines.push({ key: `a-${i.id}`, kind: 'added', label: pick(H.added), detail: name(i) });
  for (const i of c.removed) lines.push({ key: `r-${i.id}`, kind: 'removed', label: pick(H.removed), detail: name(i) });
  for (const x of c.required)
    lines.push({
      key: `q-${x.indicator.id}`,
      kind: 'changed',
      label: pick(x.to ? H.nowRequired : H.nowOptional),
      detail: name(x.indicator),
    });
  for (const x of c.range)
    lines.push({
      key: `g-${x.indicator.id}`,
      kind: 'changed',
      label: pick(H.range),
      detail: `${name(x.indicator)}: ${rangeText(x.from, language)} → ${rangeText(x.to, language)}`,
    });
  if (c.reordered) lines.push({ key: 'order', kind: 'changed', label: pick(H.reordered), detail: '' });
  if (lines.length === 0) return <Text>{pick(H.noChange)}</Text>;
  return (
    <List spacing={4} data-testid="revision-changes">
      {lines.map((l) => (
        <List.Item key={l.key} data-change={l.kind}>
          <Text size="sm">
            <Text span fw={700} size="sm">
              {l.detail ? `${l.label}:` : l.label}
            </Text>
            {l.detail ? ` ${l.detail}` : ''}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

function RevisionCard({
  r,
  previous,
  narrow,
}: {
  r: TemplateRevision;
  previous: TemplateRevision | undefined;
  narrow: boolean;
}) {
  const { pick, language } = useLanguage();
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="revision-heading">
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id="revision-heading">
            {`${pick(H.revision)} ${r.revision} — ${language === 'vi' ? r.nameVi : r.nameEn}`}
          </Title>
          {r.latest && (
            <Badge color="green" variant="light" tt="none" radius="sm">
              {pick(H.current)}
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {`${pick(L.periodKind)}: ${pick(periodKinds[r.periodKind])} · ${pick(L.deadline)}: ${r.deadlineWorkingDays} ${pick(H.workingDays)} · ${pick(H.savedBy)}: ${r.createdBy?.name ?? '—'} · ${formatDateTime(r.createdAt, language)}`}
        </Text>
        <Title order={3} size="h5">
          {previous ? `${pick(H.changes)} ${previous.revision}` : pick(H.changesTitle)}
        </Title>
        <Changes r={r} previous={previous} />
        <Title order={3} size="h5">
          {pick(H.indicatorsThen)}
        </Title>
        {narrow ? (
          <Stack gap={0} data-testid="revision-indicators">
            {r.indicators.map((i) => (
              <Box key={i.id} py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} data-row>
                <Text size="sm" fw={600}>{`${i.code} · ${language === 'vi' ? i.nameVi : i.nameEn}`}</Text>
                <Text size="sm">
                  {[
                    pick(i.required ? L.required : H.optional),
                    i.unit,
                    pick(A.valueTypes[i.valueType]),
                    `${pick(A.range)}: ${rangeText(i, language)}`,
                    i.automatic ? pick(L.automatic) : pick(L.manual),
                  ].join(' · ')}
                </Text>
              </Box>
            ))}
          </Stack>
        ) : (
          <div className="table-scroll">
            <Table striped data-testid="revision-indicators">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{pick(L.indicator)}</Table.Th>
                  <Table.Th>{pick(L.unit)}</Table.Th>
                  <Table.Th>{pick(A.valueType)}</Table.Th>
                  <Table.Th>{pick(A.range)}</Table.Th>
                  <Table.Th>{pick(L.source)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.indicators.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      <Text size="sm">{`${i.code} · ${language === 'vi' ? i.nameVi : i.nameEn}`}</Text>
                      <Text size="sm" c="dimmed">
                        {pick(i.required ? L.required : H.optional)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{i.unit}</Table.Td>
                    <Table.Td>{pick(A.valueTypes[i.valueType])}</Table.Td>
                    <Table.Td>{rangeText(i, language)}</Table.Td>
                    <Table.Td>{i.automatic ? pick(L.automatic) : pick(L.manual)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Stack>
    </Card>
  );
}

function History({ code, revision }: { code: string; revision: number | null }) {
  const { pick, language } = useLanguage();
  const query = useQuery({ queryKey: reportingKeys.revisions(code), queryFn: () => reportingApi.revisions(code) });
  const items = query.data?.items ?? [];
  const latest = items[0];
  useDocumentTitle(latest ? `${pick(H.title)} — ${code}` : pick(H.title));
  const selectedIndex = revision === null ? 0 : items.findIndex((r) => r.revision === revision);
  const selected = items[selectedIndex];
  const narrow = useMediaQuery('(max-width: 47.99em)') ?? false;
  const openButton = (r: TemplateRevision) => (
    <Button
      size="xs"
      variant="default"
      component={Link}
      to={`/bao-cao/danh-muc/mau/${encodeURIComponent(code)}/${r.revision}`}
      data-testid={`open-revision-${r.revision}`}
    >
      {`${pick(H.open)} ${r.revision}`}
    </Button>
  );
  const current = (
    <Badge color="green" variant="light" tt="none" radius="sm">
      {pick(H.current)}
    </Badge>
  );
  return (
    <Stack gap="md">
      <Text>
        <Link to="/bao-cao/danh-muc" className="mantine-Anchor-root">
          {pick(H.back)}
        </Link>
      </Text>
      <div>
        <Title order={1} size="h2">
          {pick(H.title)}
        </Title>
        {latest && <Text>{`${language === 'vi' ? latest.nameVi : latest.nameEn} (${code})`}</Text>}
      </div>
      {query.isPending && <PageLoader />}
      {query.isError && <ErrorAlert error={query.error} />}
      {items.length > 0 && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="revisions-heading">
          <Title order={2} size="h4" id="revisions-heading" mb="xs">
            {pick(H.revisions)}
          </Title>
          {narrow ? (
            <Stack gap={0} data-testid="revisions-table">
              {items.map((r) => (
                <Box
                  key={r.id}
                  py="xs"
                  style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
                  data-revision={r.revision}
                  aria-current={r === selected ? 'true' : undefined}
                >
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Group gap={6}>
                      <Text fw={700}>{`${pick(H.revision)} ${r.revision}`}</Text>
                      {r.latest && current}
                    </Group>
                    {openButton(r)}
                  </Group>
                  <Applies r={r} labelled />
                  <Text size="sm">
                    {`${pick(H.reports)}: ${r.reports} · ${r.createdBy?.name ?? '—'} · ${formatDateTime(r.createdAt, language)}`}
                  </Text>
                </Box>
              ))}
            </Stack>
          ) : (
            <div className="table-scroll">
              <Table striped data-testid="revisions-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{pick(H.revision)}</Table.Th>
                    <Table.Th>{pick(H.appliesTo)}</Table.Th>
                    <Table.Th>{pick(H.reports)}</Table.Th>
                    <Table.Th>{pick(H.savedBy)}</Table.Th>
                    <Table.Th>{pick(H.savedAt)}</Table.Th>
                    <Table.Th>{pick(L.view)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((r) => (
                    <Table.Tr key={r.id} data-revision={r.revision} aria-current={r === selected ? 'true' : undefined}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text fw={r === selected ? 700 : 400}>{r.revision}</Text>
                          {r.latest && current}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Applies r={r} />
                      </Table.Td>
                      <Table.Td>{r.reports}</Table.Td>
                      <Table.Td>{r.createdBy?.name ?? '—'}</Table.Td>
                      <Table.Td>{formatDateTime(r.createdAt, language)}</Table.Td>
                      <Table.Td>{openButton(r)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
        </Card>
      )}
      {query.isSuccess && !selected && <Text>{pick(H.notFound)}</Text>}
      {selected && <RevisionCard r={selected} previous={items[selectedIndex + 1]} narrow={narrow} />}
    </Stack>
  );
}

export default function TemplateHistoryPage() {
  const { code = '', revision } = useParams();
  const n = revision === undefined ? null : Number(revision);
  return (
    <ReportingPage>
      <History code={code} revision={n === null ? null : Number.isInteger(n) ? n : -1} />
    </ReportingPage>
  );
}
