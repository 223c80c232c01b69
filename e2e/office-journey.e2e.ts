/**
 * The documents office journey, in Debian's Chromium against a real server (demo province): the document clerk
 * of Sở Tư pháp registers an incoming letter from its PDF (field errors first), the director assigns it to the
 * head of a department, who assigns it to a specialist; the specialist gives an opinion, drafts the reply
 * (composed text, to UBND phường Tân Ninh inside Congso) and submits it; the head approves, the director signs,
 * the clerk numbers and issues it and sends it; the ward's document clerk sees it arrive in the inbox and
 * registers it; the sender sees it registered. Then the registers, a work file, the online share and the search
 * without diacritics. Screenshots of each step go to e2e/artifacts/office-*.png; the director signs through the
 * signing service (no upload), and the issued PDF (number and date printed, the agency's seal) carries two valid
 * signatures for the server's verifier and for poppler's pdfsig; it is saved and rendered to
 * e2e/artifacts/office-signed-pdf-1.png with poppler's pdftoppm.
 *
 * Run: npm run build:web && node --import tsx --test e2e/office-journey.e2e.ts
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, uncheckedRoutes } from './support/accessibility';
import { artifactsDir, launchBrowser, openPage, screenshot } from './support/browser';
import { type RunningServer, repoRoot, startServer } from './support/server';

const timeout = 30_000;
const password = 'Congso@2026';
const sample = (name: string) => join(repoRoot, 'packages/core/src/files/fixtures', name);
const subject = 'V/v rà soát thủ tục hành chính lĩnh vực hộ tịch năm 2026';
const replySubject = 'Báo cáo kết quả rà soát thủ tục hành chính lĩnh vực hộ tịch';

describe('documents office journey: register, assign, reply, sign, issue, deliver', { timeout: 10 * 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];
  const pages = new Map<string, Page>();
  let incomingId = '';
  let outgoingId = '';
  let notation = '';
  let signInChecked = false;

  /** A browser of its own per person, signed in, as each would be at their own desk. */
  async function as(username: string): Promise<Page> {
    const known = pages.get(username);
    if (known) return known;
    const opened = await openPage(browser, server.baseUrl, { width: 1366, height: 900, timeoutMs: timeout });
    contexts.push(opened.context);
    problems.push(opened.problems);
    const page = opened.page;
    await page.goto('/login?next=/van-ban/den');
    await page.getByTestId('login-username').fill(username);
    if (!signInChecked) {
      await checkAccessibility(page, 'office-sign-in');
      signInChecked = true;
    }
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('incoming-list').waitFor();
    pages.set(username, page);
    return page;
  }

  async function openDocument(page: Page, direction: 'den' | 'di', id: string): Promise<void> {
    await page.goto(`/van-ban/${direction}/${id}`);
    await page.getByTestId('document-page').waitFor();
  }

  /** Opens an action's form, lets `fill` fill it, sends it and waits for the new version (and status). */
  async function act(
    page: Page,
    action: string,
    options: { fill?: (page: Page) => Promise<void>; status?: string; shot?: string } = {},
  ): Promise<void> {
    const version = await page.getByTestId('document-page').getAttribute('data-version');
    await page.getByTestId(`do-${action}`).click();
    const submit = page.getByTestId(`action-form-${action}`).getByTestId('action-submit');
    await submit.waitFor();
    if (options.fill) await options.fill(page);
    if (options.shot) await shot(page, options.shot, { fullPage: false });
    await submit.click();
    await page.waitForFunction(
      (v) => document.querySelector('[data-testid="document-page"]')?.getAttribute('data-version') !== v,
      version,
    );
    await page.getByTestId('action-notice').waitFor();
    if (options.status) {
      assert.equal(await page.getByTestId('document-page').getAttribute('data-status'), options.status, action);
    }
  }

  /** Picks an option of a Mantine select by its visible text. */
  async function choose(page: Page, testId: string, option: RegExp): Promise<void> {
    await page.getByTestId(testId).click();
    await page.getByRole('option', { name: option }).first().click();
  }

  /**
   * A screenshot (and axe at both widths) from the top of the page: a full-page picture taken further down
   * would draw the fixed header over the middle of the page.
   */
  async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
    if (options.fullPage !== false) await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name, options);
  }

  /** Chooses the sample PDF through the button's file chooser. */
  async function choosePdf(page: Page, testId: string): Promise<void> {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId(testId).click()]);
    await chooser.setFiles(sample('sample.pdf'));
  }

  before(
    async () => {
      // The demo province and its office are seeded at start: a loaded machine needs more than the default.
      server = await startServer({ timeoutMs: 300_000 });
      browser = await launchBrowser();
    },
    { timeout: 360_000 },
  );

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('the clerk registers an incoming letter from its PDF, with the field errors shown first', async () => {
    const clerk = await as('vanthu.stp');
    await shot(clerk, 'office-01-incoming-queue');
    await clerk.getByTestId('register-incoming').click();
    await clerk.getByTestId('register-incoming-page').waitFor();
    // Sent empty: every required field says what it needs, at the field.
    await clerk.getByTestId('register-submit').click();
    await clerk.getByTestId('incoming-file-error').waitFor();
    const invalid = await clerk.locator('[aria-invalid="true"]').count();
    assert.ok(invalid >= 4, `required fields marked invalid (${invalid})`);
    await shot(clerk, 'office-02-register-errors');

    await choosePdf(clerk, 'incoming-file');
    await clerk.locator('[data-testid="upload-item"][data-state="done"]').waitFor();
    await clerk.getByTestId('meta-organName').fill('Văn phòng Ủy ban nhân dân tỉnh Tây Ninh');
    await clerk.getByTestId('meta-number').fill('1234');
    await clerk.getByTestId('meta-notation').fill('UBND-VP');
    await clerk.getByTestId('meta-issuedDate').fill('2026-12-01');
    await clerk.getByTestId('meta-subject').fill(subject);
    await clerk.getByTestId('meta-signerPosition').fill('KT. Chánh Văn phòng – Phó Chánh Văn phòng');
    await clerk.getByTestId('meta-signerName').fill('Nguyễn Thị Bích');
    await choose(clerk, 'meta-priority', /^Khẩn$/);
    await clerk.getByTestId('meta-pages').fill('2');
    await clerk.getByTestId('meta-recipients').fill('Sở Tư pháp\nUBND các xã, phường');
    await shot(clerk, 'office-03-register-filled');
    await clerk.getByTestId('register-submit').click();
    await clerk.getByTestId('document-page').waitFor();
    await clerk.getByTestId('action-notice').waitFor();
    incomingId = new URL(clerk.url()).pathname.split('/').pop() ?? '';
    assert.equal(await clerk.getByTestId('document-page').getAttribute('data-status'), 'registered');
    assert.match((await clerk.getByTestId('document-title').textContent()) ?? '', /^Số đến \d+$/);
    await shot(clerk, 'office-04-registered');
    await clerk.goto('/van-ban/den');
    await clerk.locator(`[data-testid="document-row"][data-id="${incomingId}"]`).waitFor();
  });

  test('the director assigns it to a department head, who assigns it to a specialist', async () => {
    const director = await as('giamdoc.stp');
    await openDocument(director, 'den', incomingId);
    await act(director, 'assign', {
      status: 'assigned',
      shot: 'office-05-assign-form',
      fill: async (p) => {
        await choose(p, 'assign-level', /Phòng, đơn vị chủ trì/);
        await choose(p, 'assign-assignee', /Đặng Thị Lan/);
        await p.getByTestId('assign-instructions').fill('Giao phòng Hành chính tư pháp chủ trì rà soát, báo cáo.');
        await p.getByTestId('assign-days').fill('5');
      },
    });
    const head = await as('truongphong.stp');
    await head.goto('/van-ban/den?tab=mine');
    await head.locator(`[data-testid="document-row"][data-id="${incomingId}"]`).waitFor();
    await shot(head, 'office-06-head-queue');
    await openDocument(head, 'den', incomingId);
    await act(head, 'assign', {
      status: 'assigned',
      fill: async (p) => {
        await choose(p, 'assign-assignee', /Bùi Văn Khoa/);
        await p.getByTestId('assign-instructions').fill('Đồng chí Khoa rà soát, dự thảo công văn trả lời.');
      },
    });
    assert.equal(await head.getByTestId('routing-step').count(), 2);
    await shot(head, 'office-07-routed');
  });

  test('the specialist gives an opinion, drafts the reply to the ward and submits it', async () => {
    const specialist = await as('chuyenvien.stp');
    await openDocument(specialist, 'den', incomingId);
    await act(specialist, 'opinion', {
      status: 'handling',
      fill: async (p) => {
        await p.getByTestId('opinion-text').fill('Đã rà soát 14 thủ tục hộ tịch; đề xuất trả lời bằng công văn.');
      },
    });
    await specialist.getByTestId('draft-reply').click();
    await specialist.getByTestId('draft-outgoing-page').waitFor();
    await specialist.getByTestId('reply-to').waitFor();
    await specialist.getByTestId('draft-unit').fill('HCTP');
    await specialist.getByTestId('draft-subject').fill(replySubject);
    await specialist.getByTestId('draft-signerPosition').fill('Giám đốc');
    await specialist.getByTestId('draft-signerName').fill('Huỳnh Thanh Sơn');
    await specialist.getByTestId('recipient-agency').click();
    await specialist.getByTestId('recipient-agency').fill('tan ninh');
    await specialist
      .getByRole('option', { name: /Tân Ninh/ })
      .first()
      .click();
    await specialist.getByTestId('recipient-add-internal').click();
    await specialist.getByTestId('recipient-note').fill('Lưu: VT, HCTP');
    await specialist.getByTestId('recipient-add-note').click();
    await specialist
      .getByTestId('draft-content')
      .fill(
        'Thực hiện Công văn số 1234/UBND-VP ngày 01/12/2026 của Văn phòng UBND tỉnh, Sở Tư pháp đã rà soát 14 thủ tục hành chính lĩnh vực hộ tịch.\n\nKết quả: 12 thủ tục giữ nguyên, 2 thủ tục đề nghị đơn giản hóa thành phần hồ sơ.\n\nSở Tư pháp báo cáo để Ủy ban nhân dân tỉnh biết, chỉ đạo.',
      );
    assert.equal(await specialist.getByTestId('recipient-row').count(), 2);
    await shot(specialist, 'office-08-draft');
    await specialist.getByTestId('draft-submit').click();
    await specialist.locator('[data-testid="document-page"][data-direction="outgoing"]').waitFor();
    outgoingId = new URL(specialist.url()).pathname.split('/').pop() ?? '';
    assert.equal(await specialist.getByTestId('document-page').getAttribute('data-status'), 'draft');
    await act(specialist, 'submit', { status: 'in_review' });
    await shot(specialist, 'office-09-submitted');
    // The incoming letter is done: its reply is on the way.
    await openDocument(specialist, 'den', incomingId);
    await act(specialist, 'complete', {
      status: 'done',
      fill: async (p) => {
        await p.getByTestId('action-note').fill('Đã dự thảo công văn trả lời, trình lãnh đạo ký.');
      },
    });
    await shot(specialist, 'office-10-incoming-done');
  });

  test('the head approves, the director signs', async () => {
    const head = await as('truongphong.stp');
    await openDocument(head, 'di', outgoingId);
    await act(head, 'approve', { status: 'approved' });
    const director = await as('giamdoc.stp');
    await openDocument(director, 'di', outgoingId);
    const version = await director.getByTestId('document-page').getAttribute('data-version');
    await director.getByTestId('do-sign').click();
    const submit = director.getByTestId('action-form-sign').getByTestId('action-submit');
    await submit.waitFor();
    await shot(director, 'office-11-sign-form', { fullPage: false });
    await submit.click();
    // The signing service signs at once with the director's personal certificate (the demo CA issued it): no
    // upload is asked for.
    await director.waitForFunction(
      (v) => document.querySelector('[data-testid="document-page"]')?.getAttribute('data-version') !== v,
      version,
    );
    assert.equal(await director.getByTestId('signed-file-error').count(), 0);
    await director.getByTestId('action-notice').waitFor();
    assert.equal(await director.getByTestId('document-page').getAttribute('data-status'), 'signed');
    await shot(director, 'office-12-signed');
  });

  test('the clerk numbers and issues it, then sends it; the number is shown', async () => {
    const clerk = await as('vanthu.stp');
    await openDocument(clerk, 'di', outgoingId);
    await act(clerk, 'issue', { status: 'issued', shot: 'office-13-issue-form' });
    notation = ((await clerk.getByTestId('document-notation').textContent()) ?? '').trim();
    assert.match(notation, /^\d{2,}\/[^-]+-HCTP$/);
    assert.equal((await clerk.getByTestId('document-title').textContent())?.trim(), notation);
    await act(clerk, 'send', { status: 'sent', shot: 'office-14-send-form' });
    await clerk.getByTestId('delivery').waitFor();
    await shot(clerk, 'office-15-sent');

    // The issued PDF: the director's signature and the agency's seal, both valid for the server's verifier and
    // for poppler's pdfsig; saved and rendered to an image.
    const response = await clerk.request.get(`/api/v1/office/documents/${outgoingId}/file`);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    const bytes = await response.body();
    const pdf = join(artifactsDir, 'office-signed.pdf');
    await writeFile(pdf, bytes);
    const verified = await clerk.request.post('/api/v1/signing/verify', {
      headers: { 'content-type': 'application/pdf', 'x-congso-request': '1' },
      data: bytes,
    });
    assert.equal(verified.status(), 200);
    const signatures = (await verified.json()).signatures as {
      status: string;
      signer: { name: string };
      coversWholeDocument: boolean;
    }[];
    assert.deepEqual(
      signatures.map((sig) => [sig.status, sig.signer.name, sig.coversWholeDocument]),
      [
        ['valid', 'Huỳnh Thanh Sơn', false],
        ['valid', 'Sở Tư pháp', true],
      ],
    );
    const pdfsig = execFileSync('pdfsig', [pdf], { encoding: 'utf8' });
    assert.equal(pdfsig.match(/Signature Validation: Signature is Valid\./g)?.length, 2, pdfsig);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', pdf, join(artifactsDir, 'office-signed-pdf')]);
  });

  test('the ward’s clerk sees it arrive in the inbox and registers it; the sender sees it registered', async () => {
    const ward = await as('vanthu.tanninh');
    await ward.goto('/van-ban/nhan');
    await ward.getByTestId('inbox-page').waitFor();
    const row = ward.getByTestId('inbox-row').filter({ hasText: notation });
    await row.waitFor();
    await shot(ward, 'office-16-inbox');
    await row.getByTestId('inbox-register').click();
    await ward.getByTestId('inbox-registered').waitFor();
    await ward.getByTestId('inbox-open-registered').click();
    await ward.getByTestId('document-page').waitFor();
    assert.equal(await ward.getByTestId('document-page').getAttribute('data-status'), 'registered');
    assert.match((await ward.getByTestId('document-subject').textContent()) ?? '', /Báo cáo kết quả rà soát/);
    await shot(ward, 'office-17-ward-registered');
    // The same page on a phone.
    await ward.setViewportSize({ width: 390, height: 844 });
    await shot(ward, 'office-17b-ward-registered-phone');
    await ward.setViewportSize({ width: 1366, height: 900 });

    const clerk = await as('vanthu.stp');
    await openDocument(clerk, 'di', outgoingId);
    await clerk.locator('[data-testid="delivery"][data-registered="true"]').waitFor();
  });

  test('registers, a work file with both documents, and the search without diacritics', async () => {
    const clerk = await as('vanthu.stp');
    await clerk.getByTestId('office-nav-registers').click();
    await clerk.getByTestId('register-table').waitFor();
    await clerk.getByTestId('register-entry').first().waitFor();
    await shot(clerk, 'office-18-register-incoming');
    await clerk.getByTestId('registers-tab-outgoing').click();
    await clerk.locator('[data-testid="register-view"][data-kind="outgoing"] [data-testid="register-entry"]').waitFor();
    await shot(clerk, 'office-19-register-outgoing');
    const pdf = await clerk.request.get((await clerk.getByTestId('register-pdf').getAttribute('href')) ?? '/missing');
    assert.equal(pdf.headers()['content-type'], 'application/pdf');

    await clerk.getByTestId('office-nav-search').click();
    await clerk.getByTestId('search-query').fill('ra soat ho tich');
    await clerk.getByTestId('search-submit').click();
    await clerk.getByTestId('search-count').waitFor();
    await clerk.locator('[data-testid="search-results"] [data-testid="document-row"]').nth(1).waitFor();
    await shot(clerk, 'office-20-search');

    const specialist = await as('chuyenvien.stp');
    await specialist.getByTestId('office-nav-work-files').click();
    await specialist.getByTestId('work-files-page').waitFor();
    await specialist.getByTestId('wf-code').fill('05.HCTP');
    await specialist.getByTestId('wf-title').fill('Rà soát thủ tục hành chính lĩnh vực hộ tịch năm 2026');
    await specialist.getByTestId('wf-submit').click();
    await specialist.getByTestId('wf-opened').waitFor();
    await specialist.getByTestId('wf-opened').getByRole('link').click();
    await specialist.getByTestId('work-file-page').waitFor();
    for (let i = 0; i < 2; i++) {
      await specialist.getByTestId('wf-add-search').fill('ra soat thu tuc hanh chinh linh vuc ho tich');
      await specialist.getByTestId('wf-add').first().waitFor();
      await specialist.getByTestId('wf-add').first().click();
      await specialist.locator('[data-testid="work-file-documents"] [data-testid="document-row"]').nth(i).waitFor();
    }
    await specialist.getByTestId('wf-close').click();
    await specialist.getByTestId('wf-close').waitFor({ state: 'detached' });
    await shot(specialist, 'office-21-work-file');

    const director = await as('giamdoc.stp');
    await director.getByTestId('office-nav-work-files').click();
    await director.getByTestId('online-share').waitFor();
    await shot(director, 'office-22-online-share');
    await director.getByTestId('office-nav-outgoing').click();
    await director.getByTestId('outgoing-list').waitFor();
    await shot(director, 'office-23-outgoing-list');
    await director.getByTestId('office-nav-inbox').click();
    await director.getByTestId('inbox-page').waitFor();
    await checkAccessibility(director, 'office-inbox-empty');

    // The outgoing document in English.
    await openDocument(director, 'di', outgoingId);
    await director.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await director.getByRole('heading', { name: 'Steps' }).waitFor();
    await shot(director, 'office-24-outgoing-english');
  });

  test('no page error, CSP violation or console error on the way', () => {
    assert.deepEqual(problems.flat(), []);
  });

  test('axe checked every page the journey went to', () => {
    assert.deepEqual(uncheckedRoutes(), []);
  });
});
