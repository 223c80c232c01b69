/**
 * Fees and payments: the province sets a procedure's fee schedule (/admin/phi-le-phi). Screenshots go to
 * e2e/artifacts/payments-*.png.
 *
 * Run: npm run build:web && node --import tsx --test e2e/payments-journey.e2e.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { checkAccessibility, uncheckedRoutes } from './support/accessibility';
import { launchBrowser, openPage, screenshot } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const timeout = 30_000;
const password = 'Congso@2026';

describe('payments journey: fee schedules', { timeout: 10 * 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
    },
    { timeout: 300_000 },
  );

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('the province sets the fee schedule of a procedure from a date (/admin/phi-le-phi)', async () => {
    const desk = await openPage(browser, server.baseUrl, { width: 1366, height: 900, timeoutMs: timeout });
    contexts.push(desk.context);
    const admin = desk.page;
    await admin.goto('/login?next=/admin/phi-le-phi?ma=1.014063');
    await admin.getByTestId('login-username').waitFor();
    await checkAccessibility(admin, 'payments-login');
    await admin.getByTestId('login-username').fill('admin');
    await admin.getByTestId('login-password').fill(password);
    await admin.getByTestId('login-submit').click();
    await admin.getByTestId('fee-schedule-page').waitFor();
    await admin.getByTestId('fee-item').first().waitFor();
    assert.equal(await admin.getByTestId('fee-exemption').count(), 2);
    await screenshot(admin, 'payments-01-fee-schedule');
    await admin.getByTestId('fee-reason').fill('Thông tư 64/2025/TT-BTC: giảm 50% đến hết 2026');
    const saved = admin.waitForResponse(
      (r) => r.url().includes('/api/v1/fee-schedules/') && r.request().method() === 'PUT',
    );
    await admin.getByTestId('fee-save').click();
    const res = await saved;
    assert.equal(res.status(), 200, await res.text());
    await admin.getByText(/Đã lưu: phiên bản 1/).waitFor();
    await screenshot(admin, 'payments-02-fee-schedule-saved');
    assert.deepEqual(desk.problems, []);
  });

  test('axe checked every page', () => {
    assert.deepEqual(uncheckedRoutes(), []);
  });
});
