import { Card, SimpleGrid, Table, Title, useMantineTheme, VisuallyHidden } from '@mantine/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import type { IndexResponse } from './api';
import { useIocT } from './i18n';

// Only the modules the dashboard draws (keeps its chunk small); SVG keeps the text crisp on a wall screen.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export function EChart({
  option,
  label,
  testId,
}: {
  option: echarts.EChartsCoreOption;
  label: string;
  testId: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} className="ioc-chart" role="img" aria-label={label} data-testid={testId} />;
}

/** The trend of the last six periods and the score per indicator group, each with its figures as a table. */
export default function Charts({ data }: { data: IndexResponse }) {
  const t = useIocT();
  const { language } = useLanguage();
  const theme = useMantineTheme();
  const blue = theme.colors.blue[8];
  const green = theme.colors.teal[9];
  const grey = theme.colors.gray[5];
  const text = theme.colors.dark[7];
  const onTime = data.trend.map((p) => (p.onTime === null ? null : Math.round(p.onTime * 1000) / 10));
  const trend: echarts.EChartsCoreOption = {
    aria: { enabled: true },
    animation: false,
    textStyle: { color: text, fontSize: 13 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: text } },
    grid: { left: 40, right: 40, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: data.trend.map((p) => p.key), axisLabel: { color: text } },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { color: text } },
      { type: 'value', min: 0, max: 100, axisLabel: { color: text }, splitLine: { show: false } },
    ],
    series: [
      {
        name: t('charts.trendScore'),
        type: 'line',
        data: data.trend.map((p) => p.score),
        color: blue,
        lineStyle: { width: 3 },
        symbolSize: 8,
      },
      {
        name: t('charts.trendOnTime'),
        type: 'line',
        yAxisIndex: 1,
        data: onTime,
        color: green,
        lineStyle: { width: 3, type: 'dashed' },
        symbolSize: 8,
      },
    ],
  };
  const groups = data.index?.groups ?? [];
  const bars: echarts.EChartsCoreOption = {
    aria: { enabled: true },
    animation: false,
    textStyle: { color: text, fontSize: 13 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: text } },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: groups.map((g) => g.code), axisLabel: { color: text } },
    yAxis: { type: 'value', axisLabel: { color: text } },
    series: [
      { name: t('charts.groupPoints'), type: 'bar', data: groups.map((g) => g.measuredPoints), color: grey },
      { name: t('charts.groupScore'), type: 'bar', data: groups.map((g) => g.score), color: blue, barGap: '-100%' },
    ],
  };
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, language));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Card withBorder padding="sm">
        <Title order={2} size="h4">
          {t('charts.trend')}
        </Title>
        <EChart option={trend} label={t('charts.trend')} testId="chart-trend" />
        <VisuallyHidden>
          <Table>
            <caption>{t('charts.summary')}</caption>
            <tbody>
              {data.trend.map((p, i) => (
                <tr key={p.key}>
                  <th scope="row">{p.key}</th>
                  <td>{n(p.score)}</td>
                  <td>{n(onTime[i] ?? null)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </VisuallyHidden>
      </Card>
      <Card withBorder padding="sm">
        <Title order={2} size="h4">
          {t('charts.groups')}
        </Title>
        <EChart option={bars} label={t('charts.groups')} testId="chart-groups" />
        <VisuallyHidden>
          <Table>
            <caption>{t('charts.summary')}</caption>
            <tbody>
              {groups.map((g) => (
                <tr key={g.code}>
                  <th scope="row">{g.name[language]}</th>
                  <td>{n(g.score)}</td>
                  <td>{n(g.measuredPoints)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </VisuallyHidden>
      </Card>
    </SimpleGrid>
  );
}
