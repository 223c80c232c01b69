/**
 * The administrator's journey through the web app, in Debian's Chromium against a real server with
 * the demo province: home page, a failed then a successful sign-in, the agency tree and its
 * diacritic-insensitive search, the detail panel, the English switch, the officers list, a 390 px
 * wide phone, and signing out. Screenshots of each step go to e2e/artifacts/.
 *
 * Run: npm run test:e2e   (builds packages/web first; the server serves packages/web/dist)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorCatalog } from '@congso/core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { uncheckedRoutes } from './support/accessibility';
import { horizontalOverflow, launchBrowser, openPage, screenshot, watchProblems } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const admin = { username: 'admin', password: 'Congso@2026' };
const timeout = 30_000;

async function text(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

describe('admin journey', { timeout: 10 * 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];
  let tanNinhCode = '';

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      ({ context, page, problems } = await openPage(browser, server.baseUrl, { timeoutMs: timeout }));
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('the home page shows the province', async () => {
    const response = await page.goto('/');
    // The app runs under the server's strict CSP: no inline script is needed anywhere.
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'(;|$)/);
    await page.getByTestId('province-name').waitFor();
    assert.match(await text(page.getByTestId('province-name')), /Tây Ninh/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    // The province's facts are for officers: a visitor's home page leads with the search instead.
    await page.getByTestId('home-procedure-search').waitFor();
    assert.equal(await page.getByTestId('province-facts').count(), 0);
    await page.getByTestId('home-sign-in').waitFor();
    await screenshot(page, '01-home');
  });

  test('a wrong password shows the Vietnamese error message', async () => {
    await page.getByTestId('home-sign-in').click();
    await page.waitForURL('**/login');
    await page.getByLabel('Tên đăng nhập').fill(admin.username);
    await page.getByLabel('Mật khẩu').fill('not-the-password-1');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    assert.match(await text(error), new RegExp(errorCatalog.INVALID_CREDENTIALS.vi.replace('.', '\\.')));
    await screenshot(page, '02-login-wrong-password');
  });

  test('repeated failures are throttled and the wait is shown', async () => {
    // Throttling is per account (and, much higher, per address): an unknown account is used here.
    await page.getByLabel('Tên đăng nhập').fill('khong.ton.tai');
    const error = page.getByTestId('login-error');
    for (let attempt = 1; attempt <= 8; attempt++) {
      await page.getByLabel('Mật khẩu').fill(`sai-mat-khau-${attempt}`);
      const answer = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
      await page.getByTestId('login-submit').click();
      if ((await answer).status() === 429) break;
    }
    await page.getByTestId('login-wait').waitFor();
    assert.match(await text(error), new RegExp(errorCatalog.LOGIN_THROTTLED.vi.slice(0, 25)));
    assert.match(await text(page.getByTestId('login-wait')), /Có thể thử lại sau \d+ (phút|giây)/);
    assert.ok(await page.getByTestId('login-submit').isDisabled(), 'the button waits');
    await screenshot(page, '03-login-throttled');
    await page.goto('/login');
  });

  test('the admin signs in and lands on the agency tree', async () => {
    await page.getByLabel('Tên đăng nhập').fill(admin.username);
    await page.getByLabel('Mật khẩu').fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/admin/agencies');
    await page.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor();
    // The province's People's Committee is the root; with a single root it opens by itself.
    // Children load lazily after the root: wait for one to appear rather than counting at once.
    await page.getByTestId('agency-node').nth(1).waitFor();
    assert.ok((await page.getByTestId('agency-node').count()) > 1, 'the root shows its children');
    await screenshot(page, '04-agency-tree', { fullPage: false });
  });

  test('searching "tan ninh" without diacritics finds Phường Tân Ninh', async () => {
    await page.getByTestId('agency-search').fill('tan ninh');
    const result = page
      .getByTestId('agency-result')
      .filter({ hasText: /phường Tân Ninh/i })
      .first();
    await result.waitFor();
    tanNinhCode = (await text(result.getByTestId('agency-code'))).trim();
    assert.match(tanNinhCode, /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/);
    await screenshot(page, '05-agency-search');

    await result.getByRole('button').first().click();
    const detail = page.getByTestId('agency-detail');
    await detail.getByTestId('agency-detail-code').waitFor();
    assert.match(await text(detail.getByTestId('agency-detail-name')), /phường Tân Ninh/i);
    assert.match(await text(detail.getByTestId('agency-detail-code')), new RegExp(tanNinhCode.replace(/\./g, '\\.')));
    await screenshot(page, '06-agency-detail');
  });

  test('switching to English changes the labels and is remembered', async () => {
    await page.getByTestId('language-switch').locator('label').filter({ hasText: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Agencies' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByLabel('Search agencies').waitFor();
    await page.getByTestId('agency-detail').getByText('Identification code').waitFor();
    await screenshot(page, '07-agency-detail-english');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Agencies' }).waitFor();
    await page.getByTestId('agency-detail-code').waitFor();
  });

  test('the officers list shows the admin', async () => {
    await page.goto('/admin/officers');
    await page.getByRole('heading', { level: 1, name: 'Officers' }).waitFor();
    // The demo province has hundreds of officers over many pages: find the admin by name, as an admin would.
    await page.getByTestId('officer-search').fill(admin.username);
    await page.getByTestId('officer-row').filter({ hasText: admin.username }).first().waitFor();
    await screenshot(page, '08-officers-english');
    await page.getByTestId('language-switch').locator('label').filter({ hasText: 'VI' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cán bộ' }).waitFor();
  });

  test('the admin creates an officer in Phường Tân Ninh and edits it', async () => {
    const username = `canbo.e2e${Date.now() % 100000}`;
    await page.getByTestId('officer-create').click();
    const form = page.getByTestId('officer-create-form');
    await form.waitFor();
    await form.getByLabel('Tên đăng nhập').fill(username);
    await form.getByLabel('Họ và tên').fill('Phạm Thị Thử');
    await form.getByLabel('Thư điện tử').fill('thu@example.gov.vn');
    const agency = form.getByLabel('Cơ quan');
    await agency.fill('tan ninh');
    await page
      .getByRole('option', { name: /phường Tân Ninh/i })
      .first()
      .click();
    await form.getByLabel('Mật khẩu ban đầu').fill('ThuNghiem2026');
    await screenshot(page, '09-officer-create');
    await form.getByRole('button', { name: 'Thêm cán bộ' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByTestId('officer-search').fill(username);
    const row = page.getByTestId('officer-row').filter({ hasText: username });
    await row.waitFor();
    assert.match(await text(row), /Chuyên viên/);

    await row.getByRole('button', { name: /^Sửa / }).click();
    const edit = page.getByTestId('officer-edit-form');
    await edit.getByLabel('Họ và tên').fill('Phạm Thị Thử Nghiệm');
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await edit.waitFor({ state: 'detached' });
    await page
      .getByTestId('officer-row')
      .filter({ hasText: username })
      .filter({ hasText: 'Phạm Thị Thử Nghiệm' })
      .waitFor();
    await screenshot(page, '10-officer-edited');
  });

  test('the administration page lists every admin page by area; the outbox and the password page', async () => {
    // From the header: "Quản trị" opens the list of the administration pages the admin may open.
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Quản trị' }).click();
    await page.getByTestId('admin-index').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Quản trị' }).waitFor();
    assert.equal(await page.getByTestId('admin-group').count(), 4);
    for (const id of ['admin-agencies', 'admin-officers', 'admin-fees', 'admin-gateway', 'admin-certificates']) {
      assert.equal(await page.getByTestId(id).count(), 1, id);
    }
    await screenshot(page, '10-admin-index-desktop');
    await page.getByTestId('admin-outbox').click();
    await page.getByRole('heading', { level: 1, name: 'Hộp thư đi' }).waitFor();
    await page.getByTestId('outbox-page').waitFor();
    await screenshot(page, '10a-outbox');
    await page.goto('/account/password');
    await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
    await screenshot(page, '10b-password');
  });

  test('the national portal sync: not configured in the demo, the changes still queued with their state', async () => {
    await page.goto('/admin/dong-bo-dvcqg');
    await page.getByRole('heading', { level: 1, name: 'Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia' }).waitFor();
    await page.getByTestId('portal-sync-not-configured').waitFor();
    // The demo history's changes wait in the outbox until the sync is configured.
    assert.notEqual(await text(page.getByTestId('portal-sync-count-pending')), '0');
    await page.getByTestId('portal-sync-item').first().waitFor();
    await screenshot(page, '10aa-portal-sync');
    await page
      .getByRole('button', { name: /^Xem dữ liệu gửi của thay đổi/ })
      .first()
      .click();
    await page.getByRole('dialog').getByText('Dữ liệu được lập ở lần gửi đầu tiên.').waitFor();
    await page.keyboard.press('Escape');
  });

  test('the certificate registry: counts by kind and status, a filter, revoking with a reason', async () => {
    await page.goto('/admin/chung-thu');
    await page.getByRole('heading', { level: 1, name: 'Chứng thư số' }).waitFor();
    const counts = page.getByTestId('certificate-counts');
    await counts.waitFor();
    // The demo: 5 signers' personal certificates, 3 agencies' and the OCSP responder's.
    assert.match(await text(counts.getByLabel('Số lượng chứng thư Cá nhân')), /Cá nhân5Đang hiệu lực: 5/);
    assert.match(await text(counts.getByLabel('Số lượng chứng thư Cơ quan, tổ chức')), /Cơ quan, tổ chức3/);
    await page.getByTestId('certificate-row').nth(8).waitFor();
    await screenshot(page, '10c-certificates');
    await page.getByLabel('Tìm theo tên, chủ thể hoặc số hiệu').fill('mai thi hanh');
    // The filter applies after a short pause in typing: wait for the list to narrow to her row alone.
    await page.waitForFunction(
      () => {
        const rows = document.querySelectorAll('[data-testid="certificate-row"]');
        return rows.length === 1 && (rows[0]?.textContent ?? '').includes('Mai Thị Hạnh');
      },
      undefined,
      { timeout: 15_000 },
    );
    await page.getByRole('button', { name: 'Thu hồi chứng thư của Mai Thị Hạnh' }).click();
    await page.getByTestId('revoke-reason').click();
    await page.getByRole('option', { name: 'Thay đổi cơ quan, đơn vị công tác' }).click();
    await page.getByRole('dialog').getByLabel('Ghi chú (không bắt buộc)').fill('Chuyển công tác sang Sở Nội vụ');
    await screenshot(page, '10d-certificate-revoke', { fullPage: false });
    await page.getByTestId('confirm-revoke').click();
    await page.getByTestId('certificate-revoked').waitFor();
    await page.getByTestId('certificate-row').filter({ hasText: 'Đã thu hồi' }).waitFor();
    assert.match(await text(counts.getByLabel('Số lượng chứng thư Cá nhân')), /Đã thu hồi: 1/);
    await screenshot(page, '10e-certificate-revoked');
  });

  test('on a 390 px wide phone nothing overflows', async () => {
    const phone = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    phone.setDefaultTimeout(timeout);
    try {
      const mobile = await phone.newPage();
      const mobileProblems = watchProblems(mobile);
      await mobile.goto('/');
      await mobile.getByTestId('province-name').waitFor();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'home fits 390 px');
      await screenshot(mobile, '11-mobile-home');

      await mobile.goto('/login');
      await mobile.getByLabel('Tên đăng nhập').fill(admin.username);
      await mobile.getByLabel('Mật khẩu').fill(admin.password);
      await mobile.getByTestId('login-submit').click();
      await mobile.waitForURL('**/admin/agencies');
      await mobile.getByTestId('agency-node').nth(1).waitFor();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'agency tree fits 390 px');
      await screenshot(mobile, '12-mobile-agency-tree', { fullPage: false });

      await mobile.getByTestId('agency-search').fill('tan ninh');
      const result = mobile
        .getByTestId('agency-result')
        .filter({ hasText: /phường Tân Ninh/i })
        .first();
      await result.getByRole('button').first().click();
      await mobile.getByTestId('agency-detail-code').waitFor();
      await mobile.getByTestId('agency-detail').scrollIntoViewIfNeeded();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'agency detail fits 390 px');
      await screenshot(mobile, '13-mobile-agency-detail', { fullPage: false });

      await mobile.goto('/admin/officers');
      await mobile.getByTestId('officer-row').first().waitFor();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'officers page fits 390 px (the table scrolls inside)');
      await screenshot(mobile, '14-mobile-officers');

      await mobile.getByTestId('user-menu').click();
      await mobile.getByTestId('sign-out').waitFor();
      await screenshot(mobile, '15-mobile-menu', { fullPage: false });
      await mobile.getByTestId('menu-admin').click();
      await mobile.getByTestId('admin-index').waitFor();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'the administration page fits 390 px');
      await screenshot(mobile, '16-mobile-admin-index');
      assert.deepEqual(mobileProblems, []);
    } finally {
      await phone.close();
    }
  });

  test('signing out returns to the home page', async () => {
    await page.goto('/');
    // Signed in, the officer's home shows the province's facts.
    assert.match(await text(page.getByTestId('province-committee')), /Ủy ban nhân dân/i);
    assert.match(await text(page.getByTestId('province-commune-count')), /^\d+$/);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('home-sign-in').waitFor();
    const me = await page.request.get('/api/v1/auth/me');
    assert.equal(me.status(), 401);
    await screenshot(page, '16-signed-out');
  });

  test('no page error, CSP violation or console error happened', () => {
    assert.deepEqual(problems, []);
  });

  test('axe checked every page the journey went to', () => {
    assert.deepEqual(uncheckedRoutes(), []);
  });
});
