import { type MeasuredMetric, targetMetricLabels } from '@congso/core';
import { Anchor, Button, Card, Group, Modal, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { hasPermission, useMe } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { type Programme, reportingApi, reportingKeys } from './api';
import { A } from './catalogue-admin';
import { dmy, L } from './labels';
import { ReportingPage } from './layout';
import { P, ProjectForm, RankForm } from './programme-admin';

const projectStatusLabels = {
  proposed: { vi: 'Đề xuất', en: 'Proposed' },
  appraisal: { vi: 'Thẩm định', en: 'Appraisal' },
  design: { vi: 'Thiết kế', en: 'Design' },
  implementing: { vi: 'Triển khai', en: 'Implementing' },
  done: { vi: 'Hoàn thành', en: 'Done' },
} as const;

export const programmeQuery = { queryKey: reportingKeys.programme, queryFn: () => reportingApi.programme() };

type Target = Programme['projects'][number]['targets'][number];

const fmt = (v: number | null, language: 'vi' | 'en', noData: string) =>
  v === null ? noData : formatNumber(v, language);

/**
 * One target against its figure with a bar: a measured one "đo được 43,7 / mục tiêu 50 (tự động)" with the metric
 * named below, a typed-in one "đạt 40 / mục tiêu 96"; no figure yet: "chưa có số liệu / mục tiêu 80".
 */
function TargetLine({ t }: { t: Target }) {
  const { pick, language } = useLanguage();
  const reached = t.progress !== null && t.progress >= 100;
  const figure =
    t.actual === null
      ? pick(P.noData)
      : `${pick(t.automatic ? P.measured : P.reached)} ${formatNumber(t.actual, language)}`;
  const label = `${t.name}: ${figure} / ${pick(P.target).toLowerCase()} ${formatNumber(t.target, language)}`;
  return (
    <Stack gap={2} data-testid="target-line" data-metric={t.metric}>
      <Text size="sm">
        {label}
        {t.automatic ? ` (${pick(L.automatic)})` : ''}
      </Text>
      {t.automatic && (
        <Text size="xs" c="dimmed">
          {targetMetricLabels[t.metric][language]}
        </Text>
      )}
      <Progress value={t.progress ?? 0} aria-label={label} color={reached ? 'teal.8' : 'blue.8'} size="sm" />
    </Stack>
  );
}

export function ProgrammeSummaryCard({ withTargets = false }: { withTargets?: boolean }) {
  const { pick } = useLanguage();
  const query = useQuery(programmeQuery);
  const s = query.data?.summary;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="programme-summary"
      data-testid="programme-summary"
    >
      <Title order={2} size="h5" id="programme-summary">
        {pick(L.programme)}
      </Title>
      {query.isError && <ErrorAlert error={query.error} />}
      {s && (
        <>
          <Text fw={700} size="lg" mt={4}>
            {pick(s.text)}
          </Text>
          <Progress value={s.total ? (s.done / s.total) * 100 : 0} mt="xs" aria-label={pick(s.text)} color="teal.8" />
          {withTargets && query.data && <KeyTargets data={query.data} />}
          {withTargets && (
            <Anchor component={Link} to="/bao-cao/chuong-trinh" size="sm" mt="xs" display="block">
              {pick(L.programme)}
            </Anchor>
          )}
        </>
      )}
    </Card>
  );
}

/** The measured targets of projects not yet done (up to four): target vs the platform's figure. */
function KeyTargets({ data }: { data: Programme }) {
  const targets = data.projects
    .filter((p) => p.status !== 'done')
    .flatMap((p) => p.targets.filter((t) => t.automatic))
    .slice(0, 4);
  return (
    <Stack gap="xs" mt="sm" data-testid="programme-key-targets">
      {targets.map((t, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: two projects may name a target alike
        <TargetLine key={i} t={t} />
      ))}
    </Stack>
  );
}

/** The platform's measured figures of the year: what the targets are tracked against. */
function Figures({ data }: { data: Programme }) {
  const { pick, language } = useLanguage();
  const title = pick(P.figures).replace('{year}', String(data.year));
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="figures-heading">
      <Title order={2} size="h4" mb="xs" id="figures-heading">
        {title}
      </Title>
      <div className="table-scroll">
        <Table striped data-testid="measured-figures">
          <Table.Tbody>
            {(Object.keys(data.figures) as MeasuredMetric[]).map((m) => (
              <Table.Tr key={m} data-metric={m}>
                <Table.Td>{targetMetricLabels[m][language]}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt(data.figures[m], language, pick(P.noData))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Card>
  );
}

function Projects({ data, onEdit }: { data: Programme; onEdit: ((p: Programme['projects'][number]) => void) | null }) {
  const { pick, language } = useLanguage();
  return (
    <div className="table-scroll">
      <Table striped miw={960} data-testid="projects-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{pick(L.projects)}</Table.Th>
            <Table.Th>{pick(L.status)}</Table.Th>
            <Table.Th>{pick(L.owner)}</Table.Th>
            <Table.Th>{pick(L.budget)}</Table.Th>
            <Table.Th>{pick(L.dates)}</Table.Th>
            <Table.Th>{pick(L.targets)}</Table.Th>
            {onEdit && <Table.Th>{pick(A.edit)}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.projects.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Text fw={600}>{p.name}</Text>
                <Text c="dimmed" size="sm">
                  {p.code}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" fw={700} c={p.status === 'done' ? 'green.9' : 'blue.9'} data-testid="project-status">
                  {pick(projectStatusLabels[p.status])}
                </Text>
              </Table.Td>
              <Table.Td>{p.ownerAgencyName}</Table.Td>
              <Table.Td>{formatNumber(p.budgetVnd, language)}</Table.Td>
              <Table.Td>{`${dmy(p.startDate)} – ${dmy(p.endDate)}`}</Table.Td>
              <Table.Td style={{ minWidth: '16rem' }}>
                <Stack gap="xs">
                  {p.targets.map((t, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a project's targets have no id
                    <TargetLine key={i} t={t} />
                  ))}
                </Stack>
              </Table.Td>
              {onEdit && (
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => onEdit(p)}>
                    {`${pick(A.edit)} ${p.code}`}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function ProgrammeView() {
  const { pick, language } = useLanguage();
  useDocumentTitle(pick(L.programme));
  const query = useQuery(programmeQuery);
  const data = query.data;
  const me = useMe();
  const manage = hasPermission(me.data, 'reporting.manage');
  const [editing, setEditing] = useState<Programme['projects'][number] | 'new' | null>(null);
  const [ranking, setRanking] = useState(false);
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {pick(L.programme)}
        </Title>
        {manage && (
          <Group gap="xs">
            <Button onClick={() => setEditing('new')} data-testid="project-add">
              {pick(P.addProject)}
            </Button>
            <Button variant="default" onClick={() => setRanking(true)} data-testid="rank-add">
              {pick(P.enterRanks)}
            </Button>
          </Group>
        )}
      </Group>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={pick(editing === 'new' ? P.addProject : P.editProject)}
        size="xl"
      >
        {editing !== null && (
          <ProjectForm project={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <Modal opened={ranking} onClose={() => setRanking(false)} title={pick(P.enterRanks)}>
        {ranking && data && (
          <RankForm ranks={data.ranks} defaultYear={data.year - 1} onDone={() => setRanking(false)} />
        )}
      </Modal>
      <ProgrammeSummaryCard />
      {query.isError && <ErrorAlert error={query.error} />}
      {data && <Figures data={data} />}
      {data && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="projects-heading">
          <Title order={2} size="h4" mb="xs" id="projects-heading">
            {pick(L.projects)}
          </Title>
          <Projects data={data} onEdit={manage ? setEditing : null} />
        </Card>
      )}
      {data && data.ranks.length > 0 && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="ranks-heading">
          <Title order={2} size="h4" mb="xs" id="ranks-heading">
            {pick(L.ranks)}
          </Title>
          <div className="table-scroll">
            <Table striped miw={640}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{pick(L.year)}</Table.Th>
                  <Table.Th>{`${pick(L.dti)}: ${pick(L.rank)}`}</Table.Th>
                  <Table.Th>{`${pick(L.dti)}: ${pick(L.score)}`}</Table.Th>
                  <Table.Th>{`${pick(L.service)}: ${pick(L.rank)}`}</Table.Th>
                  <Table.Th>{`${pick(L.service)}: ${pick(L.score)}`}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.ranks.map((r) => (
                  <Table.Tr key={r.year} data-testid="rank-row">
                    <Table.Td>{r.year}</Table.Td>
                    <Table.Td>{r.dtiRank ?? '—'}</Table.Td>
                    <Table.Td>{r.dtiScore === null ? '—' : formatNumber(r.dtiScore, language)}</Table.Td>
                    <Table.Td>{r.serviceRank ?? '—'}</Table.Td>
                    <Table.Td>{r.serviceScore === null ? '—' : formatNumber(r.serviceScore, language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </Card>
      )}
    </Stack>
  );
}

export default function ProgrammePage() {
  return (
    <ReportingPage>
      <ProgrammeView />
    </ReportingPage>
  );
}
