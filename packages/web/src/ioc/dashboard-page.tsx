import { iocMeasureLabels } from '@congso/core';
import {
  Anchor,
  Button,
  Card,
  Drawer,
  Group,
  Loader,
  Pagination,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDate, formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { withParams } from '../app/search-params';
import { useMe } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { TableScroll } from '../office/scroll';
import { canUseReporting } from '../reporting/layout';
import { ProgrammeSummaryCard } from '../reporting/programme-page';
import { AlertsCard } from './alerts-card';
import {
  type DrillMeasure,
  exportUrl,
  type IndexResponse,
  iocApi,
  iocKeys,
  type PeriodKind,
  type RankingRow,
  recentPeriodKeys,
  type ScopeKind,
  type ViewQuery,
} from './api';
import { useIocT } from './i18n';
import { useLiveIoc } from './live';
import './ioc.css';

const Charts = lazy(() => import('./charts'));
const CommuneMap = lazy(() => import('./commune-map'));

const periodKinds: PeriodKind[] = ['month', 'quarter', 'year'];
const drillPageSize = 20;

/** The view asked for in the address: period kind and key, scope, the figure drilled into. */
function useView() {
  const [params, setParams] = useSearchParams();
  const periodParam = params.get('period');
  const period: PeriodKind = periodKinds.includes(periodParam as PeriodKind) ? (periodParam as PeriodKind) : 'month';
  const scopeParam = params.get('scope') as ScopeKind | null;
  const view: ViewQuery = {
    period,
    key: params.get('key') ?? undefined,
    scope: scopeParam && params.get('id') ? scopeParam : undefined,
    id: params.get('id') ?? undefined,
  };
  const measure = params.get('measure') as DrillMeasure | null;
  const set = (changes: Record<string, string | null>) => setParams(withParams(params, changes));
  return { view, measure, set };
}

const percent = (ratio: number | null | undefined, language: 'vi' | 'en') =>
  ratio === null || ratio === undefined ? '—' : `${formatNumber(Math.round(ratio * 1000) / 10, language)} %`;

interface TileProps {
  label: string;
  value: string;
  sub?: string;
  delta: { text: string; better: boolean | null } | null;
  measure?: DrillMeasure;
  onDrill: (measure: DrillMeasure) => void;
  testId: string;
}

function Tile({ label, value, sub, delta, measure, onDrill, testId }: TileProps) {
  const t = useIocT();
  const body = (
    <Stack gap={2}>
      <Text size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text className="ioc-tile-value" fw={700}>
        {value}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed">
          {sub}
        </Text>
      )}
      {delta && (
        <Text size="xs" fw={600} c={delta.better === null ? 'dimmed' : delta.better ? 'green.9' : 'red.9'}>
          {delta.text}
        </Text>
      )}
    </Stack>
  );
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      {measure ? (
        <UnstyledButton onClick={() => onDrill(measure)} className="ioc-tile-button">
          {body}
          <VisuallyHidden>{t('tiles.open')}</VisuallyHidden>
        </UnstyledButton>
      ) : (
        body
      )}
    </Card>
  );
}

function useDelta() {
  const t = useIocT();
  const { language } = useLanguage();
  return (current: number | null, previous: number | null, opts: { percent?: boolean; higherIsBetter: boolean }) => {
    if (current === null || previous === null) return { text: t('tiles.noPrevious'), better: null };
    const d = current - previous;
    if (Math.abs(d) < 1e-9) return { text: t('tiles.same'), better: null };
    const shown = opts.percent
      ? `${formatNumber(Math.round(d * 1000) / 10, language)} điểm %`
      : formatNumber(Math.round(d * 100) / 100, language);
    const signed = d > 0 ? `+${shown}` : shown;
    return {
      text: t('tiles.vsPrevious', {
        delta: opts.percent && language === 'en' ? signed.replace('điểm %', 'pp') : signed,
      }),
      better: d > 0 === opts.higherIsBetter,
    };
  };
}

function Tiles({ data, onDrill }: { data: IndexResponse; onDrill: (m: DrillMeasure) => void }) {
  const t = useIocT();
  const { language } = useLanguage();
  const delta = useDelta();
  const [prev, cur] = data.trend.slice(-2);
  const n = (v: number) => formatNumber(v, language);
  return (
    <SimpleGrid
      cols={{ base: 2, sm: 3, lg: 6 }}
      spacing="sm"
      component="section"
      aria-label={t('tiles.label')}
      data-testid="ioc-tiles"
    >
      <Tile
        testId="tile-score"
        label={t('tiles.score')}
        value={data.index?.score === null || !data.index ? t('tiles.noData') : n(data.index.score)}
        sub={data.index ? t('tiles.scoreOf', { points: data.index.measuredPoints }) : undefined}
        delta={cur && prev ? delta(cur.score, prev.score, { higherIsBetter: true }) : null}
        onDrill={onDrill}
      />
      <Tile
        testId="tile-on-time"
        label={t('tiles.onTime')}
        value={percent(cur?.onTime, language)}
        delta={cur && prev ? delta(cur.onTime, prev.onTime, { percent: true, higherIsBetter: true }) : null}
        measure="finished_on_time"
        onDrill={onDrill}
      />
      <Tile
        testId="tile-received"
        label={t('tiles.received')}
        value={n(data.counts.received)}
        delta={cur && prev ? delta(cur.received, prev.received, { higherIsBetter: true }) : null}
        measure="received"
        onDrill={onDrill}
      />
      <Tile
        testId="tile-finished"
        label={t('tiles.finished')}
        value={n(data.counts.finished)}
        delta={cur && prev ? delta(cur.finished, prev.finished, { higherIsBetter: true }) : null}
        measure="finished"
        onDrill={onDrill}
      />
      <Tile
        testId="tile-late"
        label={t('tiles.late')}
        value={n(data.counts.finished_late)}
        delta={cur && prev ? delta(cur.late, prev.late, { higherIsBetter: false }) : null}
        measure="finished_late"
        onDrill={onDrill}
      />
      <Tile
        testId="tile-open-late"
        label={t('tiles.openLate')}
        value={n(data.counts.open_end_late)}
        delta={cur && prev ? delta(cur.openLate, prev.openLate, { higherIsBetter: false }) : null}
        measure="open_end_late"
        onDrill={onDrill}
      />
    </SimpleGrid>
  );
}

function Ranking({
  title,
  rows,
  onPick,
  testId,
}: {
  title: string;
  rows: RankingRow[] | undefined;
  onPick: (row: RankingRow) => void;
  testId: string;
}) {
  const t = useIocT();
  const { language } = useLanguage();
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {rows && rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('ranking.empty')}
        </Text>
      ) : (
        <TableScroll minWidth={420} label={title}>
          <Table striped verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ranking.rank')}</Table.Th>
                <Table.Th>{t('ranking.name')}</Table.Th>
                <Table.Th ta="right">{t('ranking.score')}</Table.Th>
                <Table.Th ta="right">{t('ranking.onTime')}</Table.Th>
                <Table.Th ta="right">{t('ranking.received')}</Table.Th>
                <Table.Th ta="right">{t('ranking.openLate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(rows ?? []).map((r, i) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>
                    <Anchor component="button" type="button" size="sm" onClick={() => onPick(r)} ta="left">
                      {r.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">{r.score === null ? '—' : formatNumber(r.score, language)}</Table.Td>
                  <Table.Td ta="right">{percent(r.onTime, language)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(r.received, language)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(r.openLate, language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Card>
  );
}

/** The dossiers behind a figure, each with its reason and a link to it on the desk. */
function DossierTable({ view, measure, compact }: { view: ViewQuery; measure: DrillMeasure; compact?: boolean }) {
  const t = useIocT();
  const { language } = useLanguage();
  const [page, setPage] = useState(1);
  const offset = (page - 1) * drillPageSize;
  const list = useQuery({
    queryKey: iocKeys.drill(view, measure, offset),
    queryFn: () => iocApi.drill(view, measure, drillPageSize, offset),
    placeholderData: keepPreviousData,
  });
  if (list.isError) return <ErrorAlert error={list.error} />;
  if (!list.data) return <Loader size="sm" />;
  const { items, total, truncated } = list.data;
  return (
    <Stack gap="xs">
      {!compact && <Text size="sm">{t('drill.intro', { count: total })}</Text>}
      {truncated && (
        <Text size="sm" c="dimmed">
          {t('drill.truncated')}
        </Text>
      )}
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('drill.empty')}
        </Text>
      ) : (
        <TableScroll
          minWidth={compact ? 360 : 640}
          label={t('drill.title', {
            label: measure === 'due_soon' ? t('lists.dueSoon') : iocMeasureLabels[measure][language],
          })}
        >
          <Table striped verticalSpacing={4} fz="sm" data-testid={`drill-${measure}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('drill.code')}</Table.Th>
                {!compact && <Table.Th>{t('drill.procedure')}</Table.Th>}
                <Table.Th>{t('drill.due')}</Table.Th>
                <Table.Th>{t('drill.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.dossierId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/mot-cua/ho-so/${d.dossierId}`} size="sm" data-testid="drill-dossier">
                      {d.code}
                    </Anchor>
                  </Table.Td>
                  {!compact && <Table.Td>{d.procedureName}</Table.Td>}
                  <Table.Td>{formatDate(d.dueAt, language)}</Table.Td>
                  <Table.Td>{d.reason[language]}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {total > drillPageSize && (
        <Pagination
          size="sm"
          total={Math.ceil(Math.min(total, 5000) / drillPageSize)}
          value={page}
          onChange={setPage}
        />
      )}
    </Stack>
  );
}

function Filters({
  view,
  data,
  set,
}: {
  view: ViewQuery;
  data: IndexResponse | undefined;
  set: (c: Record<string, string | null>) => void;
}) {
  const t = useIocT();
  const keys = useMemo(() => recentPeriodKeys(view.period, new Date(), view.period === 'year' ? 4 : 12), [view.period]);
  const agencies = useQuery({
    queryKey: iocKeys.ranking('agency', view),
    queryFn: () => iocApi.ranking('agency', view),
  });
  const fields = useQuery({
    queryKey: iocKeys.ranking('field', view),
    queryFn: () => iocApi.ranking('field', view),
    retry: false,
  });
  const collator = new Intl.Collator('vi');
  return (
    <Group gap="sm" align="end" wrap="wrap" component="section" aria-label={t('filters.label')}>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="ioc-period-label">
          {t('filters.period')}
        </Text>
        <SegmentedControl
          aria-labelledby="ioc-period-label"
          value={view.period}
          onChange={(v) => set({ period: v, key: null, measure: null })}
          data={periodKinds.map((k) => ({ value: k, label: t(`filters.${k}`) }))}
        />
      </Stack>
      <Select
        label={t('filters.key')}
        w={140}
        data={keys}
        value={data?.period.key ?? view.key ?? keys[0] ?? null}
        allowDeselect={false}
        onChange={(v) => set({ key: v, measure: null })}
        data-testid="ioc-period-key"
      />
      <Select
        label={t('filters.agency')}
        w={{ base: '100%', sm: 300 }}
        searchable
        clearable
        placeholder={t('filters.all')}
        data={(agencies.data?.rows ?? [])
          .map((r) => ({ value: r.id, label: r.name }))
          .sort((a, b) => collator.compare(a.label, b.label))}
        value={view.scope === 'agency' ? (view.id ?? null) : null}
        onChange={(v) => set(v ? { scope: 'agency', id: v, measure: null } : { scope: null, id: null, measure: null })}
        data-testid="ioc-agency"
      />
      {fields.data && (
        <Select
          label={t('filters.field')}
          w={{ base: '100%', sm: 240 }}
          searchable
          clearable
          placeholder={t('filters.allFields')}
          data={fields.data.rows.map((r) => r.id).sort(collator.compare)}
          value={view.scope === 'field' ? (view.id ?? null) : null}
          onChange={(v) => set(v ? { scope: 'field', id: v, measure: null } : { scope: null, id: null, measure: null })}
          data-testid="ioc-field"
        />
      )}
    </Group>
  );
}

/** /dieu-hanh: the operations center's dashboard of the service-quality index. */
export default function DashboardPage() {
  const t = useIocT();
  const { language } = useLanguage();
  useDocumentTitle(t('title'));
  const me = useMe();
  const showProgramme = !!me.data && canUseReporting(me.data);
  const { view, measure, set } = useView();
  const index = useQuery({
    queryKey: iocKeys.index(view),
    queryFn: () => iocApi.index(view),
    placeholderData: keepPreviousData,
  });
  const rankingView = { ...view, key: index.data?.period.key ?? view.key };
  const agencies = useQuery({
    queryKey: iocKeys.ranking('agency', rankingView),
    queryFn: () => iocApi.ranking('agency', rankingView),
    enabled: !!index.data,
  });
  const communes = useQuery({
    queryKey: iocKeys.ranking('commune', rankingView),
    queryFn: () => iocApi.ranking('commune', rankingView),
    enabled: !!index.data,
  });
  const updatedAt = useLiveIoc();
  const data = index.data;
  const measureLabel = (m: DrillMeasure) => (m === 'due_soon' ? t('lists.dueSoon') : iocMeasureLabels[m][language]);
  const drill = (m: DrillMeasure) => set({ measure: m });
  const scoped = view.scope && view.id && data && data.scope.kind !== 'province';

  return (
    <Stack gap="md" data-testid="ioc-dashboard" className="ioc-page">
      <Group justify="space-between" align="start" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            {t('title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('intro')}
          </Text>
        </div>
        <Group gap="xs">
          <Button
            component="a"
            href={exportUrl('pdf', rankingView)}
            variant="default"
            size="sm"
            data-testid="export-pdf"
          >
            {t('export.pdf')}
          </Button>
          <Button
            component="a"
            href={exportUrl('xlsx', rankingView)}
            variant="default"
            size="sm"
            data-testid="export-xlsx"
          >
            {t('export.xlsx')}
          </Button>
        </Group>
      </Group>
      <Filters view={view} data={data} set={set} />
      {data && (
        <Group gap="sm" wrap="wrap">
          <Text fw={700} c="blue.9" data-testid="ioc-scope">
            {t('filters.scope', { name: data.scope.name })}
          </Text>
          {scoped && (
            <Button variant="subtle" size="compact-sm" onClick={() => set({ scope: null, id: null, measure: null })}>
              {t('filters.backToProvince')}
            </Button>
          )}
          {data.period.live && (
            <Text size="sm" c="dimmed">
              {t('filters.live')}
            </Text>
          )}
          {updatedAt && (
            <Text size="xs" c="dimmed" aria-live="polite">
              {t('updated', { time: updatedAt.toLocaleTimeString(language === 'vi' ? 'vi-VN' : 'en-GB') })}
            </Text>
          )}
        </Group>
      )}
      {index.isError && <ErrorAlert error={index.error} />}
      {!data && !index.isError && <Loader />}
      {data && (
        <>
          <Tiles data={data} onDrill={drill} />
          {showProgramme ? (
            <div className="ioc-grid-2">
              <AlertsCard />
              <ProgrammeSummaryCard withTargets />
            </div>
          ) : (
            <AlertsCard />
          )}
          <Suspense fallback={<Loader size="sm" aria-label={t('charts.loading')} />}>
            <Charts data={data} />
          </Suspense>
          <div className="ioc-grid-2">
            <Card withBorder padding="sm" data-testid="ioc-map-card">
              <Suspense fallback={<Loader size="sm" aria-label={t('map.loading')} />}>
                <CommuneMap
                  rows={communes.data?.rows ?? []}
                  selectedId={view.scope === 'commune' ? (view.id ?? null) : null}
                  onPick={(row) => set({ scope: 'commune', id: row.id, measure: null })}
                />
              </Suspense>
            </Card>
            <Stack gap="md">
              <Ranking
                title={t('ranking.communes')}
                rows={communes.data?.rows}
                onPick={(row) => set({ scope: 'commune', id: row.id, measure: null })}
                testId="ranking-communes"
              />
            </Stack>
          </div>
          <Ranking
            title={t('ranking.agencies')}
            rows={agencies.data?.rows}
            onPick={(row) => set({ scope: 'agency', id: row.id, measure: null })}
            testId="ranking-agencies"
          />
          <div className="ioc-grid-2">
            <Card withBorder padding="sm" data-testid="list-late">
              <Title order={2} size="h4" mb="xs">
                {t('lists.late')}
              </Title>
              {data.period.live ? (
                <DossierTable view={view} measure="open_end_late" compact />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('lists.onlyLive')}
                </Text>
              )}
            </Card>
            <Card withBorder padding="sm" data-testid="list-due-soon">
              <Title order={2} size="h4" mb="xs">
                {t('lists.dueSoon')}
              </Title>
              {data.period.live ? (
                <DossierTable view={view} measure="due_soon" compact />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('lists.onlyLive')}
                </Text>
              )}
            </Card>
          </div>
          <IndicatorTable data={data} />
        </>
      )}
      <Drawer
        opened={!!measure}
        onClose={() => set({ measure: null })}
        position="right"
        size="xl"
        title={measure ? t('drill.title', { label: measureLabel(measure) }) : ''}
        closeButtonProps={{ 'aria-label': t('drill.close') }}
        data-testid="ioc-drill"
      >
        {measure && <DossierTable view={rankingView} measure={measure} />}
      </Drawer>
    </Stack>
  );
}

function IndicatorTable({ data }: { data: IndexResponse }) {
  const t = useIocT();
  const { language } = useLanguage();
  if (!data.index) return null;
  return (
    <Card withBorder padding="sm" data-testid="ioc-indicators">
      <Title order={2} size="h4" mb="xs">
        {t('indicators.title')}
      </Title>
      <TableScroll minWidth={560} label={t('indicators.title')}>
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('indicators.code')}</Table.Th>
              <Table.Th>{t('indicators.name')}</Table.Th>
              <Table.Th>{t('indicators.status')}</Table.Th>
              <Table.Th ta="right">{t('indicators.value')}</Table.Th>
              <Table.Th ta="right">{t('indicators.score')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.index.groups.flatMap((g) =>
              g.indicators.map((i) => (
                <Table.Tr key={i.code}>
                  <Table.Td>{i.code}</Table.Td>
                  <Table.Td>{i.name[language]}</Table.Td>
                  <Table.Td>{t(`indicators.${i.status}`)}</Table.Td>
                  <Table.Td ta="right">
                    {i.numerator === null
                      ? '—'
                      : `${formatNumber(i.numerator, language)} / ${formatNumber(i.denominator, language)}`}
                  </Table.Td>
                  <Table.Td ta="right">
                    {i.score === null ? '—' : `${formatNumber(i.score, language)} / ${i.points}`}
                  </Table.Td>
                </Table.Tr>
              )),
            )}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Card>
  );
}
