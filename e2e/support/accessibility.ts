/**
 * WCAG 2.1 AA checks with axe-core inside the browser journeys. `checkAccessibility` runs axe (the WCAG 2.0 and
 * 2.1 A and AA rules) on the page as it is, at desk width (1366 px) and at phone width (390 px), then gives the
 * page back its own size and scroll; a serious or critical violation fails the journey with each rule and its
 * nodes. `screenshot` (support/browser.ts) calls it, so every step a journey photographs is checked; a page
 * a journey visits without a screenshot is checked by a direct call. Pages are counted by route (`/mot-cua/ho-so/:id`):
 * `uncheckedRoutes()` lists those a journey's pages went to without a check, and each journey asserts it is empty.
 * Every check's counts by rule, whatever the impact, are appended to e2e/artifacts/accessibility.jsonl.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { repoRoot } from './server';

export const deskSize = { width: 1366, height: 900 };
export const phoneSize = { width: 390, height: 844 };
/** A wall screen of an operations center (the dashboards' journeys check it too). */
export const wallSize = { width: 1920, height: 1080 };

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const failing = new Set(['serious', 'critical']);

const visited = new Set<string>();
const checked = new Set<string>();

/** The route of an address: segments that carry a digit (ids, codes) become `:id`. */
export function routeOf(url: string): string {
  const { pathname } = new URL(url);
  return pathname
    .split('/')
    .map((segment) => (/\d/.test(segment) ? ':id' : segment))
    .join('/');
}

/** Counts every route the page's main frame goes to (links, redirects and in-app navigations alike). */
export function trackRoutes(page: Page): void {
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const url = frame.url();
    if (url.startsWith('http')) visited.add(routeOf(url));
  });
}

/** Routes that a tracked page went to and that no check has seen, sorted. */
export function uncheckedRoutes(): string[] {
  return [...visited].filter((route) => !checked.has(route)).sort();
}

interface Finding {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** axe in the page (injected once per document: evaluated through the DevTools protocol, outside the CSP). */
async function runAxe(page: Page): Promise<Finding[]> {
  const present = await page.evaluate(() => 'axe' in window);
  if (!present) await page.evaluate(axe.source);
  return page.evaluate(async (values) => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const results = await run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map(String).join(' '),
        html: node.html,
        summary: node.failureSummary ?? '',
      })),
    }));
  }, tags);
}

/**
 * Resolves once layout has followed a resize: two frames, and no CSS transition or finite animation running
 * (a spinner's endless one is left turning).
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== 'running' || animation.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
      ),
  );
}

function describeFindings(findings: Finding[]): string {
  return findings
    .map((finding) => {
      const nodes = finding.nodes.map(
        (node) =>
          `    ${node.target}\n      ${node.html.replace(/\s+/g, ' ').slice(0, 300)}\n      ${node.summary.replace(/\n\s*/g, '\n      ')}`,
      );
      return `- ${finding.id} (${finding.impact}, ${finding.nodes.length} node${finding.nodes.length === 1 ? '' : 's'}): ${finding.help}\n  ${finding.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/**
 * Checks the page as it is now with axe at 1366 px and at 390 px wide (the current size first; or at the
 * `sizes` given, such as the wall screen's 1920 px), restores its
 * size and scroll, and throws on any serious or critical violation. `name` names the step in messages and
 * in e2e/artifacts/accessibility.jsonl.
 */
export async function checkAccessibility(
  page: Page,
  name: string,
  options: { sizes?: { width: number; height: number }[] } = {},
): Promise<void> {
  const original = page.viewportSize() ?? deskSize;
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  const sizes = options.sizes ?? (original.width <= phoneSize.width ? [phoneSize, deskSize] : [deskSize, phoneSize]);
  const failures: string[] = [];
  const records: object[] = [];
  try {
    for (const size of sizes) {
      if (page.viewportSize()?.width !== size.width || page.viewportSize()?.height !== size.height) {
        await page.setViewportSize(size);
      }
      // Also at the page's own size: a menu just opened may still be fading in, its text measured against a
      // background not yet opaque (a 4.36:1 that is 6.1:1 once the transition has ended).
      await settle(page);
      const findings = await runAxe(page);
      records.push({
        name,
        route: routeOf(page.url()),
        width: size.width,
        violations: Object.fromEntries(findings.map((f) => [f.id, { impact: f.impact, nodes: f.nodes.length }])),
      });
      const serious = findings.filter((finding) => failing.has(finding.impact));
      if (serious.length > 0) {
        failures.push(
          `axe: ${serious.length} serious or critical rule${serious.length === 1 ? '' : 's'} failed on "${name}" (${page.url()}) at ${size.width} px:\n${describeFindings(serious)}`,
        );
      }
    }
  } finally {
    if (page.viewportSize()?.width !== original.width || page.viewportSize()?.height !== original.height) {
      await page.setViewportSize(original);
      await settle(page);
    }
    await page.evaluate(({ x, y }) => window.scrollTo(x, y), scroll);
  }
  checked.add(routeOf(page.url()));
  const dir = join(repoRoot, 'e2e', 'artifacts');
  await mkdir(dir, { recursive: true });
  await appendFile(join(dir, 'accessibility.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
}
