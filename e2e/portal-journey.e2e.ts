/**
 * A citizen's journey through the public procedure catalogue, in Debian's Chromium against a real server
 * with the demo catalogue (1,601 procedures), without signing in: from the home page to the procedures,
 * a search without diacritics and one in plain words, the procedure page (documents, deadline, fee), the
 * Back button, filters, load more, the empty and error states, a wrong code, the English switch and a 390 px
 * wide phone. Screenshots of each step go to e2e/artifacts/portal-*.png.
 *
 * Run: npm run build:web && node --import tsx --test e2e/portal-journey.e2e.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { sealAppearance, sealRectOver, signerAppearance } from '../packages/server/src/signing/pades/appearance';
import { signPades } from '../packages/server/src/signing/pades/sign';
import { SAMPLE_SIGNATURE_RECT, sampleDocument } from '../packages/server/src/signing/testing/sample-document';
import { TimestampAuthority } from '../packages/server/src/signing/tsa/tsa';
import { LocalTimestampClient } from '../packages/server/src/signing/tsa/tsa-client';
import { checkAccessibility, uncheckedRoutes } from './support/accessibility';
import { horizontalOverflow, launchBrowser, openPage, screenshot, watchProblems } from './support/browser';
import { type RunningServer, startServer } from './support/server';
import { testPki } from './support/signing';

const timeout = 30_000;
const birth = { code: '1.001193', name: 'Thủ tục đăng ký khai sinh' };

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** Names of the results shown, in order, once the list has settled for `q`. */
async function resultNames(page: Page): Promise<string[]> {
  return (await page.getByTestId('procedure-link').allTextContents()).map((name) => name.trim());
}

/** Navigates inside the single-page app, as a link would (no reload: the journey keeps its state). */
async function openInApp(page: Page, path: string): Promise<void> {
  if (new URL(page.url()).origin === 'null' || !page.url().startsWith('http')) await page.goto('/');
  await page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.waitForURL((url) => url.pathname === path);
}

/** Resolves when the page has received a search answer whose query matches. */
function searchAnswered(page: Page, matches: (params: URLSearchParams) => boolean) {
  return page.waitForResponse(
    (response) => response.url().includes('/api/v1/procedures?') && matches(new URL(response.url()).searchParams),
  );
}

/** Waits until the address carries the search and the answer for it is on screen. */
async function searchFor(page: Page, q: string): Promise<void> {
  const answered = page.waitForResponse(
    (response) => response.url().includes('/api/v1/procedures?') && new URL(response.url()).searchParams.get('q') === q,
  );
  await page.getByTestId('procedure-search').fill(q);
  await answered;
  await page.waitForURL((url) => url.searchParams.get('q') === q);
  await page.locator('[aria-busy="false"]').getByTestId('procedure-total').waitFor();
}

/** The sample decision signed by its chairman and sealed by the ward (the signing tests' test CA). */
async function signedSample(): Promise<Buffer> {
  const pki = await testPki();
  const now = new Date();
  const tsa = new LocalTimestampClient(new TimestampAuthority({ signer: pki.signer(pki.tsa), now: () => now }));
  const signed = await signPades(await sampleDocument(), {
    signer: pki.signer(pki.person),
    tsa,
    page: -1,
    rect: SAMPLE_SIGNATURE_RECT,
    appearance: await signerAppearance('Nguyễn Văn An', SAMPLE_SIGNATURE_RECT),
    reason: 'Ký ban hành',
    signingTime: now,
  });
  const seal = sealRectOver(SAMPLE_SIGNATURE_RECT);
  return signPades(signed, {
    signer: pki.signer(pki.agency),
    tsa,
    page: -1,
    rect: seal,
    appearance: await sealAppearance('UBND phường Tân Ninh', seal),
    reason: 'Đóng dấu',
    signingTime: now,
  });
}

describe('citizen portal journey', { timeout: 10 * 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];
  const scripts: string[] = [];

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      ({ context, page, problems } = await openPage(browser, server.baseUrl, { timeoutMs: timeout }));
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('from the home page to the procedures, without signing in', async () => {
    await page.goto('/');
    await page.getByTestId('province-name').waitFor();
    await page.getByTestId('home-procedure-search').waitFor();
    // The most used procedures are counted from the demo's dossiers.
    await page.getByTestId('home-popular-item').first().waitFor();
    await page.getByTestId('header-sign-in').waitFor();
    await screenshot(page, 'portal-01-home');

    await page.getByRole('navigation').getByRole('link', { name: 'Thủ tục hành chính' }).click();
    await page.waitForURL('**/thu-tuc');
    await page.getByRole('heading', { level: 1, name: 'Thủ tục hành chính' }).waitFor();
    await page
      .getByTestId('procedure-total')
      .filter({ hasText: /^Có 1\.601 thủ tục$/ })
      .waitFor();
    assert.equal(await page.getByTestId('procedure-result').count(), 20);
    assert.equal(
      await page.getByRole('searchbox', { name: 'Tìm thủ tục' }).getAttribute('placeholder'),
      'Bạn cần làm thủ tục gì? Ví dụ: đăng ký khai sinh',
    );
    await screenshot(page, 'portal-02-procedures', { fullPage: false });
  });

  test('"dang ky khai sinh" without diacritics finds the birth registration first', async () => {
    await searchFor(page, 'dang ky khai sinh');
    const names = await resultNames(page);
    assert.equal(names[0], birth.name);
    assert.match(await text(page.getByTestId('procedure-total')), /^Tìm thấy \d+ thủ tục$/);
    const first = page.getByTestId('procedure-result').first();
    assert.equal(await text(first.getByTestId('procedure-code')), birth.code);
    assert.equal(await text(first.getByTestId('procedure-field')), 'Hộ tịch');
    assert.equal(await text(first.getByTestId('procedure-deadline')), '1 ngày làm việc');
    assert.equal(await text(first.getByTestId('procedure-fee')), 'Miễn phí');
    assert.equal(await text(first.getByTestId('service-mode')), 'Một phần');
    await screenshot(page, 'portal-03-search-no-diacritics');
  });

  test('"làm giấy khai sinh cho con" shows it within the first three', async () => {
    await searchFor(page, 'làm giấy khai sinh cho con');
    const names = await resultNames(page);
    assert.ok(names.slice(0, 3).includes(birth.name), `first three: ${names.slice(0, 3).join(' | ')}`);
    await screenshot(page, 'portal-04-search-plain-words', { fullPage: false });
  });

  test('the procedure page shows the documents, the deadline and the fee', async () => {
    await page
      .getByTestId('procedure-link')
      .filter({ hasText: new RegExp(`^${birth.name}$`) })
      .click();
    await page.waitForURL(`**/thu-tuc/${birth.code}`);
    await page.getByRole('heading', { level: 1, name: birth.name }).waitFor();
    assert.equal(await text(page.getByTestId('procedure-detail').getByTestId('procedure-code')), birth.code);
    assert.match(await text(page.getByTestId('procedure-version')), /Phiên bản 1 · Áp dụng từ 01\/07\/2025/);

    const documents = page.getByTestId('procedure-document');
    assert.ok((await documents.count()) >= 5, 'the documents are listed');
    await page.getByRole('heading', { level: 3, name: 'Giấy tờ phải nộp' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Giấy tờ phải xuất trình' }).waitFor();
    await page
      .getByTestId('procedure-documents')
      .getByText(/^Giấy chứng sinh/)
      .waitFor();
    assert.ok((await page.locator('[data-testid="procedure-document"][data-mandatory="true"]').count()) >= 2);

    const counter = page.getByTestId('channel-counter');
    assert.equal(await text(counter.getByTestId('channel-name')), 'Trực tiếp');
    assert.equal(await text(counter.getByTestId('channel-deadline')), '1 ngày làm việc');
    assert.equal(await text(counter.getByTestId('channel-fee')), 'Miễn phí');
    await page.getByTestId('channel-online').waitFor();
    await page.getByTestId('channel-postal').waitFor();
    await page.getByTestId('procedure-results').getByText('Giấy khai sinh').waitFor();
    await page
      .getByTestId('procedure-legal')
      .getByText(/123\/2015\/NĐ-CP/)
      .first()
      .waitFor();

    // Online filing leads to the e-form (signing in first, as a citizen).
    const fileOnline = page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' });
    assert.match((await fileOnline.getAttribute('href')) ?? '', /\/thu-tuc\/1\.001193\/nop-ho-so$/);
    assert.equal(
      await text(page.getByTestId('file-online-note')),
      'Đăng nhập bằng tài khoản công dân (số CCCD) để nộp và theo dõi hồ sơ.',
    );
    await screenshot(page, 'portal-05-procedure');
  });

  test('Back returns to the search with its words', async () => {
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/thu-tuc');
    assert.equal(await page.getByTestId('procedure-search').inputValue(), 'làm giấy khai sinh cho con');
    await page
      .getByTestId('procedure-link')
      .filter({ hasText: new RegExp(`^${birth.name}$`) })
      .waitFor();
    // The shared address opens the same search.
    await page.goto('/thu-tuc?q=dang%20ky%20khai%20sinh');
    assert.equal(await page.getByTestId('procedure-search').inputValue(), 'dang ky khai sinh');
    await page.getByTestId('procedure-link').first().waitFor();
    assert.equal((await resultNames(page))[0], birth.name);
  });

  test('filters by level, service mode and field, and loads more', async () => {
    await page.goto('/thu-tuc');
    await page.getByTestId('procedure-result').first().waitFor();
    const byLevel = searchAnswered(page, (params) => params.get('level') === 'commune');
    await page.getByLabel('Cấp thực hiện').selectOption('commune');
    await byLevel;
    await page.waitForURL((url) => url.searchParams.get('level') === 'commune');

    const byField = searchAnswered(page, (params) => params.get('field') === 'Hộ tịch');
    await page.getByLabel('Lĩnh vực').selectOption('Hộ tịch');
    await byField;
    await page.getByTestId('procedure-field').first().waitFor();
    const fields = await page.getByTestId('procedure-field').allTextContents();
    assert.ok(fields.length > 0 && fields.every((field) => field === 'Hộ tịch'), fields.join(','));

    const byMode = searchAnswered(page, (params) => params.get('serviceMode') === 'partial_online');
    await page.getByLabel('Hình thức').selectOption('partial_online');
    await byMode;
    await page.waitForURL(
      (url) =>
        url.searchParams.get('serviceMode') === 'partial_online' &&
        url.searchParams.get('field') === 'Hộ tịch' &&
        url.searchParams.get('level') === 'commune',
    );
    await page.getByTestId('procedure-result').first().waitFor();
    const badges = await page.getByTestId('procedure-result').getByTestId('service-mode').allTextContents();
    assert.ok(badges.length > 0 && badges.every((badge) => badge === 'Một phần'), badges.join(','));
    const levels = await page.getByTestId('procedure-result').first().textContent();
    assert.match(levels ?? '', /Cấp xã/);
    await screenshot(page, 'portal-06-filters', { fullPage: false });

    await page.goto('/thu-tuc');
    await page.getByTestId('procedure-result').nth(19).waitFor();
    await page.getByTestId('procedure-load-more').click();
    await page.getByTestId('procedure-result').nth(39).waitFor();
    assert.equal(await page.getByTestId('procedure-result').count(), 40);
  });

  test('an empty search suggests other words', async () => {
    await searchFor(page, 'qqqq zzzz xxxx');
    await page.getByTestId('procedure-empty').waitFor();
    await page.getByRole('heading', { name: 'Không tìm thấy thủ tục phù hợp' }).waitFor();
    await screenshot(page, 'portal-07-empty', { fullPage: false });
    await page.getByRole('button', { name: 'khai sinh' }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === 'khai sinh');
    await page
      .getByTestId('procedure-link')
      .filter({ hasText: new RegExp(`^${birth.name}$`) })
      .waitFor();
  });

  test('a wrong or unknown code says the procedure is not found', async () => {
    await page.goto('/thu-tuc/khong-co');
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy thủ tục' }).waitFor();
    await checkAccessibility(page, 'portal-08-not-found-wrong-code');
    // A well-formed code that is not in force: the API answers 404.
    await page.goto('/thu-tuc/9.999999');
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy thủ tục' }).waitFor();
    assert.match(await text(page.getByTestId('procedure-not-found')), /9\.999999/);
    await screenshot(page, 'portal-08-not-found', { fullPage: false });
  });

  test('a procedure address opened directly (reload, shared link) gets the app', async () => {
    const response = await page.request.get(`/thu-tuc/${birth.code}`);
    assert.match(response.headers()['content-type'] ?? '', /text\/html/);
    await page.goto(`/thu-tuc/${birth.code}`);
    await page.getByRole('heading', { level: 1, name: birth.name }).waitFor();
  });

  test('anyone checks the digital signatures of a PDF: the signer’s and the agency’s', async () => {
    const pdf = await signedSample();
    await openInApp(page, '/kiem-tra-chu-ky');
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số trên văn bản' }).waitFor();
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'quyet-dinh.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByTestId('verify-submit').click();
    await page.getByTestId('signature').nth(1).waitFor();
    assert.deepEqual(await page.getByTestId('signature-signer').allTextContents(), [
      'Nguyễn Văn An',
      'UBND phường Tân Ninh',
    ]);
    assert.deepEqual(await page.getByTestId('signature-organization').allTextContents(), [
      'UBND phường Tân Ninh',
      'UBND phường Tân Ninh',
    ]);
    // The journey's server trusts the province's CA, not the test CA these were signed with.
    assert.deepEqual(await page.getByTestId('signature-status').allTextContents(), [
      'Chứng thư không do tổ chức tin cậy cấp',
      'Chứng thư không do tổ chức tin cậy cấp',
    ]);
    await screenshot(page, 'portal-19-verify-signatures');
  });

  test('switching to English changes the labels', async () => {
    await openInApp(page, `/thu-tuc/${birth.code}`);
    await page.getByRole('heading', { level: 1, name: birth.name }).waitFor();
    await page.getByTestId('language-switch').locator('label').filter({ hasText: 'EN' }).click();
    await page.getByRole('heading', { level: 2, name: /^Required documents/ }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    const counter = page.getByTestId('channel-counter');
    assert.equal(await text(counter.getByTestId('channel-name')), 'In person');
    assert.equal(await text(counter.getByTestId('channel-deadline')), '1 working day');
    assert.equal(await text(counter.getByTestId('channel-fee')), 'Free');
    assert.equal(
      await text(page.getByTestId('file-online-note')),
      'Sign in with your citizen account (CCCD number) to apply and follow your dossier.',
    );
    assert.match(await text(page.getByTestId('procedure-version')), /Version 1 · In force from 1 Jul 2025/);
    await screenshot(page, 'portal-09-procedure-english');

    await page.getByTestId('procedure-back').click();
    await page.getByRole('heading', { level: 1, name: 'Administrative procedures' }).waitFor();
    await page.getByTestId('procedure-total').filter({ hasText: 'Procedures: 1,601' }).waitFor();
    await page.getByLabel('Service mode').waitFor();
    await screenshot(page, 'portal-10-procedures-english', { fullPage: false });
    await page.getByTestId('language-switch').locator('label').filter({ hasText: 'VI' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thủ tục hành chính' }).waitFor();
  });

  test('the portal does not load the admin pages', () => {
    assert.ok(
      scripts.some((path) => /procedures-page/.test(path)),
      `the catalogue is its own chunk: ${scripts.join(', ')}`,
    );
    const admin = scripts.filter((path) => /agencies-page|officers-page/.test(path));
    assert.deepEqual(admin, []);
  });

  test('a network failure shows an error with a retry', async () => {
    const flaky = await context.newPage();
    try {
      await flaky.addInitScript(() => localStorage.setItem('congso.language', 'vi'));
      let fail = true;
      await flaky.route('**/api/v1/procedures?**', (route) => (fail ? route.abort('failed') : route.continue()));
      await flaky.goto('/thu-tuc?q=ket%20hon');
      const error = flaky.getByTestId('procedure-search-error');
      await error.waitFor();
      assert.match(await text(error), /Không kết nối được máy chủ/);
      await screenshot(flaky, 'portal-11-network-error', { fullPage: false });
      fail = false;
      await error.getByRole('button', { name: 'Thử lại' }).click();
      await flaky.getByTestId('procedure-result').first().waitFor();
      await error.waitFor({ state: 'detached' });
    } finally {
      await flaky.close();
    }
  });

  test('on a 390 px wide phone nothing overflows', async () => {
    const phone = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'vi-VN',
    });
    phone.setDefaultTimeout(timeout);
    try {
      const mobile = await phone.newPage();
      const mobileProblems = watchProblems(mobile);
      await mobile.goto('/');
      await mobile.getByTestId('province-name').waitFor();
      await mobile.getByTestId('home-popular-item').first().waitFor();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'home fits 390 px');
      await screenshot(mobile, 'portal-12-mobile-home');

      // The header keeps a way to the procedures on a phone; the home card searches straight away.
      await mobile.getByRole('banner').getByRole('link', { name: 'Thủ tục hành chính' }).waitFor();
      await mobile.getByTestId('home-procedure-search').fill('dang ky khai sinh');
      await mobile.getByTestId('home-procedure-submit').click();
      await mobile.waitForURL(
        (url) => url.pathname === '/thu-tuc' && url.searchParams.get('q') === 'dang ky khai sinh',
      );
      await mobile.getByTestId('procedure-link').first().waitFor();
      assert.equal((await resultNames(mobile))[0], birth.name);
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'results fit 390 px');
      await screenshot(mobile, 'portal-13-mobile-results', { fullPage: false });
      await screenshot(mobile, 'portal-14-mobile-results-full');

      await mobile.getByTestId('procedure-link').first().click();
      await mobile.getByRole('heading', { level: 1, name: birth.name }).waitFor();
      // The page opens at its top (the list was scrolled).
      assert.equal(await mobile.evaluate(() => window.scrollY), 0);
      await mobile.getByTestId('procedure-document').first().waitFor();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'procedure page fits 390 px');
      await screenshot(mobile, 'portal-15-mobile-procedure', { fullPage: false });
      await screenshot(mobile, 'portal-16-mobile-procedure-full');

      // A long fee text and a long field name.
      await mobile.goto('/thu-tuc?q=dau%20tu%20nuoc%20ngoai');
      await mobile.getByTestId('procedure-link').first().waitFor();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'long texts fit 390 px');
      await mobile.getByTestId('procedure-link').first().click();
      await mobile.getByTestId('procedure-detail').waitFor();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'long procedure fits 390 px');
      await screenshot(mobile, 'portal-17-mobile-procedure-long');

      await mobile.getByTestId('language-switch').locator('label').filter({ hasText: 'EN' }).click();
      await mobile.getByRole('heading', { level: 2, name: /^Required documents/ }).waitFor();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'English fits 390 px');
      await mobile.goto('/thu-tuc');
      await mobile.getByTestId('procedure-result').first().waitFor();
      assert.ok((await horizontalOverflow(mobile)) <= 0, 'English list fits 390 px');
      await screenshot(mobile, 'portal-18-mobile-procedures-english', { fullPage: false });
      assert.deepEqual(mobileProblems, []);
    } finally {
      await phone.close();
    }
  });

  test('no page error, CSP violation or console error happened', () => {
    assert.deepEqual(problems, []);
  });

  test('axe checked every page the journey went to', () => {
    assert.deepEqual(uncheckedRoutes(), []);
  });
});
