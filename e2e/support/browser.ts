import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { checkAccessibility, trackRoutes } from './accessibility';
import { repoRoot } from './server';

/** Debian's Chromium (apt-get install -y chromium); Playwright's own download is not used. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export const artifactsDir = join(repoRoot, 'e2e', 'artifacts');

/**
 * Saves a screenshot as e2e/artifacts/<name>.png (the folder is gitignored; full page unless told), then checks
 * the page with axe at desk and phone width (support/accessibility.ts): every step a journey photographs is
 * checked for WCAG 2.1 AA.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: options.fullPage ?? true });
  await checkAccessibility(page, name);
}

/**
 * Collects what must never happen on a page: uncaught errors, CSP violations and console errors
 * (expected 4xx answers such as a wrong password are logged by Chromium as failed resources and are
 * ignored here). The routes the page goes to are counted for the accessibility checks (`uncheckedRoutes`).
 */
export function watchProblems(page: Page): string[] {
  trackRoutes(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/Failed to load resource: the server responded with a status of (400|401|403|404|409|413|415|429)/.test(text))
      return;
    problems.push(`console error: ${text}`);
  });
  return problems;
}

/** True when the page is wider than the viewport (something overflows horizontally). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * A new browser context on the server (Vietnamese, the journeys' timeout) and a page in it whose problems
 * are collected: what every journey opens for each person.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  options: { width?: number; height?: number; mobile?: boolean; timeoutMs?: number } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    locale: 'vi-VN',
    ...(options.mobile ? { isMobile: true, hasTouch: true } : {}),
  });
  context.setDefaultTimeout(options.timeoutMs ?? 30_000);
  const page = await context.newPage();
  return { context, page, problems: watchProblems(page) };
}

/** Signs in through the login page with a demo account; the app then goes to `next`. */
export async function signIn(page: Page, username: string, next: string, password = 'Congso@2026'): Promise<void> {
  await page.goto(`/login?next=${next}`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
