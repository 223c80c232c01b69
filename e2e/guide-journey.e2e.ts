/**
 * The guide on a phone (390 px): a citizen types an everyday request to the virtual guide, answers its
 * question (first time, again or an exchange), gets the papers with their source, hands over to filing, signs in and files
 * the procedure chosen. Then the search page asks the same kind of question and says when nothing fits, and
 * the province's admin page lists what was learnt. Screenshots go to e2e/artifacts/guide-*.png.
 *
 * Run: npm run build:web && node --import tsx --test e2e/guide-journey.e2e.ts
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, uncheckedRoutes } from './support/accessibility';
import { horizontalOverflow, launchBrowser, openPage, screenshot } from './support/browser';
import { fillAgencyAndDocuments } from './support/eform';
import { type RunningServer, repoRoot, startServer } from './support/server';

const timeout = 30_000;
const password = 'Congso@2026';
const sample = (name: string) => join(repoRoot, 'packages/core/src/files/fixtures', name);

describe('guide journey on a phone: ask, answer the question, file', { timeout: 10 * 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let phone: Page;
  let problems: string[] = [];

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      const opened = await openPage(browser, server.baseUrl, {
        width: 390,
        height: 844,
        mobile: true,
        timeoutMs: timeout,
      });
      contexts.push(opened.context);
      phone = opened.page;
      problems = opened.problems;
    },
    { timeout: 180_000 },
  );

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('the citizen asks the guide in everyday words and answers its question', async () => {
    await phone.goto('/');
    await phone.getByTestId('guide-open').click();
    await phone.getByTestId('guide-input').waitFor();
    await screenshot(phone, 'guide-01-open', { fullPage: false });
    await phone.getByTestId('guide-input').fill('cấp thẻ căn cước cho con cần giấy tờ gì');
    const replied = phone.waitForResponse((r) => r.url().includes('/api/v1/assistant?'));
    await phone.getByTestId('guide-send').click();
    const reply = await replied;
    assert.equal(reply.status(), 200, await reply.text());
    const body = (await reply.json()) as {
      kind: string;
      question: { options: { label: { vi: string }; code: string }[] };
    };
    assert.equal(body.kind, 'question', JSON.stringify(body));
    // The answer that keeps the child's card (under 14), whichever way the question separates them.
    const wanted = body.question.options.find((o) => o.code === '1.014062');
    assert.ok(wanted, JSON.stringify(body.question));
    const option = phone.getByTestId('guide-option').filter({ hasText: wanted.label.vi });
    await option.waitFor();
    assert.ok((await horizontalOverflow(phone)) <= 0, 'the guide fits 390 px');
    await screenshot(phone, 'guide-02-question', { fullPage: false });
    await option.click();
    const answer = phone.getByTestId('guide-reply').last();
    await answer.getByTestId('guide-file').waitFor();
    assert.match((await answer.textContent()) ?? '', /Cấp thẻ căn cước cho người dưới 14 tuổi/);
    assert.match((await answer.textContent()) ?? '', /Giấy tờ cần có/);
    const source = answer.getByTestId('guide-sources').getByRole('link');
    assert.equal(await source.getAttribute('href'), '/thu-tuc/1.014062');
    await screenshot(phone, 'guide-03-answer', { fullPage: false });
  });

  test('it hands over to filing the procedure chosen, and the citizen files it', async () => {
    await phone.getByTestId('guide-reply').last().getByTestId('guide-file').click();
    await phone.waitForURL(/\/login\?next=/);
    await phone.getByTestId('login-submit').waitFor();
    // The guide closes as the page changes: axe reads the page once the panel has faded out (while it fades,
    // its dimmed text over the overlay fails the contrast rule — the cause of an earlier CI failure).
    await phone.getByTestId('guide-input').waitFor({ state: 'detached' });
    await checkAccessibility(phone, 'guide-sign-in');
    await phone.getByTestId('login-username').fill('072090001234');
    await phone.getByTestId('login-password').fill(password);
    await phone.getByTestId('login-submit').click();
    await phone.waitForURL(/\/thu-tuc\/1\.014062\/nop-ho-so/);
    await phone.getByTestId('filing-page').waitFor();
    await checkAccessibility(phone, 'guide-filing');
    await fillAgencyAndDocuments(phone, {
      agencyQuery: 'tan ninh',
      agencyName: /Tân Ninh/,
      file: sample('sample.pdf'),
    });
    await phone.getByTestId('filing-phone').fill('0912 345 678');
    await phone.getByTestId('filing-address').fill('Số 12 đường 30/4, phường Tân Ninh, tỉnh Tây Ninh');
    await phone.getByTestId('filing-continue').click();
    await phone.getByTestId('submit-dossier').waitFor();
    const counted = phone.waitForResponse((r) => r.url().endsWith('/api/v1/procedures/search-choices'));
    await phone.getByTestId('submit-dossier').click();
    await phone.getByTestId('filing-success').waitFor();
    const signal = await counted;
    assert.equal(signal.status(), 204, 'the filing counts as the search’s choice');
    assert.equal(JSON.parse(signal.request().postData() ?? '{}').code, '1.014062');
    await screenshot(phone, 'guide-04-filed', { fullPage: false });
  });

  test('the guide tells the signed-in citizen where the dossier is', async () => {
    await phone.getByTestId('guide-open').click();
    await phone.getByTestId('guide-input').fill('hồ sơ của tôi đến đâu rồi');
    await phone.getByTestId('guide-send').click();
    await phone.getByTestId('guide-dossiers').waitFor();
    assert.match((await phone.getByTestId('guide-dossiers').textContent()) ?? '', /Mới đăng ký/);
    await screenshot(phone, 'guide-05-status', { fullPage: false });
    await phone.keyboard.press('Escape');
  });

  test('an English reader asks in English and is answered in English (the catalogue’s names as published)', async () => {
    await phone.getByTestId('language-switch').locator('label').filter({ hasText: 'EN' }).click();
    await phone.getByTestId('guide-open').click();
    await phone.getByTestId('guide-input').fill('How much is đăng ký khai sinh?');
    const replied = phone.waitForResponse((r) => r.url().includes('/api/v1/assistant?'));
    await phone.getByTestId('guide-send').click();
    const first = (await (await replied).json()) as {
      kind: string;
      question: { text: { en: string }; options: { label: { en: string }; code: string }[] } | null;
    };
    // Close names (the plain one, mobile, combined…) unless the filings separate them: then it asks in English,
    // the options named as the catalogue names them.
    if (first.kind === 'question' && first.question) {
      await phone.getByText(first.question.text.en).first().waitFor();
      const option = first.question.options.find((o) => o.code === '1.001193');
      assert.ok(option, JSON.stringify(first.question));
      await phone.getByTestId('guide-option').filter({ hasText: option.label.en }).first().click();
    } else assert.equal(first.kind, 'answer', JSON.stringify(first));
    const answer = phone.getByTestId('guide-reply').last();
    await answer.getByText(/^The fees of “Thủ tục đăng ký khai sinh”/).waitFor();
    const text = (await answer.textContent()) ?? '';
    assert.match(text, /Fees/);
    assert.match(text, /At the counter: /);
    assert.doesNotMatch(text, /Nộp trực tiếp|Phí, lệ phí/);
    assert.ok((await horizontalOverflow(phone)) <= 0, 'the English answer fits 390 px');
    await screenshot(phone, 'guide-05b-english', { fullPage: false });
    await phone.keyboard.press('Escape');
    await phone.getByTestId('language-switch').locator('label').filter({ hasText: 'VI' }).click();
  });

  test('the search page asks when results are close, and says when nothing fits', async () => {
    await phone.goto('/thu-tuc?q=gia%20h%E1%BA%A1n%20gi%E1%BA%A5y%20ph%C3%A9p%20x%C3%A2y%20d%E1%BB%B1ng');
    await phone.getByTestId('search-question').waitFor();
    await screenshot(phone, 'guide-06-search-question', { fullPage: false });
    await phone.getByTestId('search-question-option').filter({ hasText: 'Nhà ở riêng lẻ' }).click();
    await phone.getByTestId('search-answered').waitFor();
    assert.equal((await phone.getByTestId('procedure-code').first().textContent())?.trim(), '1.013227');
    await screenshot(phone, 'guide-07-search-answered', { fullPage: false });
    await phone.goto('/thu-tuc?q=%C4%91i%E1%BB%87n%20tho%E1%BA%A1i');
    await phone.getByTestId('search-no-match').waitFor();
    assert.equal(await phone.getByTestId('procedure-result').count(), 0, 'no loose matches listed');
    assert.ok((await horizontalOverflow(phone)) <= 0);
    await screenshot(phone, 'guide-08-search-none', { fullPage: false });
  });

  test('the province sees misses and what citizens chose (/admin/tim-kiem)', async () => {
    const desk = await openPage(browser, server.baseUrl, { width: 1366, height: 900, timeoutMs: timeout });
    contexts.push(desk.context);
    const admin = desk.page;
    await admin.goto('/login?next=/admin/tim-kiem');
    await admin.getByTestId('login-username').fill('admin');
    await admin.getByTestId('login-password').fill(password);
    await admin.getByTestId('login-submit').click();
    await admin.getByTestId('search-admin-page').waitFor();
    await admin.getByTestId('search-learning').getByText('1.014062').first().waitFor();
    await admin.getByTestId('search-misses').getByText('dien thoai').first().waitFor();
    await screenshot(admin, 'guide-09-admin-search');
    assert.deepEqual(desk.problems, []);
  });

  test('no page error, CSP violation or console error; axe checked every page', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(uncheckedRoutes(), []);
  });
});
