/**
 * Fees, online payment, the electronic result and the data store, as ONE continuous journey (issue 13, "Done
 * when"): the province sets a procedure's fee schedule (/admin/phi-le-phi); a citizen on a phone (390 px) files
 * a procedure whose fee is asked at filing (1.004194 Đăng ký tạm trú, 7.000 đồng online, at phường Tân Ninh),
 * sees what to pay and why, shows the VietQR code, pays through the payment platform's STAND-IN, comes back to
 * the paid dossier and opens the receipt (the PDF rendered to PNG with pdftoppm). The ward's officers then
 * handle that same dossier at the desk (1366 px), each through the action's form: the clerk receives and
 * forwards it, the head assigns it, the specialist proposes, the chairman approves, the document clerk issues
 * the result with its PDF and the clerk returns it electronically (signed and sealed). The citizen finds the
 * signed result in "Kho dữ liệu của tôi" (rendered to PNG; it verifies, one byte changed does not), files a
 * second procedure taking it from the store instead of uploading, and the clerk sees the reuse and where it
 * came from, opens it and digitises a paper. Last, the province's finance side downloads the day's
 * reconciliation XLSX. Screenshots go to e2e/artifacts/payments-*.png.
 *
 * Run: npm run build:web && node --import tsx --test e2e/payments-journey.e2e.ts
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type PaymentPlatformStandIn,
  startPaymentPlatformStandIn,
} from '../packages/server/src/payments/stand-in/platform-stand-in';
import { sampleDocument } from '../packages/server/src/signing/testing/sample-document';
import { checkAccessibility, uncheckedRoutes } from './support/accessibility';
import { artifactsDir, horizontalOverflow, launchBrowser, openPage, screenshot } from './support/browser';
import { type RunningServer, repoRoot, startServer } from './support/server';

const timeout = 30_000;
const sample = join(repoRoot, 'packages/core/src/files/fixtures', 'sample.pdf');
const password = 'Congso@2026';
/** The second filing, which takes the first one's result from the data store. */
const SECOND = '1.001193';

describe('payments journey: pay the fee, get the signed result in the data store, reuse it', {
  timeout: 20 * 60_000,
}, () => {
  let server: RunningServer;
  let browser: Browser;
  let standIn: PaymentPlatformStandIn;
  let phone: Page;
  let phoneProblems: string[] = [];
  let dossierId = '';
  let dossierCode = '';
  let secondId = '';
  /** The VietQR code's reference: the citizen then paid through the platform, the transfer stays pending. */
  let vietqrReference = '';
  let work = '';
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];
  const pages = new Map<string, Page>();

  /** A browser of its own per officer, signed in at the desk, as each would be at their own desk. */
  async function as(username: string): Promise<Page> {
    const known = pages.get(username);
    if (known) return known;
    const opened = await openPage(browser, server.baseUrl, { width: 1366, height: 900, timeoutMs: timeout });
    contexts.push(opened.context);
    problems.push(opened.problems);
    const page = opened.page;
    await page.goto('/login?next=/mot-cua');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('desk-queue').waitFor();
    if (pages.size === 0) await checkAccessibility(page, 'payments-desk-queue');
    pages.set(username, page);
    return page;
  }

  /** An officer performs an action on the paid dossier from its desk page, through its form (axe on it). */
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
    await checkAccessibility(page, `payments-${action}-form`);
    await page.getByTestId('action-submit').click();
    await page
      .waitForFunction(
        (v) => document.querySelector('[data-testid="dossier-page"]')?.getAttribute('data-version') !== v,
        version,
      )
      .catch(async (error) => {
        await page.screenshot({ path: join(artifactsDir, `payments-debug-${action}.png`), fullPage: true });
        const alerts = await page.getByRole('alert').allInnerTexts();
        const serverErrors = server
          .output()
          .split('\n')
          .filter((line) => /"level":(50|60)/.test(line))
          .slice(-3);
        throw new Error(`${action}: ${alerts.join(' | ')}\n${serverErrors.join('\n')}`, { cause: error });
      });
    await page.getByTestId('action-notice').waitFor();
    if (expectedStatus) {
      assert.equal(await page.getByTestId('dossier-page').getAttribute('data-status'), expectedStatus, action);
    }
    return page;
  }

  before(
    async () => {
      // The platform's stand-in with the demo key (the server's default PAYMENT_PLATFORM_SECRET).
      standIn = await startPaymentPlatformStandIn({ secret: 'congso-demo-payment-secret' });
      server = await startServer({
        publicBaseUrl: true,
        timeoutMs: 280_000,
        env: { PAYMENT_PLATFORM_URL: standIn.url },
      });
      browser = await launchBrowser();
      work = await mkdtemp(join(tmpdir(), 'congso-e2e-'));
    },
    { timeout: 300_000 },
  );

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
    await standIn?.close();
    if (work) await rm(work, { recursive: true, force: true });
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

  test('a citizen on a phone files Đăng ký tạm trú: the fee is asked at filing, with what and why', async () => {
    const opened = await openPage(browser, server.baseUrl, {
      width: 390,
      height: 844,
      mobile: true,
      timeoutMs: timeout,
    });
    contexts.push(opened.context);
    phone = opened.page;
    phoneProblems = opened.problems;
    await phone.goto('/login?next=/thu-tuc/1.004194/nop-ho-so');
    await phone.getByTestId('login-username').fill('072090001234');
    await phone.getByTestId('login-password').fill(password);
    await phone.getByTestId('login-submit').click();
    await phone.getByTestId('filing-page').waitFor();
    await checkAccessibility(phone, 'payments-02-eform');
    await phone.getByTestId('agency-picker').click();
    await phone.getByTestId('agency-picker').fill('tan ninh');
    await phone
      .getByRole('option', { name: /Tân Ninh/ })
      .first()
      .click();
    // A scan of each mandatory document (a PDF from the fixtures).
    const mandatory = await phone
      .getByTestId('filing-document')
      .evaluateAll((els) => els.filter((e) => e.dataset.mandatory === 'true').map((e) => String(e.dataset.index)));
    for (const index of mandatory) await phone.getByTestId(`file-input-${index}`).setInputFiles(sample);
    await phone.waitForFunction(
      (n) =>
        document.querySelectorAll('[data-testid="upload-item"][data-status="done"]').length >= n &&
        !document.querySelector('[data-testid="upload-item"][data-status="uploading"]'),
      mandatory.length,
    );
    await phone.getByTestId('filing-phone').fill('0912 345 678');
    await phone.getByTestId('filing-address').fill('Số 12 đường 30/4, phường Tân Ninh, tỉnh Tây Ninh');
    await phone.getByTestId('filing-continue').click();
    await phone
      .getByTestId('submit-dossier')
      .waitFor()
      .catch(async (error) => {
        await phone.screenshot({ path: join(artifactsDir, 'payments-debug-eform.png'), fullPage: true });
        throw error;
      });
    await phone.getByTestId('submit-dossier').click();
    await phone.getByTestId('filing-success').waitFor();
    dossierCode = ((await phone.getByTestId('filing-success-code').textContent()) ?? '').trim();
    dossierId = new URL(phone.url()).pathname.split('/').pop() ?? '';
    await phone.getByTestId('payment-panel').waitFor();
    assert.equal(await phone.getByTestId('dossier-status').getAttribute('data-status'), 'waiting_payment');
    assert.equal(await phone.getByTestId('payment-panel').getAttribute('data-fee-total'), '7000');
    assert.deepEqual(
      await phone
        .getByTestId('payment-line')
        .evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim())),
      ['Lệ phí đăng ký tạm trú7.000 ₫'],
    );
    assert.match((await phone.getByTestId('payment-exemptions').innerText()) ?? '', /Điều 4 Thông tư 75\/2022\/TT-BTC/);
    assert.equal(await horizontalOverflow(phone), 0, 'nothing overflows a 390 px phone');
    await screenshot(phone, 'payments-03-fee-to-pay');
  });

  test('VietQR: the code with the amount, the account and the reference naming the dossier', async () => {
    await phone.getByTestId('pay-vietqr').click();
    await phone.getByTestId('vietqr').waitFor();
    const reference = ((await phone.getByTestId('vietqr-reference').textContent()) ?? '').trim();
    assert.match(reference, /^HS[0-9A-Z]+01$/, 'HS, the dossier code’s letters and digits, the first attempt');
    vietqrReference = reference;
    assert.equal(
      ((await phone.getByTestId('vietqr-amount').textContent()) ?? '').replace(/\s+/g, ' ').trim(),
      '7.000 ₫',
    );
    const payload = (await phone.getByTestId('vietqr-image').getAttribute('data-payload')) ?? '';
    assert.ok(payload.includes('54047000'), 'the QR carries the amount (tag 54, 4 digits: 7000)');
    assert.ok(payload.includes(reference), 'the QR carries the reference');
    await phone.getByTestId('vietqr').scrollIntoViewIfNeeded();
    await screenshot(phone, 'payments-04-vietqr');
  });

  test('pays through the payment platform (its stand-in) and comes back to the paid dossier and its receipt', async () => {
    await phone.getByTestId('pay-platform').click();
    await phone.waitForURL((url) => url.href.startsWith(standIn.url));
    await phone.getByTestId('stand-in-pay').waitFor();
    await screenshot(phone, 'payments-05-stand-in');
    await phone.getByTestId('stand-in-pay').click();
    await phone.waitForURL((url) => url.pathname === `/ho-so-cua-toi/${dossierId}`);
    assert.equal(new URL(phone.url()).searchParams.get('thanh-toan'), 'paid');
    await phone.getByTestId('payment-paid').waitFor();
    assert.equal(await phone.getByTestId('dossier-status').getAttribute('data-status'), 'receiving');
    const number = ((await phone.getByTestId('receipt-number').textContent()) ?? '').trim();
    assert.match(number, /^Biên lai số BL\/\d{2}E · \d{7}$/);
    assert.match(
      (await phone.getByTestId('payment-paid').innerText()) ?? '',
      /Đã nộp 7\.000\s₫ lúc .+ \(trực tuyến qua nền tảng thanh toán\)/,
    );
    await screenshot(phone, 'payments-06-paid');

    // The receipt: a signed PDF; rendered to an image to be looked at.
    const href = (await phone.getByTestId('receipt-open').getAttribute('href')) ?? '';
    const receipt = await phone.request.get(href);
    assert.equal(receipt.status(), 200);
    assert.equal(receipt.headers()['content-type'], 'application/pdf');
    const pdf = join(artifactsDir, 'payments-07-receipt.pdf');
    await writeFile(pdf, await receipt.body());
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.ok(text.includes(dossierCode), 'the receipt names the dossier');
    assert.match(text, /BIÊN LAI THU PHÍ, LỆ PHÍ/);
    assert.match(text, /Bảy nghìn đồng/i);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '110',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdf,
      join(artifactsDir, 'payments-07-receipt'),
    ]);
    assert.deepEqual(phoneProblems, []);
  });

  test('the ward’s officers handle the paid dossier at the desk, each through the action’s form', async () => {
    const clerk = await act('motcua.tanninh', 'receive', undefined, 'received');
    await screenshot(clerk, 'payments-08-desk-received');
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
    await act('truongphong.tanninh', 'assign', async (p) => {
      await p.getByTestId('action-assignee').click();
      await p.getByRole('option', { name: 'Tô Văn Đức' }).click();
    });
    await act('chuyenvien.tanninh', 'propose_approval');
    await act('chutich.tanninh', 'approve');
    // The document clerk issues the result with its PDF (a sample decision), which the return signs and seals.
    const resultPdf = join(work, 'xac-nhan-tam-tru.pdf');
    await writeFile(resultPdf, await sampleDocument('XÁC NHẬN ĐĂNG KÝ TẠM TRÚ'));
    const vanthu = await act(
      'vanthu.tanninh',
      'issue_result',
      async (p) => {
        const name = p.getByTestId('action-result-name').first();
        if ((await name.inputValue()) === '') await name.fill('Xác nhận đăng ký tạm trú');
        await p.getByTestId('action-result-number').first().fill('31/XNTT-CA');
        const chooser = p.waitForEvent('filechooser');
        await p.getByTestId('action-result-file').first().click();
        await (await chooser).setFiles(resultPdf);
        await p.locator('[data-testid="upload-item"][data-state="done"]').first().waitFor();
      },
      'processed',
    );
    await screenshot(vanthu, 'payments-09-desk-result-issued');
    const returned = await act(
      'motcua.tanninh',
      'return_result',
      async (p) => {
        assert.ok(await p.getByTestId('action-method-electronic').isChecked(), 'electronic by default');
      },
      'returned',
    );
    await returned.getByTestId('electronic-result-open').waitFor();
    assert.notEqual((await returned.getByTestId('flag-result-electronic').textContent())?.trim(), 'Chưa');
    const history = await returned.getByTestId('history-event').evaluateAll((els) => els.map((e) => e.dataset.action));
    assert.deepEqual(history, [
      'submit_online',
      'request_payment',
      'confirm_payment',
      'receive',
      'forward',
      'assign',
      'propose_approval',
      'approve',
      'issue_result',
      'return_result',
    ]);
    await screenshot(returned, 'payments-10-desk-returned-electronic');
  });

  test('the citizen finds the signed result in "Kho dữ liệu của tôi"; it verifies, one byte changed does not', async () => {
    await phone.goto('/kho-du-lieu');
    await phone.getByTestId('data-store').waitFor();
    const item = phone.locator('[data-testid="store-item"][data-kind="electronic_result"]');
    await item.waitFor();
    assert.equal(await item.count(), 1);
    assert.match((await item.textContent()) ?? '', /31\/XNTT-CA/);
    assert.match((await item.textContent()) ?? '', new RegExp(dossierCode.replaceAll('.', '\\.')));
    assert.equal((await item.getByTestId('store-item-status').textContent())?.trim(), 'Còn hiệu lực');
    await checkAccessibility(phone, 'payments-data-store');
    assert.equal(await horizontalOverflow(phone), 0, 'nothing overflows a 390 px phone');
    await screenshot(phone, 'payments-11-my-data-store');

    // The downloaded PDF, looked at as an image, and checked by the public verification service.
    const href = (await item.getByTestId('store-item-download').getAttribute('href')) ?? '';
    const download = await phone.request.get(href);
    assert.equal(download.status(), 200);
    const pdf = Buffer.from(await download.body());
    const file = join(artifactsDir, 'payments-12-result.pdf');
    await writeFile(file, pdf);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '2',
      '-l',
      '2',
      '-singlefile',
      file,
      join(artifactsDir, 'payments-12-result'),
    ]);
    const verify = async (bytes: Buffer) => {
      const res = await fetch(`${server.baseUrl}/api/v1/signing/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', 'x-congso-request': '1' },
        body: new Uint8Array(bytes),
      });
      return ((await res.json()) as { signatures?: { status: string }[] }).signatures?.map((s) => s.status);
    };
    assert.deepEqual(await verify(pdf), ['valid']);
    const changed = Buffer.from(pdf);
    const at = Math.floor(changed.length / 3);
    changed[at] = (changed[at] ?? 0) ^ 0x01;
    assert.notDeepEqual(await verify(changed), ['valid']);
  });

  test('the citizen files a second procedure and takes the result from the data store instead of uploading it', async () => {
    await phone.goto(`/thu-tuc/${SECOND}/nop-ho-so`);
    await phone.getByTestId('filing-page').waitFor();
    const documents = await phone
      .getByTestId('filing-document')
      .evaluateAll((els) => els.map((e) => ({ index: e.dataset.index, mandatory: e.dataset.mandatory === 'true' })));
    const mandatory = documents.filter((d) => d.mandatory).map((d) => String(d.index));
    const [reused, ...uploaded] = mandatory;
    assert.ok(reused !== undefined);
    await phone.getByTestId('agency-picker').click();
    await phone.getByTestId('agency-picker').fill('tan ninh');
    await phone
      .getByRole('option', { name: /Tân Ninh/ })
      .first()
      .click();
    const select = phone.getByTestId(`reuse-select-${reused}`);
    await select.waitFor();
    const option = await select.locator('option').nth(1).getAttribute('value');
    await select.selectOption(option ?? '');
    for (const index of uploaded) await phone.getByTestId(`file-input-${index}`).setInputFiles(sample);
    await phone.waitForFunction(
      (n) =>
        document.querySelectorAll('[data-testid="upload-item"][data-status="done"]').length >= n &&
        !document.querySelector('[data-testid="upload-item"][data-status="uploading"]'),
      uploaded.length,
    );
    await phone.getByTestId('filing-phone').fill('0912 345 678');
    await phone.getByTestId('filing-address').fill('Số 12 đường 30/4, phường Tân Ninh, tỉnh Tây Ninh');
    assert.equal(await horizontalOverflow(phone), 0);
    await screenshot(phone, 'payments-13-eform-reuse');
    await phone.getByTestId('filing-continue').click();
    await phone.getByTestId('submit-dossier').waitFor();
    assert.match((await phone.getByTestId('review-reused').textContent()) ?? '', /Lấy từ kho dữ liệu: /);
    await phone.getByTestId('submit-dossier').click();
    await phone.getByTestId('filing-success').waitFor();
    secondId = new URL(phone.url()).pathname.split('/').pop() ?? '';
    await phone.getByTestId('reused-documents').waitFor();
    await screenshot(phone, 'payments-14-filed-with-reuse');
  });

  test('the clerk sees the reused document, where it came from, opens it, and digitises a paper', async () => {
    const clerk = await as('motcua.tanninh');
    await clerk.goto(`/mot-cua/ho-so/${secondId}`);
    await clerk.getByTestId('dossier-page').waitFor();
    const reused = clerk.getByTestId('reused-documents');
    await reused.waitFor();
    assert.match((await reused.textContent()) ?? '', new RegExp(`lấy từ hồ sơ ${dossierCode.replaceAll('.', '\\.')}`));
    assert.notEqual((await clerk.getByTestId('flag-reused').textContent())?.trim(), 'Chưa');
    const href = (await clerk.getByTestId('reused-open').getAttribute('href')) ?? '';
    const opened = await clerk.request.get(href);
    assert.equal(opened.status(), 200);
    assert.equal(opened.headers()['content-type'], 'application/pdf');
    await checkAccessibility(clerk, 'payments-desk-reuse');
    await screenshot(clerk, 'payments-15-desk-reuse');

    // Received at the desk, a paper is digitised: checked against the original, sealed.
    const version = await clerk.getByTestId('dossier-page').getAttribute('data-version');
    await clerk.getByTestId('action-receive').click();
    await clerk.getByTestId('action-submit').waitFor();
    await clerk.getByTestId('action-submit').click();
    await clerk.waitForFunction(
      (v) => document.querySelector('[data-testid="dossier-page"]')?.getAttribute('data-version') !== v,
      version,
    );
    await clerk.getByTestId('digitise-form').waitFor();
    const scan = join(work, 'ban-quet.pdf');
    await writeFile(scan, await sampleDocument('GIẤY CHỨNG NHẬN KẾT HÔN'));
    await clerk.getByTestId('digitise-form').locator('input[type="file"]').setInputFiles(scan);
    await clerk.getByTestId('digitise-checked').check();
    await checkAccessibility(clerk, 'payments-digitise-form');
    await clerk.getByTestId('digitise-submit').click();
    await clerk.getByTestId('digitise-done').waitFor();
    await clerk.getByTestId('digitised-documents').waitFor();
    assert.notEqual((await clerk.getByTestId('flag-digitised').textContent())?.trim(), 'Chưa');
    await screenshot(clerk, 'payments-16-desk-digitised');
  });

  test('the province’s finance side produces the day’s reconciliation and downloads its XLSX (/admin/doi-soat-thanh-toan)', async () => {
    const desk = await openPage(browser, server.baseUrl, { width: 1366, height: 900, timeoutMs: timeout });
    contexts.push(desk.context);
    const admin = desk.page;
    await admin.goto('/login?next=/admin/doi-soat-thanh-toan');
    await admin.getByTestId('login-username').fill('admin');
    await admin.getByTestId('login-password').fill(password);
    await admin.getByTestId('login-submit').click();
    await admin.getByTestId('payment-reports-page').waitFor();
    // The day proposed is today's (from the server): producing waits for it.
    await admin.waitForFunction(
      () => (document.querySelector('[data-testid="report-day"]') as HTMLInputElement | null)?.value !== '',
    );
    await admin.getByTestId('report-produce').click();
    await admin.getByTestId('report-produced').waitFor();
    await admin.getByTestId('payment-report').first().waitFor();
    const day = (await admin.getByTestId('payment-report').first().getAttribute('data-day')) ?? '';
    const xlsx = await admin.request.get(`/api/v1/payment-reports/${day}/xlsx`);
    assert.equal(xlsx.status(), 200);
    assert.equal(xlsx.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await screenshot(admin, 'payments-17-reconciliation');
    assert.deepEqual(desk.problems, []);
  });

  test('the accountant matches the bank’s statement (/admin/doi-soat-chuyen-khoan): the transfer that came after the platform’s payment is money to refund', async () => {
    const desk = await openPage(browser, server.baseUrl, { width: 1366, height: 900, timeoutMs: timeout });
    contexts.push(desk.context);
    const admin = desk.page;
    // The province's accountant (ketoan.tinh, a finance role only: no desk, no administration).
    await admin.goto('/login?next=/admin/doi-soat-chuyen-khoan');
    await admin.getByTestId('login-username').fill('ketoan.tinh');
    await admin.getByTestId('login-password').fill(password);
    await admin.getByTestId('login-submit').click();
    await admin.getByTestId('transfers-page').waitFor();
    // The citizen showed the VietQR code, then paid through the platform: the transfer is still awaited.
    const pending = admin.locator(`[data-testid="pending-transfer"][data-reference="${vietqrReference}"]`);
    await pending.waitFor();
    // One transfer can be confirmed by hand (the bank's number, when it arrived): the form, then cancelled.
    await pending.getByTestId('transfer-received').click();
    await pending.getByTestId('received-reference').fill('FT26341000001');
    await screenshot(admin, 'payments-18-transfer-form');
    await pending.getByRole('button', { name: 'Hủy' }).click();
    const now = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 19);
    const csv = [
      'NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM',
      'SAO KÊ TÀI KHOẢN 113000000000',
      'Ngày giao dịch,Số tham chiếu,Diễn giải,Ghi nợ,Ghi có',
      `${now},FT26341000001,"MBVCB.8812.${vietqrReference}.CT tu 0912345678",,"7,000"`,
      `${now},FT26341000002,chuyen tien khong ghi noi dung,,"50,000"`,
    ].join('\r\n');
    // Mantine's FileInput is a button over a hidden file input (the only one on the page).
    await admin
      .locator('input[type="file"]')
      .setInputFiles({ name: 'sao-ke.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await admin.getByTestId('statement-import').click();
    await admin.getByTestId('statement-summary').waitFor();
    assert.deepEqual(
      await admin.getByTestId('statement-line').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-result'))),
      ['refund', 'no_reference'],
    );
    // Recorded (to refund), no longer awaited.
    await admin
      .locator(`[data-testid="pending-transfer"][data-reference="${vietqrReference}"]`)
      .waitFor({ state: 'detached' });
    await screenshot(admin, 'payments-19-statement');
    assert.deepEqual(desk.problems, []);
  });

  test('no page error, CSP violation or console error on the way', () => {
    assert.deepEqual([...phoneProblems, ...problems.flat()], []);
  });

  test('axe checked every page', () => {
    assert.deepEqual(uncheckedRoutes(), []);
  });
});
