/**
 * Single sign-on and webhooks: a citizen signs in through the STAND-IN of the national identity provider
 * (`oidc-provider` on an ephemeral port, configured as OIDC_CITIZEN_*): "Đăng nhập bằng VNeID" on the sign-in page,
 * the stand-in's form, back to Congso and into "Hồ sơ của tôi"; the province administrator registers a webhook
 * subscriber (the secret shown once) on /admin/webhook. Axe at 1366 and 390 px; screenshots in
 * e2e/artifacts/sso-*.png.
 *
 * Run: npm run build:web && node --import tsx --test e2e/sso-journey.e2e.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { type OidcStandIn, startOidcStandIn } from '../packages/server/src/identity/stand-in/oidc-stand-in';
import { checkAccessibility } from './support/accessibility';
import { horizontalOverflow, launchBrowser, openPage, screenshot, signIn } from './support/browser';
import { freePort, type RunningServer, startServer } from './support/server';

const timeout = 30_000;

describe('sso journey: a citizen signs in with VNeID (stand-in); webhooks page', { timeout: 10 * 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let idp: OidcStandIn;
  const contexts: BrowserContext[] = [];

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
      server = await startServer({
        port,
        publicBaseUrl: true,
        timeoutMs: 280_000,
        env: {
          OIDC_CITIZEN_ISSUER: idp.issuer,
          OIDC_CITIZEN_CLIENT_ID: 'congso-journey',
          OIDC_CITIZEN_CLIENT_SECRET: 'congso-journey-secret',
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
  });

  test('on a phone: "Đăng nhập bằng VNeID" → the stand-in → "Hồ sơ của tôi"', async () => {
    const { context, page, problems } = await openPage(browser, server.baseUrl, {
      width: 390,
      height: 844,
      mobile: true,
      timeoutMs: timeout,
    });
    contexts.push(context);
    await page.goto('/login');
    const vneid = page.getByTestId('sso-citizen');
    await vneid.waitFor();
    assert.equal((await vneid.textContent())?.trim(), 'Đăng nhập bằng VNeID');
    await checkAccessibility(page, 'sso-login');
    await screenshot(page, 'sso-login-390');
    await vneid.click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.locator('#login').fill('072 090 001 234');
    await page.locator('#password').fill('vneid-demo');
    await screenshot(page, 'sso-stand-in-390');
    await page.getByRole('button', { name: 'Đăng nhập / Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/ho-so-cua-toi');
    await page.getByRole('heading', { name: 'Hồ sơ của tôi' }).waitFor();
    await checkAccessibility(page, 'sso-my-dossiers');
    assert.equal(await horizontalOverflow(page), 0);
    await screenshot(page, 'sso-my-dossiers-390');
    assert.deepEqual(problems, []);
  });

  test('at 1366 px: the administrator registers a webhook subscriber and reads the secret once', async () => {
    const { context, page, problems } = await openPage(browser, server.baseUrl, {
      width: 1366,
      height: 900,
      timeoutMs: timeout,
    });
    contexts.push(context);
    await signIn(page, 'admin', '/admin/webhook');
    await page.getByTestId('webhooks-page').waitFor();
    await page.getByTestId('webhook-name').fill('Hệ thống một cửa Sở Tư pháp (minh họa)');
    await page.getByTestId('webhook-url').fill('https://mot-cua.stp.example.gov.vn/congso/events');
    await page.getByTestId('webhook-submit').click();
    const secret = page.getByTestId('webhook-secret');
    await secret.waitFor();
    assert.match((await secret.textContent()) ?? '', /whsec_/);
    await page.getByTestId('webhook-show-log').first().click();
    await page.getByTestId('webhook-deliveries').waitFor();
    await checkAccessibility(page, 'sso-webhooks');
    await screenshot(page, 'sso-webhooks-1366', { fullPage: true });
    assert.deepEqual(problems, []);
  });
});
