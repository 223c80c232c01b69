/**
 * The operations center journey, in Debian's Chromium against a real server (demo province with its history of
 * dossiers): the province's leader opens the dashboard on a wall screen (1920 px): the KPI tiles, the charts
 * (ECharts) and the map of the communes (MapLibre, the bundled GeoJSON) are drawn; the leader clicks a commune
 * with late dossiers on the map, the dashboard shows that commune, the leader drills down from the "in
 * progress, late" tile to its dossiers, each with its reason, and opens one on the desk. Screenshots at
 * 1920, 1366 and 390 px go to e2e/artifacts/ioc-*.png; axe runs on every page at those widths.
 *
 * Run: npm run build:web && node --import tsx --test e2e/ioc-journey.e2e.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, wallSize } from './support/accessibility';
import { launchBrowser, openPage, screenshot } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const timeout = 30_000;
const password = 'Congso@2026';

interface RankingRow {
  id: string;
  name: string;
  adminUnitCode: string | null;
  openLate: number;
}

describe('operations center journey: dashboard, map, drill-down to a late dossier', { timeout: 10 * 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];

  /** A screenshot from the top (and axe at 1366 and 390 px), plus axe at the wall screen's 1920 px. */
  async function shot(name: string, options: { fullPage?: boolean } = {}): Promise<void> {
    if (options.fullPage !== false) await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name, options);
    await checkAccessibility(page, `${name}-wall`, { sizes: [wallSize] });
  }

  before(
    async () => {
      server = await startServer({ timeoutMs: 300_000 });
      browser = await launchBrowser();
      const opened = await openPage(browser, server.baseUrl, { ...wallSize, timeoutMs: timeout });
      context = opened.context;
      page = opened.page;
      problems = opened.problems;
    },
    { timeout: 360_000 },
  );

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  test('the leader signs in and opens the dashboard: tiles, charts and the map are drawn', async () => {
    await page.goto('/login?next=/dieu-hanh');
    await page.getByTestId('login-username').fill('lanhdao.tinh');
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('ioc-tiles').waitFor();
    assert.match((await page.getByTestId('ioc-scope').textContent()) ?? '', /Tây Ninh/);
    // The charts: ECharts' SVG with the trend's line and the groups' bars.
    await page.locator('[data-testid="chart-trend"] svg path').first().waitFor({ state: 'attached' });
    await page.locator('[data-testid="chart-groups"] svg path').first().waitFor({ state: 'attached' });
    assert.ok((await page.locator('[data-testid="chart-trend"] svg path').count()) > 10);
    // The map: every commune of the province rendered from the bundled GeoJSON, coloured by the ranking.
    await page.locator('[data-testid="commune-map"][data-ready="true"]').waitFor();
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="commune-map"]') as
        | (HTMLElement & { congsoMap?: { queryRenderedFeatures(o: object): unknown[]; loaded(): boolean } })
        | null;
      return (
        !!el?.congsoMap &&
        el.congsoMap.loaded() &&
        el.congsoMap.queryRenderedFeatures({ layers: ['fill'] }).length >= 90
      );
    });
    await page.getByTestId('ranking-communes').locator('tbody tr').first().waitFor();
    await shot('ioc-dashboard-1920', { fullPage: false });
    await page.setViewportSize({ width: 1366, height: 900 });
    await shot('ioc-dashboard-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('ioc-dashboard-390');
    await page.setViewportSize(wallSize);
  });

  test('a click on a commune of the map shows that commune; its late dossiers drill down to the desk', async () => {
    const ranking = (await (await page.request.get('/api/v1/ioc/ranking?scope=commune&period=month')).json()) as {
      rows: RankingRow[];
    };
    const commune = ranking.rows.find((r) => r.openLate > 0 && r.adminUnitCode);
    assert.ok(commune, `a commune with late dossiers in progress: ${JSON.stringify(ranking.rows.slice(0, 5))}`);
    const map = page.getByTestId('commune-map');
    // Centred on the screen: the fixed header must not cover the point clicked.
    await map.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // A point inside the commune's shape on the screen: the map's own projection of its polygon, checked
    // against what the map renders there.
    const point = await page.evaluate((code) => {
      type Ring = [number, number][];
      const el = document.querySelector('[data-testid="commune-map"]') as HTMLElement & {
        congsoMap: {
          querySourceFeatures(source: string): { properties: { code: string }; geometry: { coordinates: Ring[] } }[];
          project(p: [number, number]): { x: number; y: number };
          queryRenderedFeatures(p: [number, number], o: object): { properties: { code: string } }[];
        };
      };
      const m = el.congsoMap;
      const feature = m.querySourceFeatures('communes').find((f) => f.properties.code === code);
      if (!feature) return null;
      const ring = feature.geometry.coordinates[0] as Ring;
      const xs = ring.map((p) => m.project(p));
      const minX = Math.min(...xs.map((p) => p.x));
      const maxX = Math.max(...xs.map((p) => p.x));
      const minY = Math.min(...xs.map((p) => p.y));
      const maxY = Math.max(...xs.map((p) => p.y));
      // A point well inside the shape: it and the points 6 px around it all fall in the commune.
      const around = [
        [0, 0],
        [-6, 0],
        [6, 0],
        [0, -6],
        [0, 6],
      ];
      for (let i = 1; i < 24; i++) {
        for (let j = 1; j < 24; j++) {
          const x = minX + ((maxX - minX) * i) / 24;
          const y = minY + ((maxY - minY) * j) / 24;
          const inside = around.every(
            ([dx, dy]) =>
              m.queryRenderedFeatures([x + (dx as number), y + (dy as number)], { layers: ['fill'] })[0]?.properties
                .code === code,
          );
          if (inside) return { x, y };
        }
      }
      return null;
    }, commune.adminUnitCode as string);
    assert.ok(point, `a point of ${commune.name} on the map`);
    const box = await map.boundingBox();
    assert.ok(box);
    const onCanvas = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x as number, y as number)?.tagName,
      [box.x + point.x, box.y + point.y],
    );
    assert.equal(onCanvas, 'CANVAS');
    await page.mouse.click(box.x + point.x, box.y + point.y);
    // The map tells which commune it found under the click (data-clicked), then the address changes.
    await page.locator('[data-testid="commune-map"][data-clicked]').waitFor({ state: 'attached' });
    assert.equal(await map.getAttribute('data-clicked'), commune.adminUnitCode);
    await page.waitForFunction(() => window.location.search.includes('scope=commune'));
    await page.getByTestId('ioc-scope').filter({ hasText: commune.name }).waitFor();
    await shot('ioc-commune', { fullPage: false });

    await page.getByTestId('tile-open-late').getByRole('button').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByTestId('drill-open_end_late').waitFor();
    const rows = drawer.locator('tbody tr');
    assert.equal(await rows.count(), Math.min(20, commune.openLate));
    assert.match((await rows.first().textContent()) ?? '', /Đang giải quyết, quá hạn/);
    await shot('ioc-drill-down', { fullPage: false });
    const link = drawer.getByTestId('drill-dossier').first();
    const code = (await link.textContent()) ?? '';
    await link.click();
    await page.waitForFunction(() => window.location.pathname.startsWith('/mot-cua/ho-so/'));
    await page.getByText(code).first().waitFor();
    await shot('ioc-dossier');
    assert.deepEqual(problems, []);
  });
});
