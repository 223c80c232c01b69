import { Alert, Button, Card, Group, NumberInput, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type ApiError, isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { type Figure, type ReportDetail, reportFileUrl, reportingApi } from './api';
import { dmy, L } from './labels';
import { FileLink, ReportingPage, StatusBadge } from './layout';

type Draft = Record<string, string | number>;

const draftOf = (r: ReportDetail): Draft =>
  Object.fromEntries(r.rows.filter((x) => !x.indicator.automatic).map((x) => [x.indicator.id, x.value ?? '']));

function Change({ value }: { value: number | null }) {
  const { language } = useLanguage();
  if (value === null)
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  return <Text span>{`${value > 0 ? '+' : ''}${formatNumber(value, language)}%`}</Text>;
}

function Report({ id }: { id: string }) {
  const { pick, language } = useLanguage();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['reporting', 'report', id], queryFn: () => reportingApi.report(id) });
  const [draft, setDraft] = useState<Draft>({});
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState(false);
  const report = query.data;
  useDocumentTitle(report ? `${pick(report.templateName)} — ${pick(report.period.label)}` : pick(L.title));
  useEffect(() => {
    if (report) setDraft(draftOf(report));
  }, [report]);
  const act = useMutation({
    mutationFn: (action: ReportDetail['actions'][number]) => {
      const r = report as ReportDetail;
      const values =
        action === 'save' || action === 'submit'
          ? Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, { value: (v === '' ? null : v) as Figure }]))
          : undefined;
      return reportingApi.act(id, {
        action,
        version: r.version,
        ...(values ? { values } : {}),
        ...(action === 'return' ? { reason } : {}),
      });
    },
    onSuccess: (next, action) => {
      queryClient.setQueryData(['reporting', 'report', id], next);
      void queryClient.invalidateQueries({ queryKey: ['reporting', 'reports'] });
      setSaved(action === 'save');
      setReason('');
    },
  });
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (!report) return null;
  const problems = new Map<string, string>();
  if (isApiError(act.error, 'VALIDATION_FAILED')) {
    for (const d of ((act.error as ApiError).details ?? []) as {
      path: string;
      message?: { vi: string; en: string };
    }[]) {
      problems.set(d.path.replace(/^values\./, ''), d.message ? pick(d.message) : d.path);
    }
  }
  const figure = (v: Figure) => (v === null ? '—' : typeof v === 'number' ? formatNumber(v, language) : v);
  return (
    <Stack gap="md">
      <Text>
        <Link to="/bao-cao" className="mantine-Anchor-root">
          {pick(L.back)}
        </Link>
      </Text>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={1} size="h2">
          {pick(report.templateName)}
        </Title>
        <StatusBadge status={report.status} />
      </Group>
      <Text>
        {report.agencyName} — {pick(report.period.label)} ·{' '}
        {pick(L.cutoff).replace('{from}', dmy(report.period.cutoffStart)).replace('{to}', dmy(report.period.cutoffEnd))}{' '}
        · {pick(L.deadline)}: {dmy(report.deadline)}
      </Text>
      {report.period.adjustment && (
        <Text size="sm" c="orange.9" data-testid="report-period-adjustment">
          {`${pick(L.periodAdjusted)}: ${report.period.adjustment}`}
        </Text>
      )}
      {report.returnReason && report.status === 'returned' && (
        <Alert color="orange" title={pick(L.returnedBecause)} data-testid="return-reason">
          {report.returnReason}
        </Alert>
      )}
      <Group gap="md">
        <FileLink href={reportFileUrl(report.id, 'pdf')}>{pick(L.pdf)}</FileLink>
        <FileLink href={reportFileUrl(report.id, 'xlsx')}>{pick(L.xlsx)}</FileLink>
        {report.signed && <Text c="green.9">{pick(L.signed)}</Text>}
      </Group>
      <Card withBorder radius="md" padding="md">
        <div className="table-scroll">
          <Table striped data-testid="report-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{pick(L.indicator)}</Table.Th>
                <Table.Th>{pick(L.unit)}</Table.Th>
                <Table.Th>{pick(L.value)}</Table.Th>
                <Table.Th>{pick(L.previous)}</Table.Th>
                <Table.Th>{pick(L.change)}</Table.Th>
                <Table.Th>{pick(L.lastYear)}</Table.Th>
                <Table.Th>{pick(L.change)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rows.map((r) => {
                const name = language === 'vi' ? r.indicator.nameVi : r.indicator.nameEn;
                const editable = report.editable && !r.indicator.automatic;
                const error = problems.get(r.indicator.id);
                return (
                  <Table.Tr key={r.indicator.id}>
                    <Table.Td>
                      {name}
                      {r.indicator.automatic && <Text span c="dimmed" size="sm">{` (${pick(L.automatic)})`}</Text>}
                    </Table.Td>
                    <Table.Td>{r.indicator.unit}</Table.Td>
                    <Table.Td miw={140}>
                      {editable && r.indicator.valueType === 'text' && (
                        <Textarea
                          aria-label={name}
                          autosize
                          minRows={1}
                          value={String(draft[r.indicator.id] ?? '')}
                          onChange={(e) => setDraft({ ...draft, [r.indicator.id]: e.currentTarget.value })}
                          error={error}
                        />
                      )}
                      {editable && r.indicator.valueType !== 'text' && (
                        <NumberInput
                          aria-label={name}
                          required={r.indicator.required}
                          value={draft[r.indicator.id] ?? ''}
                          onChange={(v) => setDraft({ ...draft, [r.indicator.id]: v })}
                          decimalSeparator={language === 'vi' ? ',' : '.'}
                          allowDecimal={r.indicator.valueType !== 'integer'}
                          error={error}
                          data-testid={`value-${r.indicator.code}`}
                        />
                      )}
                      {!editable && <Text span>{figure(r.value)}</Text>}
                    </Table.Td>
                    <Table.Td>{figure(r.previous)}</Table.Td>
                    <Table.Td>
                      <Change value={r.changePrevious} />
                    </Table.Td>
                    <Table.Td>{figure(r.lastYear)}</Table.Td>
                    <Table.Td>
                      <Change value={r.changeLastYear} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      </Card>
      {act.isError && !isApiError(act.error, 'VALIDATION_FAILED') && <ErrorAlert error={act.error} />}
      {act.isError && isApiError(act.error, 'VALIDATION_FAILED') && (
        <Alert color="red" role="alert">
          {pick((act.error as ApiError).localized ?? { vi: 'Số liệu chưa hợp lệ.', en: 'Some figures are not valid.' })}
        </Alert>
      )}
      {saved && !act.isError && (
        <Text c="green.9" role="status">
          {pick(L.saved)}
        </Text>
      )}
      {report.actions.includes('return') && (
        <TextInput
          label={pick(L.reason)}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="return-reason-input"
        />
      )}
      <Group gap="sm">
        {report.actions.map((a) => (
          <Button
            key={a}
            variant={a === 'save' ? 'default' : a === 'return' ? 'outline' : 'filled'}
            color={a === 'return' ? 'orange' : undefined}
            loading={act.isPending && act.variables === a}
            onClick={() => act.mutate(a)}
            data-testid={`action-${a}`}
          >
            {pick(L[a])}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

export default function ReportPage() {
  const { id = '' } = useParams();
  return (
    <ReportingPage>
      <Report id={id} />
    </ReportingPage>
  );
}
