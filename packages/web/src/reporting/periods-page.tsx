import { type ReportingPeriodKind, reportingPeriodKindLabels, reportingPeriodKinds } from '@congso/core';
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { ConflictOr } from './catalogue-admin';
import { dmy, L } from './labels';
import { ReportingPage } from './layout';
import { type CalendarPeriod, type PeriodCalendar, type PeriodRule, periodsApi, periodsKey } from './periods-api';

/** The reporting periods' own words. */
export const K = {
  title: { vi: 'Kỳ báo cáo', en: 'Reporting periods' },
  intro: {
    vi: 'Thời gian chốt số liệu theo Nghị định 09/2019/NĐ-CP: từ ngày 15 của tháng trước kỳ đến ngày 14 của tháng cuối kỳ. Tỉnh có thể đổi ngày chốt từ một kỳ trở đi và điều chỉnh riêng một kỳ (thời gian chốt, hạn nộp); các báo cáo của kỳ được cập nhật hạn nộp ngay.',
    en: 'Cut-off windows of Decree 09/2019/NĐ-CP: from the 15th of the month before the period to the 14th of its last month. The province may move the cut-off day from a period on and set one period apart (its window, its deadline); the reports of the period get the new deadline at once.',
  },
  window: { vi: 'Chốt số liệu', en: 'Cut-off window' },
  deadlines: { vi: 'Hạn nộp theo mẫu', en: 'Deadline per template' },
  noTemplate: { vi: 'Chưa có mẫu báo cáo loại kỳ này.', en: 'No template of this kind yet.' },
  current: { vi: 'Kỳ hiện tại', en: 'Current' },
  closed: { vi: 'Đã chốt', en: 'Closed' },
  adjusted: { vi: 'Điều chỉnh', en: 'Adjusted' },
  rule: { vi: 'Quy tắc', en: 'Rule' },
  decreeRule: {
    vi: 'Chốt số liệu đến ngày 14 của tháng cuối kỳ (Nghị định 09/2019/NĐ-CP).',
    en: 'Figures up to the 14th of the period’s last month (Decree 09/2019/NĐ-CP).',
  },
  ruleLine: {
    vi: 'Từ kỳ {from}: chốt số liệu đến {day} của tháng cuối kỳ.',
    en: 'From {from}: figures up to {day} of the period’s last month.',
  },
  lastDay: { vi: 'ngày cuối', en: 'the last day' },
  dayN: { vi: 'ngày {n}', en: 'day {n}' },
  changeRule: { vi: 'Đổi ngày chốt số liệu', en: 'Change the cut-off day' },
  removeRule: { vi: 'Bỏ quy tắc từ kỳ {from}', en: 'Remove the rule from {from}' },
  fromPeriod: { vi: 'Áp dụng từ kỳ', en: 'From the period' },
  cutoffDay: { vi: 'Ngày chốt số liệu trong tháng cuối kỳ', en: 'Cut-off day of the period’s last month' },
  cutoffDayHint: {
    vi: '1 đến 31; 31 là ngày cuối tháng (tháng ngắn hơn lấy ngày cuối tháng).',
    en: '1 to 31; 31 is the last day (a shorter month takes its last day).',
  },
  note: { vi: 'Căn cứ, ghi chú', en: 'Basis, note' },
  adjust: { vi: 'Điều chỉnh kỳ', en: 'Adjust the period' },
  adjustTitle: { vi: 'Điều chỉnh {period}', en: 'Adjust {period}' },
  removeAdjust: { vi: 'Bỏ điều chỉnh', en: 'Remove the adjustment' },
  adjustHint: {
    vi: 'Để trống ô nào thì giữ theo quy tắc. Hạn nộp điều chỉnh thay cho hạn của mọi mẫu báo cáo trong kỳ.',
    en: 'An empty field keeps the rule’s value. An adjusted deadline replaces every template’s deadline for the period.',
  },
  from: { vi: 'Từ ngày', en: 'From' },
  to: { vi: 'Đến ngày', en: 'To' },
  deadline: { vi: 'Hạn nộp', en: 'Deadline' },
  reason: { vi: 'Lý do điều chỉnh', en: 'Reason for the adjustment' },
  save: { vi: 'Lưu', en: 'Save' },
  moved: {
    vi: 'Đã lưu; hạn nộp của {n} báo cáo được cập nhật.',
    en: 'Saved; {n} reports got their new deadline.',
  },
  previousYear: { vi: 'Năm trước', en: 'Previous year' },
  nextYear: { vi: 'Năm sau', en: 'Next year' },
} as const;

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

function dayText(day: number, pick: (t: { vi: string; en: string }) => string) {
  return day >= 31 ? pick(K.lastDay) : fill(pick(K.dayN), { n: day });
}

function RuleForm({
  kind,
  calendar,
  onDone,
}: {
  kind: ReportingPeriodKind;
  calendar: PeriodCalendar;
  onDone: (moved: number) => void;
}) {
  const { pick } = useLanguage();
  const client = useQueryClient();
  // The periods a rule may start from: this year's and next year's not yet closed.
  const nextYear = useQuery({
    queryKey: periodsKey(calendar.year + 1),
    queryFn: () => periodsApi.calendar(calendar.year + 1),
  });
  const choices = [
    ...(calendar.kinds.find((k) => k.kind === kind)?.periods ?? []),
    ...(nextYear.data?.kinds.find((k) => k.kind === kind)?.periods ?? []),
  ].filter((p) => !p.closed);
  const [from, setFrom] = useState<string | null>(null);
  const [day, setDay] = useState<number | string>(31);
  const [note, setNote] = useState('');
  const existing = calendar.rules.find((r) => r.kind === kind && r.fromPeriodKey === from);
  const save = useMutation({
    mutationFn: () =>
      periodsApi.saveRule(kind, from ?? '', {
        cutoffEndDay: Number(day),
        note: note.trim() || null,
        version: existing?.version ?? 0,
      }),
    onSuccess: (out) => {
      client.invalidateQueries({ queryKey: ['reporting'] });
      onDone(out.movedReports);
    },
    onError: (error) => {
      if (isApiError(error, 'VERSION_CONFLICT')) client.invalidateQueries({ queryKey: ['reporting', 'periods'] });
    },
  });
  return (
    <Stack gap="sm" data-testid="period-rule-form">
      {save.isError && <ConflictOr error={save.error} />}
      <Select
        label={pick(K.fromPeriod)}
        required
        data={choices.map((p) => ({ value: p.key, label: `${pick(p.label)} (${p.key})` }))}
        value={from}
        onChange={setFrom}
        searchable
        data-testid="period-rule-from"
      />
      <NumberInput
        label={pick(K.cutoffDay)}
        description={pick(K.cutoffDayHint)}
        required
        min={1}
        max={31}
        allowDecimal={false}
        value={day}
        onChange={setDay}
        data-testid="period-rule-day"
      />
      <Textarea label={pick(K.note)} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize />
      <Group justify="flex-end">
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!from} data-testid="period-rule-save">
          {pick(K.save)}
        </Button>
      </Group>
    </Stack>
  );
}

function OverrideForm({ period, onDone }: { period: CalendarPeriod; onDone: (moved: number) => void }) {
  const { pick } = useLanguage();
  const client = useQueryClient();
  const o = period.override;
  const [start, setStart] = useState(o?.cutoffStart ?? '');
  const [end, setEnd] = useState(o?.cutoffEnd ?? '');
  const [deadline, setDeadline] = useState(o?.deadline ?? '');
  const [reason, setReason] = useState(o?.reason ?? '');
  const save = useMutation({
    mutationFn: () =>
      periodsApi.saveOverride(period.kind, period.key, {
        cutoffStart: start || null,
        cutoffEnd: end || null,
        deadline: deadline || null,
        reason,
        version: o?.version ?? 0,
      }),
    onSuccess: (out) => {
      client.invalidateQueries({ queryKey: ['reporting'] });
      onDone(out.movedReports);
    },
    onError: (error) => {
      if (isApiError(error, 'VERSION_CONFLICT')) client.invalidateQueries({ queryKey: ['reporting', 'periods'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => periodsApi.deleteOverride(period.kind, period.key, o?.version ?? 0),
    onSuccess: (out) => {
      client.invalidateQueries({ queryKey: ['reporting'] });
      onDone(out.movedReports);
    },
  });
  return (
    <Stack gap="sm" data-testid="period-override-form">
      <Text size="sm" c="dimmed">
        {pick(K.adjustHint)}
      </Text>
      <Text size="sm" data-testid="period-override-current">
        {`${pick(K.window)}: ${dmy(period.cutoffStart)} – ${dmy(period.cutoffEnd)}`}
      </Text>
      {save.isError && <ConflictOr error={save.error} />}
      {remove.isError && <ConflictOr error={remove.error} />}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          type="date"
          label={pick(K.from)}
          value={start}
          onChange={(e) => setStart(e.currentTarget.value)}
          data-testid="period-override-start"
        />
        <TextInput
          type="date"
          label={pick(K.to)}
          value={end}
          onChange={(e) => setEnd(e.currentTarget.value)}
          data-testid="period-override-end"
        />
        <TextInput
          type="date"
          label={pick(K.deadline)}
          value={deadline}
          onChange={(e) => setDeadline(e.currentTarget.value)}
          data-testid="period-override-deadline"
        />
      </SimpleGrid>
      <Textarea
        label={pick(K.reason)}
        required
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        autosize
        data-testid="period-override-reason"
      />
      <Group justify="space-between">
        {o ? (
          <Button
            variant="subtle"
            color="red"
            onClick={() => remove.mutate()}
            loading={remove.isPending}
            data-testid="period-override-remove"
          >
            {pick(K.removeAdjust)}
          </Button>
        ) : (
          <span />
        )}
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="period-override-save">
          {pick(K.save)}
        </Button>
      </Group>
    </Stack>
  );
}

function RuleLines({ kind, rules, manage }: { kind: ReportingPeriodKind; rules: PeriodRule[]; manage: boolean }) {
  const { pick } = useLanguage();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: (r: PeriodRule) => periodsApi.deleteRule(r.kind, r.fromPeriodKey, r.version),
    onSuccess: () => client.invalidateQueries({ queryKey: ['reporting'] }),
  });
  const own = rules.filter((r) => r.kind === kind);
  return (
    <Stack gap={4} data-testid="period-rules">
      <Text size="sm">{pick(K.decreeRule)}</Text>
      {remove.isError && <ConflictOr error={remove.error} />}
      {own.map((r) => (
        <Group key={r.fromPeriodKey} gap="xs" wrap="nowrap" data-testid="period-rule">
          <Text size="sm" fw={600}>
            {fill(pick(K.ruleLine), { from: r.fromPeriodKey, day: dayText(r.cutoffEndDay, pick) })}
            {r.note ? ` ${r.note}` : ''}
          </Text>
          {manage && (
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={fill(pick(K.removeRule), { from: r.fromPeriodKey })}
              onClick={() => remove.mutate(r)}
              loading={remove.isPending}
            >
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
    </Stack>
  );
}

function PeriodName({ period: p }: { period: CalendarPeriod }) {
  const { pick } = useLanguage();
  return (
    <div>
      <Text size="sm" fw={600}>
        {pick(p.label)}
      </Text>
      <Group gap={4}>
        {p.current && (
          <Badge size="sm" variant="light" color="blue" tt="none">
            {pick(K.current)}
          </Badge>
        )}
        {p.closed && (
          <Badge size="sm" variant="light" color="gray" tt="none">
            {pick(K.closed)}
          </Badge>
        )}
      </Group>
    </div>
  );
}

function PeriodWindow({ period: p }: { period: CalendarPeriod }) {
  const { pick } = useLanguage();
  return (
    <>
      <Text size="sm" data-testid="period-window">{`${dmy(p.cutoffStart)} – ${dmy(p.cutoffEnd)}`}</Text>
      {p.override && (
        <Text size="xs" c="orange.9" data-testid="period-adjustment">
          {`${pick(K.adjusted)}: ${p.override.reason}`}
        </Text>
      )}
    </>
  );
}

function PeriodDeadlines({ period: p }: { period: CalendarPeriod }) {
  const { pick } = useLanguage();
  if (p.deadlines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {pick(K.noTemplate)}
      </Text>
    );
  }
  return (
    <>
      {p.deadlines.map((d) => (
        <Text size="sm" key={d.templateCode} data-testid="period-deadline">
          {`${pick(d.templateName)}: ${dmy(d.deadline)}`}
        </Text>
      ))}
    </>
  );
}

function AdjustButton({ onClick }: { onClick: () => void }) {
  const { pick } = useLanguage();
  return (
    <Button size="xs" variant="default" onClick={onClick} data-testid="period-adjust" style={{ flexShrink: 0 }}>
      {pick(K.adjust)}
    </Button>
  );
}

function Periods() {
  const { pick, language } = useLanguage();
  const { t } = useTranslation();
  useDocumentTitle(pick(K.title));
  const [year, setYear] = useState(() => Number(new Date().toISOString().slice(0, 4)));
  const [kind, setKind] = useState<ReportingPeriodKind>('month');
  const [ruleOpen, setRuleOpen] = useState(false);
  const [adjusting, setAdjusting] = useState<CalendarPeriod | null>(null);
  const [moved, setMoved] = useState<number | null>(null);
  const query = useQuery({ queryKey: periodsKey(year), queryFn: () => periodsApi.calendar(year) });
  const data = query.data;
  const periods = data?.kinds.find((k) => k.kind === kind)?.periods ?? [];
  const done = (n: number) => {
    setRuleOpen(false);
    setAdjusting(null);
    setMoved(n);
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {`${pick(K.title)} ${year}`}
        </Title>
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={() => setYear(year - 1)} data-testid="periods-year-previous">
            {pick(K.previousYear)}
          </Button>
          <Button variant="default" size="xs" onClick={() => setYear(year + 1)} data-testid="periods-year-next">
            {pick(K.nextYear)}
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {pick(K.intro)}
      </Text>
      {moved !== null && (
        <Alert
          color="green"
          withCloseButton
          closeButtonLabel={t('app.common.close')}
          onClose={() => setMoved(null)}
          data-testid="periods-saved"
        >
          {fill(pick(K.moved), { n: moved })}
        </Alert>
      )}
      {query.isError && <ErrorAlert error={query.error} />}
      {/* Five kinds do not fit a phone's width: the control scrolls sideways there. */}
      <div className="table-scroll">
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as ReportingPeriodKind)}
          aria-label={pick(L.period)}
          data={reportingPeriodKinds.map((k) => ({ value: k, label: reportingPeriodKindLabels[k][language] }))}
          data-testid="periods-kind"
        />
      </div>
      {data && (
        <Card withBorder radius="md" padding="md">
          <Group justify="space-between" align="flex-start" wrap="wrap" mb="sm">
            <RuleLines kind={kind} rules={data.rules} manage={data.manage} />
            {data.manage && (
              <Button variant="light" onClick={() => setRuleOpen(true)} data-testid="period-rule-open">
                {pick(K.changeRule)}
              </Button>
            )}
          </Group>
          <Box className="table-scroll" visibleFrom="sm">
            <Table striped data-testid="periods-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{pick(L.period)}</Table.Th>
                  <Table.Th>{pick(K.window)}</Table.Th>
                  <Table.Th>{pick(K.deadlines)}</Table.Th>
                  {data.manage && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {periods.map((p) => (
                  <Table.Tr key={p.key} data-testid="period-row" data-key={p.key}>
                    <Table.Td>
                      <PeriodName period={p} />
                    </Table.Td>
                    <Table.Td>
                      <PeriodWindow period={p} />
                    </Table.Td>
                    <Table.Td>
                      <PeriodDeadlines period={p} />
                    </Table.Td>
                    {data.manage && (
                      <Table.Td>
                        <AdjustButton onClick={() => setAdjusting(p)} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
          {/* On a phone: one card per period, the same facts one under the other. */}
          <Stack gap="xs" hiddenFrom="sm" data-testid="periods-cards">
            {periods.map((p) => (
              <Card key={p.key} withBorder radius="sm" padding="sm" data-testid="period-card" data-key={p.key}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <PeriodName period={p} />
                  {data.manage && <AdjustButton onClick={() => setAdjusting(p)} />}
                </Group>
                <Text size="xs" c="dimmed" mt={6}>
                  {pick(K.window)}
                </Text>
                <PeriodWindow period={p} />
                <Text size="xs" c="dimmed" mt={6}>
                  {pick(K.deadlines)}
                </Text>
                <PeriodDeadlines period={p} />
              </Card>
            ))}
          </Stack>
        </Card>
      )}
      <Modal opened={ruleOpen} onClose={() => setRuleOpen(false)} title={pick(K.changeRule)}>
        {ruleOpen && data && <RuleForm kind={kind} calendar={data} onDone={done} />}
      </Modal>
      <Modal
        opened={adjusting !== null}
        onClose={() => setAdjusting(null)}
        title={adjusting ? fill(pick(K.adjustTitle), { period: pick(adjusting.label) }) : ''}
        size="lg"
      >
        {adjusting && <OverrideForm period={adjusting} onDone={done} />}
      </Modal>
    </Stack>
  );
}

export default function PeriodsPage() {
  return (
    <ReportingPage>
      <Periods />
    </ReportingPage>
  );
}
