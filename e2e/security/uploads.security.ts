/**
 * Uploads (POST /api/v1/files) against what attackers send: executables and markup under a document's
 * extension, polyglots (bytes of another format hidden before or after a valid image or PDF), file names
 * that try to leave the storage folder or to disguise themselves, oversized, empty and malformed requests.
 * Refused uploads store nothing (no row, no bytes); accepted ones are served with their sniffed type,
 * `Content-Security-Policy: sandbox`, `nosniff` and a clean Content-Disposition, never as HTML. The storage
 * folder is a subfolder of a temporary folder of this test: nothing may appear beside it.
 *
 * In-process (createTestApp) on PGlite, or on a fresh database when DATABASE_URL is set.
 * Run: node --import tsx --test e2e/security/uploads.security.ts
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from '@congso/db';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, sampleFile, type TestApp } from '../../packages/server/src/testing';

const MAX_UPLOAD_MB = 0.5;
let t: TestApp;
let citizen: string;
let root = '';
let filesDir = '';
const tally = { refused: 0, accepted: 0, names: 0, requests: 0 };

const enc = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const pdf = sampleFile('sample.pdf');
const png = sampleFile('sample.png');
const jpeg = sampleFile('sample.jpg');

/** A PNG chunk with its CRC (so that the image stays structurally valid). */
function pngChunk(type: string, data: Uint8Array): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const body = concat(enc(type), data);
  let crc = 0xffffffff;
  for (const byte of body) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
}

/** A valid PNG with a text chunk (before IEND) holding a script: still a PNG. */
function pngWithScriptText(): Buffer {
  const iend = png.length - 12;
  return concat(
    png.subarray(0, iend),
    pngChunk('tEXt', enc('Comment\u0000<script>alert(1)</script>')),
    png.subarray(iend),
  );
}

/** A valid JPEG with a comment segment (COM, FF FE) right after SOI holding HTML and script. */
function jpegWithScriptComment(): Buffer {
  const comment = enc('<html><body><script>alert(document.cookie)</script></body></html>');
  const segment = Buffer.alloc(4 + comment.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(comment.length + 2, 2);
  Buffer.from(comment).copy(segment, 4);
  return concat(jpeg.subarray(0, 2), segment, jpeg.subarray(2));
}

/** A PDF with an incremental update adding a JavaScript action (a valid trailer: it is still a PDF). */
function pdfWithJavaScript(): Buffer {
  const text = Buffer.from(pdf).toString('latin1');
  const startxref = /startxref\s+(\d+)/.exec(text)?.[1] ?? '0';
  return concat(
    pdf,
    enc(
      `\n20 0 obj\n<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\n` +
        `30 0 obj\n<< /OpenAction 20 0 R >>\nendobj\nstartxref\n${startxref}\n%%EOF\n`,
    ),
  );
}

const elf = concat(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), new Uint8Array(512));
const exe = concat(enc('MZ'), new Uint8Array(62), enc('PE\u0000\u0000'), new Uint8Array(400));
const html = enc('<!doctype html><html><body><script>alert(document.domain)</script></body></html>');
const svg = enc(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
);
const zip = concat(
  new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
  enc('evil.html<script>'),
  new Uint8Array(64),
);

interface Part {
  field?: string;
  /**
   * Raw filename as the header carries it (may hold any character); null: a part typed as a file
   * (application/octet-stream) without a filename; undefined: a plain text field.
   */
  filename?: string | null;
  type?: string;
  bytes: Uint8Array;
}

/** A multipart body built by hand, so names and parts are exactly what an attacker would send. */
function multipart(parts: Part[], options: { close?: boolean } = {}) {
  const boundary = `----sec${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition =
      typeof p.filename === 'string'
        ? `form-data; name="${p.field ?? 'file'}"; filename="${p.filename}"`
        : `form-data; name="${p.field ?? 'file'}"`;
    const type = p.type ?? (p.filename === undefined ? 'text/plain' : 'application/octet-stream');
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${type}\r\n\r\n`, 'utf8'),
      Buffer.from(p.bytes),
      Buffer.from('\r\n'),
    );
  }
  if (options.close !== false) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function send(
  parts: Part[],
  options: { cookie?: string | null; close?: boolean; contentType?: string } = {},
): Promise<LightMyRequestResponse> {
  tally.requests++;
  const body = multipart(parts, options);
  const cookie = options.cookie === undefined ? citizen : options.cookie;
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/files',
    headers: {
      'x-congso-request': '1',
      'content-type': options.contentType ?? body.contentType,
      ...(cookie ? { cookie: `congso_session=${cookie}` } : {}),
    },
    payload: body.payload,
  });
}

const one = (filename: string, bytes: Uint8Array, type?: string) => send([{ filename, bytes, type }]);

/** Every path under the test's temporary folder, relative to it. */
async function everything(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      out.push(relative(root, path));
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(root);
  return out.sort();
}

async function storedBytes(): Promise<string[]> {
  return (await everything()).filter((p) => /^files\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(p));
}

async function counts() {
  const [row] = await queryRows<{ files: number; audits: number }>(
    t.db.connection.db,
    sql`select (select count(*)::int from files) as files,
               (select count(*)::int from audit_events where action = 'file.upload') as audits`,
  );
  return { ...(row as { files: number; audits: number }), bytes: (await storedBytes()).length };
}

/** Runs `attempt` and checks that it changed nothing: no row, no audit event, no bytes. */
async function refusedWithoutTrace(label: string, attempt: () => Promise<LightMyRequestResponse>) {
  const before = await counts();
  const res = await attempt();
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${label}: ${res.statusCode} ${res.body}`);
  const error = res.json().error;
  assert.ok(error?.code && error.message.vi && error.message.en, `${label}: the error shape`);
  assert.deepEqual(await counts(), before, `${label}: nothing stored`);
  tally.refused++;
  return res;
}

/** The bytes as served back: sniffed type, sandboxed, never HTML, the same bytes. */
async function servedSafely(id: string, bytes: Uint8Array, mediaType: string, name: string) {
  const res = await t.call('GET', `/api/v1/files/${id}`, { cookie: citizen });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], mediaType, name);
  assert.doesNotMatch(String(res.headers['content-type']), /html|svg|xml|javascript/i);
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /(^|;\s*)sandbox(;|$)/, `${name}: CSP sandbox`);
  assert.match(csp, /default-src 'none'/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  const disposition = String(res.headers['content-disposition']);
  assert.match(
    disposition,
    /^(inline|attachment); filename="[^"/\\\r\n]*"(; filename\*=UTF-8''[^\s"/\\]+)?$/,
    disposition,
  );
  assert.deepEqual(new Uint8Array(res.rawPayload), new Uint8Array(bytes), `${name}: the same bytes`);
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'congso-sec-uploads-'));
  filesDir = join(root, 'files');
  t = await createTestApp({ FILES_DIR: filesDir, MAX_UPLOAD_MB: String(MAX_UPLOAD_MB) });
  citizen = await t.login('072090001234');
});

after(async () => {
  await t?.close();
  if (root) await rm(root, { recursive: true, force: true });
  console.log(
    `uploads: ${tally.refused} refused without a trace, ${tally.accepted} accepted and served safely, ` +
      `${tally.names} hostile names cleaned, ${tally.requests} upload requests`,
  );
});

describe('lying extensions and polyglots', () => {
  test('executables, markup and archives under a document extension are refused (unsupported type)', async () => {
    const cases: [string, Uint8Array][] = [
      ['giay-khai-sinh.pdf', elf],
      ['anh-the.png', exe],
      ['scan.jpg', exe],
      ['to-khai.pdf', html],
      ['anh.jpg', html],
      ['logo.png', svg],
      ['logo.svg', svg],
      ['ho-so.pdf', zip],
      ['shell.jpg', enc('<?php system($_GET["c"]); ?>')],
      ['gifar.png', concat(enc('GIF89a\u0001\u0000\u0001\u0000'), zip)],
      // A PDF with an HTML/JS page in front of %PDF (readers that search for the header would still open it).
      ['prepended.pdf', concat(html, pdf)],
      ['bom.pdf', concat(new Uint8Array([0xef, 0xbb, 0xbf]), pdf)],
    ];
    for (const [name, bytes] of cases) {
      const res = await refusedWithoutTrace(name, () => one(name, bytes, 'application/pdf'));
      assert.equal(res.statusCode, 415, name);
      assert.equal(res.json().error.code, 'FILE_TYPE_NOT_ALLOWED');
      assert.equal(res.json().error.details[0].code, 'unsupported_type', name);
    }
  });

  test('a real document under another document or web extension is refused (extension mismatch)', async () => {
    for (const [name, bytes] of [
      ['don.pdf', png],
      ['anh.png', jpeg],
      ['trang.html', pdf],
      ['trang.htm', jpeg],
      ['anh.svg', png],
      ['script.js', pdf],
      ['setup.exe', pdf],
      ['x.pdf.html', pdf],
    ] as const) {
      const res = await refusedWithoutTrace(name, () => one(name, bytes, 'text/html'));
      assert.equal(res.statusCode, 415, name);
      assert.equal(res.json().error.details[0].code, 'extension_mismatch', name);
    }
  });

  test('polyglots with bytes after the end of the image or PDF are refused (corrupt)', async () => {
    for (const [name, bytes] of [
      ['zip-after-iend.png', concat(png, zip)],
      ['html-after-iend.png', concat(png, html)],
      ['zip-after-eoi.jpg', concat(jpeg, zip)],
      ['html-after-eoi.jpg', concat(jpeg, html)],
      ['html-after-eof.pdf', concat(pdf, html)],
      ['truncated.pdf', pdf.subarray(0, pdf.length - 20)],
      ['only-magic.png', concat(png.subarray(0, 8), html)],
    ] as const) {
      const res = await refusedWithoutTrace(name, () => one(name, bytes));
      assert.equal(res.statusCode, 415, name);
      assert.equal(res.json().error.details[0].code, 'corrupt', name);
    }
  });

  test('valid files carrying script inside their own structure are accepted, but served inert', async () => {
    for (const [name, bytes, mediaType] of [
      ['comment.jpg', jpegWithScriptComment(), 'image/jpeg'],
      ['text-chunk.png', pngWithScriptText(), 'image/png'],
      ['action.pdf', pdfWithJavaScript(), 'application/pdf'],
      ['no-extension', jpegWithScriptComment(), 'image/jpeg'],
    ] as const) {
      const res = await one(name, bytes, 'text/html');
      assert.equal(res.statusCode, 201, `${name}: ${res.body}`);
      assert.equal(res.json().mediaType, mediaType, 'the type is sniffed, not the one the client sent');
      assert.equal(res.json().size, bytes.length);
      await servedSafely(res.json().id, bytes, mediaType, name);
      tally.accepted++;
    }
  });
});

describe('file names', () => {
  test('folders, traversal, absolute paths, NUL and bidi characters are cleaned; nothing leaves the storage', async () => {
    const before = new Set(await readdir(tmpdir()));
    const cases: [string, string][] = [
      ['../../etc/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\..\\windows\\win.pdf', 'win.pdf'],
      ['....//....//x.pdf', 'x.pdf'],
      ['%2e%2e%2f%2e%2e%2fescape.pdf', '%2e%2e%2f%2e%2e%2fescape.pdf'],
      ['/etc/cron.d/evil.pdf', 'evil.pdf'],
      ['C:\\Windows\\System32\\evil.pdf', 'evil.pdf'],
      ['\\\\server\\share\\unc.pdf', 'unc.pdf'],
      ['nul\u0000byte.pdf', 'nulbyte.pdf'],
      ['invoice\u202egpj.pdf', 'invoicegpj.pdf'],
      ['zero\u200bwidth\u2066.pdf', 'zerowidth.pdf'],
      ['..', 'tep-tin'],
      ['.htaccess', 'htaccess'],
      ['<script>alert(1)<\\script>.pdf', 'script_.pdf'],
      ['a<b>c:d|e?f*g.pdf', 'a_b_c_d_e_f_g.pdf'],
    ];
    for (const [raw, expected] of cases) {
      const res = await one(raw, pdf);
      assert.equal(res.statusCode, 201, `${JSON.stringify(raw)}: ${res.body}`);
      const name = res.json().name as string;
      assert.equal(name, expected, JSON.stringify(raw));
      assert.doesNotMatch(name, /[/\\]|^\.|[\p{Cc}\p{Cf}]/u, JSON.stringify(raw));
      await servedSafely(res.json().id, pdf, 'application/pdf', raw);
      tally.names++;
    }
    // A part typed as a file without any filename is a file with a default name (not a 500).
    const nameless = await send([{ filename: null, bytes: pdf }]);
    assert.equal(nameless.statusCode, 201, nameless.body);
    assert.equal(nameless.json().name, 'tep-tin');
    tally.names++;
    // A name whose bidi override hid an executable extension: once cleaned, it says .exe and is refused.
    const disguised = await refusedWithoutTrace('x\u202efdp.exe', () => one('x\u202efdp.exe', pdf));
    assert.equal(disguised.json().error.details[0].code, 'extension_mismatch');

    // Nothing but the storage folder in the test's folder, only `YYYY/MM/<uuid>` files in it, one per row.
    const all = await everything();
    assert.ok(all.includes('files'));
    for (const path of all) {
      assert.match(path, /^files(\/\d{4}(\/\d{2}(\/[0-9a-f-]{36})?)?)?$/, `unexpected ${path}`);
    }
    const { files, bytes } = await counts();
    assert.equal(bytes, files, 'one stored file per row');
    const rows = await queryRows<{ storage_key: string }>(t.db.connection.db, sql`select storage_key from files`);
    for (const row of rows) assert.ok(existsSync(join(filesDir, row.storage_key)), row.storage_key);
    const added = (await readdir(tmpdir())).filter((n) => !before.has(n));
    assert.deepEqual(
      added.filter((n) => /passwd|evil|escape|win\.pdf|x\.pdf|unc/.test(n)),
      [],
      'nothing written beside the test folder',
    );
    assert.equal(existsSync('/etc/cron.d/evil.pdf'), false);
  });
});

describe('sizes and malformed requests', () => {
  test('oversized is 413, empty is refused, many parts or no file part is a 4xx; nothing stored', async () => {
    const limit = Math.round(MAX_UPLOAD_MB * 1024 * 1024);
    const oversized = Buffer.alloc(limit + 1);
    Buffer.from(pdf).copy(oversized);
    const huge = Buffer.alloc(3 * 1024 * 1024);
    Buffer.from(pdf).copy(huge);
    for (const [label, bytes] of [
      ['one byte over the limit', oversized],
      ['3 MB', huge],
    ] as const) {
      const res = await refusedWithoutTrace(label, () => one('to.pdf', bytes));
      assert.equal(res.statusCode, 413, label);
      assert.ok(['FILE_TOO_LARGE', 'PAYLOAD_TOO_LARGE'].includes(res.json().error.code), res.body);
    }
    const empty = await refusedWithoutTrace('empty', () => one('empty.pdf', new Uint8Array()));
    assert.equal(empty.statusCode, 415);
    assert.equal(empty.json().error.details[0].code, 'empty');

    const malformed: [string, () => Promise<LightMyRequestResponse>][] = [
      [
        'two file parts',
        () =>
          send([
            { filename: 'a.pdf', bytes: pdf },
            { filename: 'b.pdf', bytes: pdf },
          ]),
      ],
      ['twenty file parts', () => send(Array.from({ length: 20 }, (_, i) => ({ filename: `p${i}.pdf`, bytes: pdf })))],
      [
        'a file and a field',
        () =>
          send([
            { filename: 'a.pdf', bytes: pdf },
            { field: 'note', bytes: enc('x') },
          ]),
      ],
      [
        'a field before the file',
        () =>
          send([
            { field: 'note', bytes: enc('x') },
            { filename: 'a.pdf', bytes: pdf },
          ]),
      ],
      ['a field only', () => send([{ field: 'file', bytes: pdf }])],
      ['a file under another field name', () => send([{ field: 'document', filename: 'a.pdf', bytes: pdf }])],
      ['no part at all', () => send([])],
      ['no closing boundary', () => send([{ filename: 'a.pdf', bytes: pdf }], { close: false })],
      [
        'no boundary in the content type',
        () => send([{ filename: 'a.pdf', bytes: pdf }], { contentType: 'multipart/form-data' }),
      ],
      ['not multipart', () => send([{ filename: 'a.pdf', bytes: pdf }], { contentType: 'application/pdf' })],
      ['not signed in', () => send([{ filename: 'a.pdf', bytes: pdf }], { cookie: null })],
    ];
    for (const [label, attempt] of malformed) await refusedWithoutTrace(label, attempt);
  });
});
