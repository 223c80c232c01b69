import { Group, SegmentedControl, Stack, Text, Title, useMantineTheme } from '@mantine/core';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import type { RankingRow } from './api';
import { useIocT } from './i18n';
import communesUrl from './map/communes.geojson?url';

// The worker is a file served by Congso ('self' under the CSP), not a blob. No tile server, no external URL:
// a blank style with the province's communes (bundled GeoJSON, see scripts/simplify-communes.mjs).
maplibregl.setWorkerUrl(workerUrl);

export type MapIndicator = 'score' | 'onTime' | 'received' | 'openLate';
const indicators: MapIndicator[] = ['score', 'onTime', 'received', 'openLate'];

/** A feature of the bundled commune map (properties: code, name). */
type CommuneFeature = {
  properties: { code: string; name: string };
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
};

interface Bin {
  from: number;
  to: number;
  color: string;
}

/** Five classes of an indicator: fixed for score and rate (0-100), by the largest value for counts. */
function binsOf(indicator: MapIndicator, values: number[], palette: string[]): Bin[] {
  const max = indicator === 'score' || indicator === 'onTime' ? 100 : Math.max(5, ...values);
  const step = max / 5;
  return palette.map((color, i) => ({ from: Math.round(i * step), to: Math.round((i + 1) * step), color }));
}

function indicatorValue(row: RankingRow, indicator: MapIndicator): number | null {
  if (indicator === 'score') return row.score;
  if (indicator === 'onTime') return row.onTime === null ? null : Math.round(row.onTime * 1000) / 10;
  if (indicator === 'received') return row.received;
  return row.openLate;
}

/** The province's communes coloured by an indicator; a click on one picks it. */
export default function CommuneMap({
  rows,
  selectedId,
  onPick,
}: {
  rows: RankingRow[];
  selectedId: string | null;
  onPick: (row: RankingRow) => void;
}) {
  const t = useIocT();
  const { language } = useLanguage();
  const theme = useMantineTheme();
  const [indicator, setIndicator] = useState<MapIndicator>('score');
  const container = useRef<HTMLElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const pick = useRef(onPick);
  pick.current = onPick;
  const byCode = useMemo(() => new Map(rows.filter((r) => r.adminUnitCode).map((r) => [r.adminUnitCode, r])), [rows]);
  const byCodeRef = useRef(byCode);
  byCodeRef.current = byCode;
  // Worse is red, better is green (score, on time); for counts, more is darker blue, late in progress darker red.
  const palette =
    indicator === 'score' || indicator === 'onTime'
      ? [
          theme.colors.red[7],
          theme.colors.orange[5],
          theme.colors.yellow[4],
          theme.colors.lime[5],
          theme.colors.teal[7],
        ]
      : indicator === 'received'
        ? [theme.colors.blue[1], theme.colors.blue[3], theme.colors.blue[5], theme.colors.blue[7], theme.colors.blue[9]]
        : [theme.colors.red[1], theme.colors.red[3], theme.colors.red[5], theme.colors.red[7], theme.colors.red[9]];
  const values = rows.map((r) => indicatorValue(r, indicator)).filter((v): v is number => v !== null);
  const bins = binsOf(indicator, values, palette);
  const noData = theme.colors.gray[2];

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let m: maplibregl.Map;
    try {
      m = new maplibregl.Map({
        container: el,
        style: {
          version: 8,
          sources: {
            communes: { type: 'geojson', data: new URL(communesUrl, window.location.href).href, promoteId: 'code' },
          },
          layers: [
            { id: 'background', type: 'background', paint: { 'background-color': '#f8f9fa' } },
            { id: 'fill', type: 'fill', source: 'communes', paint: { 'fill-color': noData, 'fill-opacity': 0.85 } },
            { id: 'line', type: 'line', source: 'communes', paint: { 'line-color': '#495057', 'line-width': 0.6 } },
            {
              id: 'selected',
              type: 'line',
              source: 'communes',
              filter: ['==', ['get', 'code'], ''],
              paint: { 'line-color': '#000', 'line-width': 3 },
            },
          ],
        },
        bounds: [105.7, 10.5, 106.9, 11.8],
        fitBoundsOptions: { padding: 12 },
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        cooperativeGestures: false,
      });
    } catch {
      setFailed(true);
      return;
    }
    map.current = m;
    (el as HTMLElement & { congsoMap?: maplibregl.Map }).congsoMap = m;
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    m.on('load', () => {
      setReady(true);
      const source = m.getSource('communes') as maplibregl.GeoJSONSource | undefined;
      source
        ?.getData()
        .then((data) => {
          const bounds = new maplibregl.LngLatBounds();
          for (const f of (data as { features: CommuneFeature[] }).features) {
            const g = f.geometry;
            const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
            for (const ring of rings) for (const p of ring) bounds.extend(p as [number, number]);
          }
          if (!bounds.isEmpty()) m.fitBounds(bounds, { padding: 12, animate: false });
        })
        .catch(() => undefined);
    });
    m.on('click', (e) => {
      const code = m.queryRenderedFeatures(e.point, { layers: ['fill'] })[0]?.properties?.code as string | undefined;
      el.dataset.clicked = code ?? '';
      const row = code ? byCodeRef.current.get(code) : undefined;
      if (row) pick.current(row);
    });
    m.on('mousemove', 'fill', (e) => {
      const code = e.features?.[0]?.properties?.code as string | undefined;
      m.getCanvas().style.cursor = code && byCodeRef.current.has(code) ? 'pointer' : '';
    });
    return () => {
      m.remove();
      map.current = null;
    };
  }, [noData]);

  // Colours: a match expression from commune code to its class colour.
  useEffect(() => {
    const m = map.current;
    if (!m || !ready) return;
    const match: unknown[] = ['match', ['get', 'code']];
    for (const [code, row] of byCode) {
      const v = indicatorValue(row, indicator);
      if (v === null) continue;
      const bin = bins.find((b, i) => v < b.to || i === bins.length - 1) as Bin;
      match.push(code, bin.color);
    }
    match.push(noData);
    m.setPaintProperty('fill', 'fill-color', match.length > 3 ? (match as maplibregl.ExpressionSpecification) : noData);
    const selected = rows.find((r) => r.id === selectedId)?.adminUnitCode ?? '';
    m.setFilter('selected', ['==', ['get', 'code'], selected]);
  }, [byCode, bins, indicator, ready, rows, selectedId, noData]);

  const label = t(`map.${indicator}`);
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} size="h4">
          {t('map.title')}
        </Title>
        <SegmentedControl
          size="xs"
          aria-label={t('map.indicator')}
          value={indicator}
          onChange={(v) => setIndicator(v as MapIndicator)}
          data={indicators.map((i) => ({ value: i, label: t(`map.${i}`) }))}
          data-testid="map-indicator"
        />
      </Group>
      <Text size="sm" c="dimmed">
        {t('map.hint')}
      </Text>
      {failed ? (
        <Text size="sm">{t('map.unsupported')}</Text>
      ) : (
        <section
          ref={container}
          className="ioc-map"
          aria-label={t('map.label', { indicator: label })}
          data-testid="commune-map"
          data-ready={ready ? 'true' : 'false'}
        />
      )}
      <Group gap="sm" wrap="wrap" aria-label={t('map.legend')} role="list" data-testid="map-legend">
        {bins.map((b) => (
          <Group key={b.color} gap={4} role="listitem" wrap="nowrap">
            <span className="ioc-legend-swatch" style={{ background: b.color }} aria-hidden="true" />
            <Text size="xs">
              {formatNumber(b.from, language)}–{formatNumber(b.to, language)}
              {indicator === 'onTime' ? ' %' : ''}
            </Text>
          </Group>
        ))}
        <Group gap={4} role="listitem" wrap="nowrap">
          <span className="ioc-legend-swatch" style={{ background: noData }} aria-hidden="true" />
          <Text size="xs">{t('map.noData')}</Text>
        </Group>
      </Group>
    </Stack>
  );
}
