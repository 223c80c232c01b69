/**
 * The one-stop journey of a birth registration, in Debian's Chromium against a real server (demo province
 * and catalogue): a citizen on a phone finds "dang ky khai sinh" without diacritics, files it online with
 * uploads; the ward's one-stop clerk receives it (receipt PDF, form 01) and forwards it; the head assigns a
 * specialist, who asks for a supplement; the citizen uploads it; the specialist proposes, the chairman
 * approves, the document clerk issues the result and the clerk returns it; the citizen sees it done, is
 * notified, and rates the service. Screenshots of each step go to e2e/artifacts/one-stop-*.png.
 *
 * Run: npm run build:web && node --import tsx --test e2e/one-stop-journey.e2e.ts
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, uncheckedRoutes } from './support/accessibility';
import { horizontalOverflow, launchBrowser, openPage, screenshot } from './support/browser';
import { type RunningServer, repoRoot, startServer } from './support/server';

const timeout = 30_000;
const password = 'Congso@2026';
const sample = (name: string) => join(repoRoot, 'packages/core/src/files/fixtures', name);

describe('one-stop journey: file online, handle at the desk, return, rate', { timeout: 10 * 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];
  const pages = new Map<string, Page>();
  let citizen: Page;
  let dossierId = '';
  let dossierCode = '';
  let work = '';

  /** A browser of its own per person, signed in, as each would be at their own desk. */
  async function as(username: string, options: { width?: number } = {}): Promise<Page> {
    const known = pages.get(username);
    if (known) return known;
    const {
      context,
      page,
      problems: watched,
    } = await openPage(browser, server.baseUrl, {
      width: options.width ?? 1366,
      height: 900,
      timeoutMs: timeout,
    });
    contexts.push(context);
    problems.push(watched);
    await page.goto('/login?next=/mot-cua');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('desk-queue').waitFor();
    pages.set(username, page);
    return page;
  }

  /** An officer performs an action from the dossier page, through its form, and sees the new status. */
  async function act(
    username: string,
    action: string,
    fill?: (page: Page) => Promise<void>,
    expectedStatus?: string,
  ): Promise<Page> {
    const page = await as(username);
    await page.goto(`/mot-cua/ho-so/${dossierId}`);
    await page.getByTestId('dossier-page').waitFor();
    const version = await page.getByTestId('dossier-page').getAttribute('data-version');
    await page.getByTestId(`action-${action}`).click();
    await page.getByTestId('action-submit').waitFor();
    if (fill) await fill(page);
    await checkAccessibility(page, `one-stop-${action}-form`);
    await page.getByTestId('action-submit').click();
    await page.waitForFunction(
      (v) => document.querySelector('[data-testid="dossier-page"]')?.getAttribute('data-version') !== v,
      version,
    );
    await page.getByTestId('action-notice').waitFor();
    if (expectedStatus) {
      assert.equal(await page.getByTestId('dossier-page').getAttribute('data-status'), expectedStatus, action);
    }
    await screenshot(page, `one-stop-${action}`);
    return page;
  }

  async function citizenDossier(): Promise<void> {
    await citizen.goto(`/ho-so-cua-toi/${dossierId}`);
    await citizen.getByTestId('dossier-detail').waitFor();
  }

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      work = await mkdtemp(join(tmpdir(), 'congso-e2e-'));
      const phone = await openPage(browser, server.baseUrl, {
        width: 390,
        height: 844,
        mobile: true,
        timeoutMs: timeout,
      });
      contexts.push(phone.context);
      citizen = phone.page;
      problems.push(phone.problems);
      pages.set('citizen', citizen);
    },
    { timeout: 180_000 },
  );

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('the citizen finds "dang ky khai sinh" without diacritics and files it online with uploads', async () => {
    await citizen.goto('/thu-tuc');
    const answered = citizen.waitForResponse(
      (r) => r.url().includes('/api/v1/procedures?') && new URL(r.url()).searchParams.get('q') === 'dang ky khai sinh',
    );
    await citizen.getByTestId('procedure-search').fill('dang ky khai sinh');
    await answered;
    await citizen.locator('[aria-busy="false"]').getByTestId('procedure-total').waitFor();
    const first = citizen.getByTestId('procedure-result').first();
    assert.equal((await first.getByTestId('procedure-code').textContent())?.trim(), '1.001193');
    await screenshot(citizen, 'one-stop-01-search');
    await first.getByTestId('procedure-link').click();
    await citizen.getByTestId('procedure-detail').waitFor();
    await checkAccessibility(citizen, 'one-stop-01-procedure');
    await citizen.getByTestId('file-online').click();
    await citizen.waitForURL(/\/login\?next=/);
    await citizen.getByTestId('login-submit').waitFor();
    await checkAccessibility(citizen, 'one-stop-01-sign-in');
    await citizen.getByTestId('login-username').fill('072090001234');
    await citizen.getByTestId('login-password').fill(password);
    await citizen.getByTestId('login-submit').click();
    await citizen.waitForURL(/\/thu-tuc\/1\.001193\/nop-ho-so/);
    await citizen.getByTestId('filing-page').waitFor();

    // A renamed executable is refused with the server's message, next to its document.
    const documents = await citizen
      .getByTestId('filing-document')
      .evaluateAll((els) => els.map((e) => ({ index: e.dataset.index, mandatory: e.dataset.mandatory === 'true' })));
    const mandatory = documents.filter((d) => d.mandatory).map((d) => String(d.index));
    assert.ok(mandatory.length >= 1, 'the e-form lists the mandatory documents');
    const fake = join(work, 'to-khai.pdf');
    await writeFile(fake, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048)]));
    await citizen.getByTestId(`file-input-${mandatory[0]}`).setInputFiles(fake);
    await citizen.locator('[data-testid="upload-item"][data-status="error"]').waitFor();
    assert.match(
      (await citizen.getByTestId('upload-error').first().textContent()) ?? '',
      /không phải PDF, JPEG hay PNG/,
    );
    await citizen.getByTestId('upload-remove').first().click();

    await citizen.getByTestId('agency-picker').click();
    await citizen.getByTestId('agency-picker').fill('tan ninh');
    await citizen
      .getByRole('option', { name: /Tân Ninh/ })
      .first()
      .click();
    for (const [i, index] of mandatory.entries()) {
      await citizen.getByTestId(`file-input-${index}`).setInputFiles(sample(i % 2 === 0 ? 'sample.pdf' : 'sample.jpg'));
    }
    await citizen.waitForFunction(
      (n) =>
        document.querySelectorAll('[data-testid="upload-item"][data-status="done"]').length >= n &&
        !document.querySelector('[data-testid="upload-item"][data-status="uploading"]'),
      mandatory.length,
    );
    await citizen.getByTestId('filing-phone').fill('0912 345 678');
    await citizen.getByTestId('filing-address').fill('Số 12 đường 30/4, phường Tân Ninh, tỉnh Tây Ninh');
    await citizen.getByTestId('filing-email').fill('hoa.nguyen@example.vn');
    assert.equal(await horizontalOverflow(citizen), 0, 'nothing overflows a 390 px phone');
    await screenshot(citizen, 'one-stop-02-eform');
    await citizen.getByTestId('filing-continue').click();
    await citizen.getByTestId('submit-dossier').waitFor();
    await screenshot(citizen, 'one-stop-03-review');
    await citizen.getByTestId('submit-dossier').click();
    await citizen.getByTestId('filing-success').waitFor();
    dossierCode = ((await citizen.getByTestId('filing-success-code').textContent()) ?? '').trim();
    assert.match(dossierCode, /^000\.01\.50\.H59-\d{6}-\d{4}$/);
    dossierId = new URL(citizen.url()).pathname.split('/').pop() ?? '';
    assert.equal(await citizen.getByTestId('dossier-status').getAttribute('data-status'), 'receiving');
    assert.equal(await citizen.getByTestId('dossier-file').count(), mandatory.length);
    await screenshot(citizen, 'one-stop-04-filed');
  });

  test('the clerk receives it (receipt, form 01) and forwards it', async () => {
    const clerk = await as('motcua.tanninh');
    // Counter intake, with a procedure picked (its documents listed); the clerk leaves without saving.
    await clerk.goto('/mot-cua/tiep-nhan');
    await clerk.getByTestId('intake-procedure').fill('dang ky khai sinh');
    await clerk
      .getByRole('option', { name: /đăng ký khai sinh/i })
      .first()
      .click();
    await clerk.getByTestId('intake-document').first().waitFor();
    await screenshot(clerk, 'one-stop-05-intake');
    await clerk.goto('/mot-cua?status=receiving');
    await clerk.locator(`[data-testid="queue-row"][data-code="${dossierCode}"]`).waitFor();
    await screenshot(clerk, 'one-stop-05-queue');
    // With a citizen at the counter: the last part of their code (or their name without marks) finds it.
    await clerk.goto('/mot-cua?status=all');
    await clerk.getByTestId('queue-search').fill(dossierCode.slice(-11));
    await clerk.waitForURL(/[?&]q=/);
    await clerk.locator(`[data-testid="queue-row"][data-code="${dossierCode}"]`).waitFor();
    assert.equal(await clerk.getByTestId('queue-row').count(), 1, 'one dossier has that code');
    await clerk.getByTestId('queue-search').fill('nguyen thi hoa');
    await clerk.waitForURL(/q=nguyen/);
    await clerk.locator(`[data-testid="queue-row"][data-code="${dossierCode}"]`).waitFor();
    await screenshot(clerk, 'one-stop-05-queue-search');
    const page = await act('motcua.tanninh', 'receive', undefined, 'received');
    const href = await page.getByTestId('print-receipt').getAttribute('href');
    assert.ok(href);
    const receipt = await page.request.get(href);
    assert.equal(receipt.status(), 200);
    assert.equal(receipt.headers()['content-type'], 'application/pdf');
    const pdf = join(work, 'receipt.pdf');
    await writeFile(pdf, await receipt.body());
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.ok(text.includes(dossierCode), 'the receipt carries the dossier code');
    assert.match(text, /Nguyễn Thị Hoa/);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', pdf, join(work, 'receipt')]);
    await act(
      'motcua.tanninh',
      'forward',
      async (p) => {
        const agency = p.getByTestId('action-agency');
        if ((await agency.inputValue().catch(() => '')) === '') {
          await agency.click();
          await agency.fill('tan ninh');
          await p
            .getByRole('option', { name: /Tân Ninh/ })
            .first()
            .click();
        }
      },
      'processing',
    );
  });

  test('the head assigns a specialist, who requests a supplement; the clock stops', async () => {
    await act('truongphong.tanninh', 'assign', async (p) => {
      await p.getByTestId('action-assignee').click();
      await p.getByRole('option', { name: 'Tô Văn Đức' }).click();
    });
    await act(
      'chuyenvien.tanninh',
      'request_supplement',
      async (p) => {
        await p.getByTestId('action-item').first().fill('Giấy chứng sinh (bản chính)');
        await p.getByTestId('action-reason').fill('Bản chụp giấy chứng sinh bị mờ, không đọc được.');
      },
      'waiting_supplement',
    );
  });

  test('the citizen sees what is missing, is notified, and uploads it', async () => {
    await citizen.goto('/ho-so-cua-toi');
    await citizen.getByTestId('notification-count').waitFor();
    assert.ok(Number(await citizen.getByTestId('notification-count').textContent()) >= 1);
    await citizen.getByTestId('dossier-item').first().waitFor();
    await screenshot(citizen, 'one-stop-06-my-dossiers');
    await citizenDossier();
    await citizen.getByTestId('supplement-panel').waitFor();
    assert.match((await citizen.getByTestId('supplement-items').textContent()) ?? '', /Giấy chứng sinh/);
    await screenshot(citizen, 'one-stop-06-supplement-requested');
    await citizen.getByTestId('supplement-file-input').setInputFiles(sample('sample.png'));
    await citizen.waitForFunction(
      () =>
        !!document.querySelector('[data-testid="supplement-panel"] [data-testid="upload-item"][data-status="done"]'),
    );
    await citizen.getByTestId('supplement-note').fill('Đã bổ sung bản chụp rõ nét.');
    await citizen.getByTestId('supplement-submit').click();
    await citizen.locator('[data-testid="dossier-status"][data-status="processing"]').waitFor();
    await screenshot(citizen, 'one-stop-07-supplemented');
  });

  test('the specialist proposes, the chairman approves, the result is issued and returned', async () => {
    await act('chuyenvien.tanninh', 'propose_approval');
    await act('chutich.tanninh', 'approve');
    await act(
      'vanthu.tanninh',
      'issue_result',
      async (p) => {
        await p.getByTestId('action-result-number').first().fill('125/TLKS-UBND');
      },
      'processed',
    );
    const page = await act('motcua.tanninh', 'return_result', undefined, 'returned');
    const history = await page.getByTestId('history-event').evaluateAll((els) => els.map((e) => e.dataset.action));
    assert.deepEqual(history, [
      'submit_online',
      'receive',
      'forward',
      'assign',
      'request_supplement',
      'submit_supplement',
      'propose_approval',
      'approve',
      'issue_result',
      'return_result',
    ]);
  });

  test('the citizen sees it done and rates the service', async () => {
    await citizenDossier();
    await citizen.locator('[data-testid="dossier-status"][data-status="returned"]').waitFor();
    await citizen.getByTestId('rating-panel').waitFor();
    await citizen.getByTestId('rating-very_satisfied').click();
    await citizen.getByTestId('rating-comment').fill('Cán bộ hướng dẫn tận tình, trả kết quả đúng hẹn.');
    await citizen.getByTestId('rate-submit').click();
    await citizen.getByTestId('rating-done').waitFor();
    assert.equal(await horizontalOverflow(citizen), 0);
    await screenshot(citizen, 'one-stop-08-rated');
    const events = await citizen.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => e.dataset.action));
    assert.equal(events.at(-1), 'rate');

    // The public lookup with the code and the phone's last 4 digits shows it too, without signing in.
    const lookup = await openPage(browser, server.baseUrl, {
      width: 390,
      height: 844,
      mobile: true,
      timeoutMs: timeout,
    });
    contexts.push(lookup.context);
    problems.push(lookup.problems);
    const anyone = lookup.page;
    await anyone.goto('/tra-cuu');
    await anyone.getByTestId('lookup-code-input').fill(dossierCode);
    await anyone.getByTestId('lookup-phone-input').fill('5678');
    await anyone.getByTestId('lookup-submit').click();
    await anyone.getByTestId('lookup-result').waitFor();
    assert.match((await anyone.getByTestId('lookup-applicant').textContent()) ?? '', /^Nguyễn T\. H\.$/);
    await screenshot(anyone, 'one-stop-09-lookup');
  });

  test('no page error, CSP violation or console error on the way', () => {
    assert.deepEqual(problems.flat(), []);
  });

  test('axe checked every page the journey went to', () => {
    assert.deepEqual(uncheckedRoutes(), []);
  });
});
