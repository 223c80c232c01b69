import { launchBrowser } from './support/browser';
const base = 'http://127.0.0.1:3999';
const out = '/tmp/h2/shots';
const browser = await launchBrowser();
async function session(username: string | null, width: number, height: number, shots: [string, string][]) {
  const context = await browser.newContext({ viewport: { width, height }, baseURL: base, isMobile: width < 500, deviceScaleFactor: 1 });
  const page = await context.newPage();
  if (username) {
    await page.goto('/login');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill('Congso@2026');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }
  for (const [path, name] of shots) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  }
  await context.close();
}
const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'desk') {
  await session('motcua.stp', 1366, 900, [['/mot-cua', 'desk-motcua-stp'], ['/', 'home-motcua-stp']]);
  await session('truongphong.stp', 1366, 900, [['/mot-cua', 'desk-truongphong-stp'], ['/mot-cua?tab=mine', 'desk-truongphong-mine']]);
}
if (which === 'all' || which === 'citizen') {
  await session('072090001234', 390, 844, [['/', 'home-citizen-390'], ['/ho-so-cua-toi', 'mine-citizen-390']]);
  await session(null, 390, 844, [['/', 'home-anon-390']]);
  await session(null, 1366, 900, [['/', 'home-anon-1366']]);
}
await browser.close();
