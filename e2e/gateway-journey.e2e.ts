/**
 * The data-sharing gateway, end to end. On a phone (390 px) a citizen signs in through the STAND-IN of the national
 * identity provider (VNeID, `oidc-provider` on an ephemeral port), files a dossier whose applicant details are
 * filled in from the STAND-IN national population database (looked up through the gateway, with consent), and
 * then opens "Ai đã truy cập dữ liệu của tôi" and finds that lookup with the dossier it served. At 1366 px the
 * province administrator opens the gateway's page (services, consumers: one created, its secret shown once;
 * rights), the exchange log with that entry, and verifies the chain (OK). Axe on every screenshot
 * (e2e/artifacts/gateway-*.png).
 *
 * Run: npm run build:web && node --import tsx --test e2e/gateway-journey.e2e.ts
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  type NationalDbStandIn,
  startNationalDbStandIn,
} from '../packages/server/src/gateway/stand-in/national-db-stand-in';
import { type OidcStandIn, startOidcStandIn } from '../packages/server/src/identity/stand-in/oidc-stand-in';
import { horizontalOverflow, launchBrowser, openPage, screenshot, signIn } from './support/browser';
import { fillAgencyAndDocuments } from './support/eform';
import { freePort, type RunningServer, repoRoot, startServer } from './support/server';

const timeout = 30_000;
const sample = (name: string) => join(repoRoot, 'packages/core/src/files/fixtures', name);
const HOA = {
  nationalId: '072090001234',
  fullName: 'Nguyễn Thị Hoa',
  address: 'Số 12 đường 30/4, khu phố Hiệp Thạnh, phường Tân Ninh, tỉnh Tây Ninh',
};

describe('gateway journey: a lookup through the gateway, seen by the citizen and in the verified log', {
  timeout: 10 * 60_000,
}, () => {
  let server: RunningServer;
  let browser: Browser;
  let idp: OidcStandIn;
  let nationalDb: NationalDbStandIn;
  const contexts: BrowserContext[] = [];
  let dossierCode = '';

  before(
    async () => {
      const port = await freePort();
      idp = await startOidcStandIn({
        clients: [
          {
            clientId: 'congso-journey',
            clientSecret: 'congso-journey-secret',
            redirectUris: [`http://127.0.0.1:${port}/api/v1/auth/oidc/citizen/callback`],
          },
        ],
      });
      nationalDb = await startNationalDbStandIn({ port: 0 });
      server = await startServer({
        port,
        publicBaseUrl: true,
        timeoutMs: 280_000,
        env: {
          OIDC_CITIZEN_ISSUER: idp.issuer,
          OIDC_CITIZEN_CLIENT_ID: 'congso-journey',
          OIDC_CITIZEN_CLIENT_SECRET: 'congso-journey-secret',
          POPULATION_DB_URL: nationalDb.url,
          BUSINESS_REGISTRY_URL: nationalDb.url,
        },
      });
      browser = await launchBrowser();
    },
    { timeout: 300_000 },
  );

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
    await idp?.close();
    await nationalDb?.close();
  });

  test('on a phone: VNeID sign-in, a filing prefilled from the population database, "who accessed my data"', async () => {
    const { context, page, problems } = await openPage(browser, server.baseUrl, {
      width: 390,
      height: 844,
      mobile: true,
      timeoutMs: timeout,
    });
    contexts.push(context);
    // Sign in through the identity provider's stand-in, straight to the e-form.
    await page.goto('/login?next=/thu-tuc/1.001193/nop-ho-so');
    await page.getByTestId('sso-citizen').click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.locator('#login').fill('072 090 001 234');
    await page.locator('#password').fill('vneid-demo');
    await page.getByRole('button', { name: 'Đăng nhập / Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/thu-tuc/1.001193/nop-ho-so');
    await page.getByTestId('filing-page').waitFor();

    // The lookup needs the consent box ticked.
    const prefill = page.getByTestId('population-prefill');
    await prefill.waitFor();
    await page.getByTestId('population-lookup').click();
    await prefill.getByText('Hãy đánh dấu đồng ý trước khi tra cứu.').waitFor();
    assert.equal(nationalDb.received.length, 0, 'nothing is looked up without consent');
    await page.getByTestId('population-consent').check();
    await screenshot(page, 'gateway-01-eform-consent-390');
    await page.getByTestId('population-lookup').click();
    await page.getByTestId('population-prefilled').waitFor();
    assert.deepEqual(nationalDb.received, [{ method: 'GET', path: `/citizens/${HOA.nationalId}` }]);
    assert.equal((await page.getByTestId('population-full-name').textContent())?.trim(), HOA.fullName);
    assert.equal(await page.getByTestId('filing-address').inputValue(), HOA.address);

    // The rest of the e-form: the receiving agency, the mandatory documents, a phone.
    const mandatory = await fillAgencyAndDocuments(page, {
      agencyQuery: 'tan ninh',
      agencyName: /Tân Ninh/,
      file: sample('sample.pdf'),
    });
    assert.ok(mandatory.length >= 1, 'the e-form lists the mandatory documents');
    await page.getByTestId('filing-phone').fill('0912 345 678');
    assert.equal(await horizontalOverflow(page), 0, 'nothing overflows a 390 px phone');
    await screenshot(page, 'gateway-02-eform-prefilled-390');
    await page.getByTestId('filing-continue').click();
    await page.getByTestId('submit-dossier').waitFor();
    assert.equal(
      (await page.getByTestId('review-population').textContent())?.trim(),
      'Thông tin người nộp lấy từ Cơ sở dữ liệu quốc gia về dân cư',
    );
    await screenshot(page, 'gateway-03-review-390');
    await page.getByTestId('submit-dossier').click();
    await page.getByTestId('filing-success').waitFor();
    dossierCode = ((await page.getByTestId('filing-success-code').textContent()) ?? '').trim();
    assert.match(dossierCode, /^000\.01\.50\.H59-\d{6}-\d{4}$/);

    // Later: "who accessed my data", from the account menu.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-data-access').click();
    await page.getByTestId('data-access-page').waitFor();
    const items = page.getByTestId('data-access-item');
    await items.first().waitFor();
    assert.equal(await items.count(), 1);
    const item = items.first();
    assert.equal((await item.getByTestId('data-access-service').textContent())?.trim(), 'CSDL quốc gia về dân cư');
    assert.equal((await item.getByTestId('data-access-who').textContent())?.trim(), 'Hệ thống một cửa điện tử Congso');
    assert.equal((await item.getByTestId('data-access-purpose').textContent())?.trim(), 'nộp hồ sơ');
    assert.equal((await item.getByTestId('data-access-dossier').textContent())?.trim(), dossierCode);
    assert.equal(await horizontalOverflow(page), 0, 'nothing overflows a 390 px phone');
    await screenshot(page, 'gateway-04-data-access-390');
    // The dossier link goes to the dossier.
    await item.getByTestId('data-access-dossier').getByRole('link').click();
    await page.getByTestId('dossier-status').waitFor();
    assert.deepEqual(problems, []);
  });

  test('at 1366 px: the administrator reads the exchange log, finds the lookup and verifies the chain', async () => {
    assert.ok(dossierCode, 'the citizen filed first');
    const { context, page, problems } = await openPage(browser, server.baseUrl, {
      width: 1366,
      height: 900,
      timeoutMs: timeout,
    });
    contexts.push(context);
    await signIn(page, 'admin', '/admin/chia-se-du-lieu');
    await page.getByTestId('gateway-page').waitFor();

    // Services: the national databases registered by the one-stop's first lookup.
    await page.locator('[data-testid="gateway-service"][data-code="csdl-dan-cu"]').waitFor();
    await screenshot(page, 'gateway-05-services-1366');

    // A consumer: its secret is shown once.
    await page.getByTestId('gateway-tab-consumers').click();
    await page.getByTestId('gateway-consumer-code').fill('so-tu-phap');
    await page.getByTestId('gateway-consumer-name').fill('Hệ thống một cửa Sở Tư pháp (minh họa)');
    // Whose system it is: the agency, found by its name without diacritics.
    await page.getByTestId('gateway-consumer-agency-picker').click();
    await page.getByTestId('gateway-consumer-agency-picker').fill('so tu phap');
    await page
      .getByRole('option', { name: /^Sở Tư pháp/ })
      .first()
      .click();
    await page.getByTestId('gateway-consumer-submit').click();
    const secret = page.getByTestId('gateway-consumer-secret');
    await secret.waitFor();
    assert.match((await secret.locator('code, pre').textContent()) ?? '', /^[A-Za-z0-9_-]{43}$/);
    const created = page.locator('[data-testid="gateway-consumer"][data-code="so-tu-phap"]');
    await created.waitFor();
    assert.equal((await created.getByTestId('gateway-consumer-agency').textContent())?.trim(), 'Sở Tư pháp');
    await screenshot(page, 'gateway-06-consumers-1366');

    // Rights: the one-stop may call the population database; the new consumer nothing yet.
    await page.getByTestId('gateway-tab-rights').click();
    await page.locator('[data-testid="gateway-right-congso-mot-cua-csdl-dan-cu"]:checked').waitFor();
    assert.equal(await page.getByTestId('gateway-right-so-tu-phap-csdl-dan-cu').isChecked(), false);
    await screenshot(page, 'gateway-07-rights-1366');

    // The exchange log: the lookup, its purpose and the dossier it served; then the chain verified.
    await page.getByTestId('gateway-tab-log').click();
    await page.waitForURL((url) => url.searchParams.get('phan') === 'log');
    await page.getByTestId('gateway-log-service').selectOption('csdl-dan-cu');
    const entry = page.locator('[data-testid="gateway-log-entry"][data-outcome="allowed"]');
    await entry.first().waitFor();
    assert.equal(await entry.count(), 1);
    assert.equal((await entry.getByTestId('gateway-log-purpose').textContent())?.trim(), 'nộp hồ sơ');
    assert.equal((await entry.getByTestId('gateway-log-dossier').textContent())?.trim(), dossierCode);
    await page.getByTestId('gateway-verify').click();
    const result = page.getByTestId('gateway-verify-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-ok'), 'true');
    assert.match(
      (await result.textContent()) ?? '',
      /^Nhật ký nguyên vẹn: \d+ dòng khớp chuỗi mã băm; \d+ dấu neo đã ký\.$/,
    );
    await screenshot(page, 'gateway-08-log-verified-1366');
    assert.deepEqual(problems, []);
  });

  test('on a phone: a legal representative confirmed from the business registration files for the enterprise; the clerk sees for whom', async () => {
    const { context, page, problems } = await openPage(browser, server.baseUrl, {
      width: 390,
      height: 844,
      mobile: true,
      timeoutMs: timeout,
    });
    contexts.push(context);
    // Trần Văn Nam is the legal representative of the demo enterprise in the (stand-in) business registration.
    await signIn(page, '080195004321', '/kho-du-lieu');
    await page.getByTestId('representations').waitFor();
    await page.getByTestId('confirm-code').fill('3909876544');
    await page.getByTestId('confirm-submit').click();
    const link = page.locator('[data-testid="representation"][data-status="active"]');
    await link.first().waitFor();
    assert.match((await link.first().textContent()) ?? '', /Minh Phát.*3909876544/);
    assert.ok(
      nationalDb.received.some((r) => r.path === '/enterprises/3909876544'),
      'the registration was asked through the gateway',
    );
    // As legal representative, he authorises a colleague until a day.
    await page.getByTestId('organisation-links').waitFor();
    await page.getByTestId('grant-national-id').fill('079203000111');
    // At most 366 days ahead: six months from today (Vietnam's day).
    const until = new Date(Date.now() + 7 * 3_600_000 + 182 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('grant-until').fill(until);
    await page.getByTestId('grant-submit').click();
    await page
      .getByText(/Lê Minh Khang/)
      .first()
      .waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'nothing overflows a 390 px phone');
    await screenshot(page, 'gateway-09-representation-390');

    // He files for the enterprise: the e-form asks for whom.
    await page.goto('/thu-tuc/1.001193/nop-ho-so');
    await page.getByTestId('filing-page').waitFor();
    await page.getByTestId('filing-for-organisation').check();
    await fillAgencyAndDocuments(page, { agencyQuery: 'tan ninh', agencyName: /Tân Ninh/, file: sample('sample.pdf') });
    if (!(await page.getByTestId('filing-phone').inputValue()))
      await page.getByTestId('filing-phone').fill('0987 654 321');
    if (!(await page.getByTestId('filing-address').inputValue())) {
      await page.getByTestId('filing-address').fill('Số 5 đường Cách Mạng Tháng Tám, phường Tân Ninh, tỉnh Tây Ninh');
    }
    await screenshot(page, 'gateway-10-eform-for-organisation-390');
    await page.getByTestId('filing-continue').click();
    await page.getByTestId('submit-dossier').click();
    await page.getByTestId('filing-success').waitFor();
    assert.match((await page.getByTestId('dossier-organisation').textContent()) ?? '', /Minh Phát/);
    const dossierId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await screenshot(page, 'gateway-11-filed-for-organisation-390');
    assert.deepEqual(problems, []);

    // At the counter: the clerk's dossier page says for whom it was filed.
    const desk = await openPage(browser, server.baseUrl, { width: 1366, height: 900, timeoutMs: timeout });
    contexts.push(desk.context);
    await signIn(desk.page, 'motcua.tanninh', `/mot-cua/ho-so/${dossierId}`);
    await desk.page.getByTestId('dossier-page').waitFor();
    assert.match((await desk.page.getByTestId('dossier-organisation').textContent()) ?? '', /Minh Phát/);
    await screenshot(desk.page, 'gateway-12-desk-organisation-1366');
    assert.deepEqual(desk.problems, []);
  });
});
