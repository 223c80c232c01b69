/**
 * The reporting journey, in Debian's Chromium against a real server (demo province with its reporting demo):
 * phường Tân Ninh's specialist opens this month's report (automatic figures filled in), enters the figures and
 * submits it (sealed with the ward's certificate); the province's leader returns it for correction with a
 * reason; the specialist sees the reason, corrects and submits again; the leader approves it. The sealed PDF
 * is checked by poppler's pdfsig and rendered with pdftoppm into e2e/artifacts/reporting-signed-pdf-1.png. Then
 * the rates, the programme (one screenshot at 1920 px, a wall screen) and the catalogue; the history of the demo's
 * monthly template (its two revisions, what changed, revision 1's indicators as they were). Every page is checked
 * with axe at 1366 and 390 px. The province administrator adds an indicator, a template with it and assigns it to
 * the ward (the ward then has it to report on); adds a project whose target tracks a measured figure (checked
 * against the API's), enters a year's ranks; the leader's dashboard shows the programme card.
 *
 * Run: npm run build:web && node --import tsx --test e2e/reporting-journey.e2e.ts
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, uncheckedRoutes } from './support/accessibility';
import { artifactsDir, launchBrowser, openPage, screenshot } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const timeout = 30_000;
const password = 'Congso@2026';
const reason = 'Số cuộc tiếp công dân chưa khớp sổ tiếp công dân, đề nghị kiểm tra lại.';

describe('reporting journey: submit, return for correction, resubmit, approve', { timeout: 10 * 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];
  const pages = new Map<string, Page>();
  let reportUrl = '';

  async function as(username: string): Promise<Page> {
    const known = pages.get(username);
    if (known) return known;
    const opened = await openPage(browser, server.baseUrl, { width: 1366, height: 900, timeoutMs: timeout });
    contexts.push(opened.context);
    problems.push(opened.problems);
    const page = opened.page;
    await page.goto('/login?next=/bao-cao');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await checkAccessibility(page, 'reporting-sign-in');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('reports-table').waitFor();
    pages.set(username, page);
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
  }

  async function status(page: Page, expected: string) {
    await page.locator(`[data-testid="report-status"][data-status="${expected}"]`).first().waitFor();
  }

  before(
    async () => {
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

  test('the ward opens this month’s report, enters the figures and submits it', async () => {
    const ward = await as('chuyenvien.tanninh');
    await shot(ward, 'reporting-01-ward-reports');
    const open = ward.locator('[data-testid^="open-BC-TTHC-THANG-"]').last();
    await open.click();
    await ward.getByTestId('report-table').waitFor();
    reportUrl = new URL(ward.url()).pathname;
    await status(ward, 'draft');
    await ward.getByTestId('value-TTHC.06').fill('15');
    // Required since the template's revision 2.
    await ward.getByTestId('value-TTHC.07').fill('4');
    await ward.getByTestId('action-submit').click();
    await status(ward, 'submitted');
    await shot(ward, 'reporting-02-submitted');
  });

  test('the province returns it with a reason', async () => {
    const leader = await as('lanhdao.tinh');
    await leader.goto(reportUrl);
    await status(leader, 'submitted');
    await leader.getByTestId('action-return').click();
    // Without a reason the server refuses: the reason field is required.
    await leader.getByRole('alert').first().waitFor();
    await leader.getByTestId('return-reason-input').fill(reason);
    await shot(leader, 'reporting-03-return-form');
    await leader.getByTestId('action-return').click();
    await status(leader, 'returned');
  });

  test('the ward sees the reason, corrects and resubmits', async () => {
    const ward = await as('chuyenvien.tanninh');
    await ward.goto(reportUrl);
    await status(ward, 'returned');
    assert.equal((await ward.getByTestId('return-reason').innerText()).includes(reason), true);
    await shot(ward, 'reporting-04-returned');
    await ward.getByTestId('value-TTHC.06').fill('14');
    await ward.getByTestId('action-submit').click();
    await status(ward, 'submitted');
  });

  test('the province approves; the sealed PDF is valid and looked at', async () => {
    const leader = await as('lanhdao.tinh');
    await leader.goto(reportUrl);
    await status(leader, 'submitted');
    await leader.getByTestId('action-approve').click();
    await status(leader, 'approved');
    await shot(leader, 'reporting-05-approved');
    const id = reportUrl.split('/').pop() as string;
    const res = await leader.request.get(`/api/v1/reporting/reports/${id}/pdf`);
    assert.equal(res.status(), 200);
    const pdf = join(artifactsDir, 'reporting-signed.pdf');
    await writeFile(pdf, await res.body());
    const pdfsig = execFileSync('pdfsig', [pdf], { encoding: 'utf8' });
    assert.match(pdfsig, /Signer Certificate Common Name: .*Tân Ninh/);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      pdf,
      join(artifactsDir, 'reporting-signed-pdf'),
    ]);
  });

  test('rates, programme (wall screen) and catalogue', async () => {
    const leader = await as('lanhdao.tinh');
    await leader.goto('/bao-cao/ty-le');
    await leader.getByTestId('rates-table').waitFor();
    await shot(leader, 'reporting-06-rates');
    await leader.goto('/bao-cao/chuong-trinh');
    await leader.getByTestId('projects-table').waitFor();
    await leader.setViewportSize({ width: 1920, height: 1080 });
    await shot(leader, 'reporting-07-programme-1920');
    await leader.setViewportSize({ width: 1366, height: 900 });
    await leader.goto('/bao-cao/danh-muc');
    await leader.getByTestId('indicators-table').waitFor();
    await shot(leader, 'reporting-08-catalogue');
    for (const p of problems) assert.deepEqual(p, []);
  });

  test('a template’s history: its revisions, each opened with its indicators and what changed', async () => {
    const admin = await as('admin');
    await admin.goto('/bao-cao/danh-muc');
    await admin.getByTestId('template-history-BC-TTHC-THANG').click();
    const revisions = admin.getByTestId('revisions-table');
    await revisions.waitFor();
    // The demo's monthly template was revised after the reports of two and three months back.
    assert.equal(await revisions.locator('tbody tr').count(), 2);
    assert.match(
      await revisions.locator('tr[data-revision="2"]').innerText(),
      /^2\s+đang áp dụng[\s\S]*Quản trị hệ thống/,
    );
    assert.match(
      await revisions.locator('tr[data-revision="1"]').innerText(),
      /Tháng \d+\/\d{4} – Tháng \d+\/\d{4}\s+3\s/,
    );
    const changes = admin.getByTestId('revision-changes');
    assert.deepEqual(await changes.locator('li').allInnerTexts(), [
      'Thêm chỉ tiêu: TTHC.08 · Số cuộc đối thoại với người dân, doanh nghiệp về TTHC',
      'Chuyển thành bắt buộc: TTHC.07 · Số phản ánh, kiến nghị về TTHC đã xử lý',
      'Đổi khoảng hợp lệ: TTHC.06 · Số cuộc tiếp công dân về TTHC: 0 – 10.000 → 0 – 2.000',
    ]);
    await shot(admin, 'reporting-16-template-history');
    await admin.getByTestId('open-revision-1').click();
    await admin.getByText('Phiên bản đầu tiên của mẫu báo cáo.').waitFor();
    // Revision 1 as it was: the meetings' range before it was narrowed, no dialogues indicator.
    const indicators = admin.getByTestId('revision-indicators');
    assert.equal(await indicators.locator('tbody tr').count(), 7);
    assert.match(await indicators.locator('tbody tr').nth(5).innerText(), /TTHC\.06[\s\S]*0 – 10\.000/);
    await shot(admin, 'reporting-17-template-revision-1');
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.getByTestId('open-revision-2').click();
    await changes.waitFor();
    await shot(admin, 'reporting-18-template-history-390');
    await admin.setViewportSize({ width: 1366, height: 900 });
    for (const p of problems) assert.deepEqual(p, []);
  });

  test('the province administrator adds an indicator, puts it in a template and assigns it', async () => {
    const admin = await as('admin');
    await admin.goto('/bao-cao/danh-muc');
    await admin.getByTestId('indicators-table').waitFor();
    await admin.getByTestId('indicator-add').click();
    const form = admin.getByTestId('indicator-form');
    await form.getByTestId('indicator-code').fill('CDS.10');
    await form.getByTestId('indicator-unit').fill('cuộc');
    await form.getByTestId('indicator-name-vi').fill('Số cuộc họp trực tuyến của cơ quan');
    await form.getByTestId('indicator-name-en').fill('Online meetings held by the agency');
    await form.getByTestId('indicator-max').fill('500');
    await shot(admin, 'reporting-09-indicator-form');
    await form.getByTestId('indicator-save').click();
    await form.waitFor({ state: 'detached' });
    await admin.getByRole('dialog').waitFor({ state: 'detached' });
    await admin.getByTestId('indicators-table').getByText('CDS.10 · Số cuộc họp trực tuyến của cơ quan').waitFor();

    await admin.getByTestId('template-add').click();
    const template = admin.getByTestId('template-form');
    await template.getByTestId('template-code').fill('BC-CDS-THANG');
    await template.getByTestId('template-name-vi').fill('Báo cáo chuyển đổi số hằng tháng');
    await template.getByTestId('template-name-en').fill('Monthly digital-transformation report');
    await template.getByTestId('template-item-CDS.10').check();
    await shot(admin, 'reporting-10-template-form');
    await template.getByTestId('template-save').click();
    await template.waitFor({ state: 'detached' });
    await admin.getByRole('dialog').waitFor({ state: 'detached' });
    await admin.getByText('BC-CDS-THANG', { exact: true }).waitFor();

    const assign = admin.getByTestId('assign-form');
    await assign.getByTestId('assign-template').click();
    await admin.getByRole('option', { name: /BC-CDS-THANG/ }).click();
    await assign.getByTestId('assign-agency').click();
    await assign.getByTestId('assign-agency').fill('tan ninh');
    await admin
      .getByRole('option', { name: /Tân Ninh/ })
      .first()
      .click();
    await assign.getByTestId('assign-from').fill('2026-12');
    await assign.getByTestId('assign-save').click();
    const row = admin.getByTestId('assignment-row').filter({ hasText: 'BC-CDS-THANG' });
    await row.waitFor();
    assert.match(await row.innerText(), /Tân Ninh[\s\S]*2026-12[\s\S]*Đang áp dụng/);
    await shot(admin, 'reporting-11-catalogue-admin');

    // The ward now has the new template among its periods to report on.
    const ward = await as('chuyenvien.tanninh');
    await ward.goto('/bao-cao');
    await ward.locator('[data-testid^="open-BC-CDS-THANG-"]').first().waitFor();
  });

  test('the programme: a project with a target tracked against its measured value, a year’s ranks', async () => {
    const admin = await as('admin');
    await admin.goto('/bao-cao/chuong-trinh');
    await admin.getByTestId('measured-figures').waitFor();
    await admin.getByTestId('project-add').click();
    const form = admin.getByTestId('project-form');
    await form.getByTestId('project-code').fill('CDS-VPS');
    await form.getByTestId('project-name').fill('Văn phòng số các cấp');
    await form.getByTestId('project-owner').click();
    await form.getByTestId('project-owner').fill('tan ninh');
    await admin
      .getByRole('option', { name: /Tân Ninh/ })
      .first()
      .click();
    await form.getByTestId('project-start').fill('2026-01-01');
    await form.getByTestId('project-end').fill('2026-12-31');
    await form.getByTestId('target-add').click();
    await form.getByTestId('target-name-0').fill('Hồ sơ TTHC nộp trực tuyến');
    await form.getByTestId('target-metric-0').click();
    await admin.getByRole('option', { name: /TTHC tiếp nhận trực tuyến/ }).click();
    await form.getByTestId('target-value-0').fill('50');
    await shot(admin, 'reporting-12-project-form');
    await form.getByTestId('project-save').click();
    await form.waitFor({ state: 'detached' });
    await admin.getByRole('dialog').waitFor({ state: 'detached' });

    // The measured value is the platform's own figure, the same the API computes.
    const programme = (await (await admin.request.get('/api/v1/reporting/programme')).json()) as {
      figures: Record<string, number | null>;
    };
    const measured = programme.figures.dossiers_online_share;
    const line = admin
      .getByTestId('projects-table')
      .getByTestId('target-line')
      .filter({ hasText: 'Hồ sơ TTHC nộp trực tuyến' });
    await line.waitFor();
    assert.equal(typeof measured, 'number', 'the demo has dossiers this year: the online share is measured');
    const shown = String(measured).replace('.', ',');
    assert.match(await line.innerText(), new RegExp(`: đo được ${shown} / mục tiêu 50 \\(tự động\\)`));
    const figure = admin.locator('[data-testid="measured-figures"] tr[data-metric="dossiers_online_share"]');
    assert.match(await figure.innerText(), new RegExp(shown));

    await admin.getByTestId('rank-add').click();
    const rank = admin.getByTestId('rank-form');
    await rank.getByTestId('rank-year').fill('2025');
    await rank.getByTestId('rank-dti').fill('15');
    await rank.getByTestId('rank-service').fill('12');
    await rank.getByTestId('rank-service-score').fill('86,1');
    await rank.getByTestId('rank-save').click();
    await rank.waitFor({ state: 'detached' });
    await admin.getByRole('dialog').waitFor({ state: 'detached' });
    await admin.getByTestId('rank-row').filter({ hasText: '2025' }).waitFor();
    await shot(admin, 'reporting-13-programme-admin');
    await admin.setViewportSize({ width: 390, height: 844 });
    await shot(admin, 'reporting-14-programme-390');
    await admin.setViewportSize({ width: 1366, height: 900 });

    // The leader's dashboard carries the programme card with the target against its figure.
    const leader = await as('lanhdao.tinh');
    await leader.goto('/dieu-hanh');
    const card = leader.getByTestId('programme-summary');
    await card.getByTestId('programme-key-targets').waitFor();
    assert.match(await card.innerText(), /dự án hoàn thành/);
    assert.match(await card.innerText(), /Hồ sơ TTHC nộp trực tuyến/);
    await leader.setViewportSize({ width: 1920, height: 1080 });
    await shot(leader, 'reporting-15-dashboard-programme-1920');
    await leader.setViewportSize({ width: 1366, height: 900 });
    for (const p of problems) assert.deepEqual(p, []);
  });

  test('the province sets the ward’s report period apart: an earlier cut-off, with the reason the ward then reads', async () => {
    const admin = await as('admin');
    const id = reportUrl.split('/').pop() as string;
    const report = (await (await admin.request.get(`/api/v1/reporting/reports/${id}`)).json()) as {
      period: { kind: string; key: string; cutoffEnd: string };
    };
    const { key, cutoffEnd } = report.period;
    // Two days earlier than the rules' end: the deadline follows from the template's working days.
    const end = new Date(`${cutoffEnd}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() - 2);
    const earlier = end.toISOString().slice(0, 10);
    const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
    const adjustReason = 'Chốt số liệu sớm phục vụ phiên họp thường kỳ của UBND tỉnh.';

    await admin.goto('/bao-cao/ky-bao-cao');
    await admin.getByTestId('periods-table').waitFor();
    if (!(await admin.locator(`[data-testid="period-row"][data-key="${key}"]`).count())) {
      await admin.getByTestId('periods-year-next').click();
    }
    const row = admin.locator(`[data-testid="period-row"][data-key="${key}"]`);
    await row.waitFor();
    assert.match(await row.getByTestId('period-deadline').first().innerText(), /Báo cáo/);
    await shot(admin, 'reporting-19-periods');
    await row.getByTestId('period-adjust').click();
    const form = admin.getByTestId('period-override-form');
    await form.getByTestId('period-override-end').fill(earlier);
    await form.getByTestId('period-override-reason').fill(adjustReason);
    await shot(admin, 'reporting-20-period-adjust');
    await form.getByTestId('period-override-save').click();
    await admin.getByTestId('periods-saved').waitFor();
    assert.match(await admin.getByTestId('periods-saved').innerText(), /hạn nộp của \d+ báo cáo được cập nhật/);
    // The table is read again after the save: the row shows the adjustment, then its new window.
    await row.getByTestId('period-adjustment').waitFor();
    assert.match(await row.getByTestId('period-adjustment').innerText(), /phiên họp thường kỳ/);
    assert.match(await row.getByTestId('period-window').innerText(), new RegExp(`– ${dmy(earlier)}`));
    await admin.setViewportSize({ width: 390, height: 844 });
    const card = admin.locator(`[data-testid="period-card"][data-key="${key}"]`);
    await card.getByTestId('period-adjustment').waitFor();
    assert.match(await card.getByTestId('period-window').innerText(), new RegExp(`– ${dmy(earlier)}`));
    await shot(admin, 'reporting-21-periods-390');
    await admin.setViewportSize({ width: 1366, height: 900 });

    // The ward's report names the adjustment, with its new window.
    const ward = await as('chuyenvien.tanninh');
    await ward.goto(reportUrl);
    const note = ward.getByTestId('report-period-adjustment');
    await note.waitFor();
    assert.match(await note.innerText(), /Kỳ báo cáo được tỉnh điều chỉnh: Chốt số liệu sớm/);
    assert.match(await ward.locator('main').innerText(), new RegExp(`đến ngày ${dmy(earlier)}`));
    await shot(ward, 'reporting-22-report-adjusted');
  });

  test('axe checked every page the journey went to', () => {
    assert.deepEqual(uncheckedRoutes(), []);
  });
});
