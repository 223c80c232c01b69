import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cleanFileName, sniffUpload } from './sniff';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const pdf = fixture('sample.pdf');
const png = fixture('sample.png');
const jpeg = fixture('sample.jpg');
const bytes = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('sniffUpload: accepted formats, checked by their structure', () => {
  it('accepts a real PDF, PNG and JPEG with or without a matching extension', () => {
    assert.deepEqual(sniffUpload(pdf, 'to-khai.pdf'), { ok: true, mediaType: 'application/pdf' });
    assert.deepEqual(sniffUpload(png, 'CCCD mặt trước.PNG'), { ok: true, mediaType: 'image/png' });
    assert.deepEqual(sniffUpload(jpeg, 'scan.jpeg'), { ok: true, mediaType: 'image/jpeg' });
    assert.deepEqual(sniffUpload(jpeg, 'photo.JPG'), { ok: true, mediaType: 'image/jpeg' });
    assert.deepEqual(sniffUpload(jpeg, 'no-extension'), { ok: true, mediaType: 'image/jpeg' });
  });

  it('tolerates zero padding after a JPEG end marker and trailing blank lines after %%EOF', () => {
    assert.equal(sniffUpload(concat(jpeg, new Uint8Array(16)), 'a.jpg').ok, true);
    assert.equal(sniffUpload(concat(pdf, bytes('\r\n\n')), 'a.pdf').ok, true);
  });

  it('refuses a renamed executable, script, archive, office file or text', () => {
    const elf = concat(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), new Uint8Array(200));
    const pe = concat(bytes('MZ'), new Uint8Array(300));
    const zip = concat(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), new Uint8Array(100));
    for (const [content, name] of [
      [elf, 'giay-khai-sinh.pdf'],
      [pe, 'anh.jpg'],
      [zip, 'hoso.docx'],
      [bytes('<html><script>alert(1)</script></html>'), 'to-khai.pdf'],
      [bytes('#!/bin/sh\nrm -rf /\n'), 'a.png'],
      [bytes('GIF89a......'), 'a.gif'],
    ] as const) {
      assert.deepEqual(sniffUpload(content, name), { ok: false, reason: 'unsupported_type' }, name);
    }
  });

  it('refuses an empty file', () => {
    assert.deepEqual(sniffUpload(new Uint8Array(), 'a.pdf'), { ok: false, reason: 'empty' });
  });

  it('refuses a lying extension (a PNG named .pdf, a PDF named .exe)', () => {
    assert.deepEqual(sniffUpload(png, 'don.pdf'), { ok: false, reason: 'extension_mismatch' });
    assert.deepEqual(sniffUpload(pdf, 'setup.exe'), { ok: false, reason: 'extension_mismatch' });
    assert.deepEqual(sniffUpload(jpeg, 'x.png'), { ok: false, reason: 'extension_mismatch' });
  });

  it('refuses truncated files and a magic number followed by garbage', () => {
    for (const [content, name] of [
      [pdf.subarray(0, pdf.length - 30), 'a.pdf'],
      [png.subarray(0, png.length - 5), 'a.png'],
      [jpeg.subarray(0, jpeg.length - 2), 'a.jpg'],
      [concat(bytes('%PDF-1.7\n'), new Uint8Array(50)), 'a.pdf'],
      [concat(png.subarray(0, 8), new Uint8Array(40)), 'a.png'],
      [concat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), new Uint8Array(40)), 'a.jpg'],
    ] as const) {
      assert.deepEqual(sniffUpload(content, name), { ok: false, reason: 'corrupt' }, `${name} ${content.length}`);
    }
  });

  it('refuses a PNG with a damaged chunk (CRC) or data after IEND (a polyglot)', () => {
    const damaged = png.slice();
    damaged[20] = (damaged[20] as number) ^ 0xff; // inside IHDR
    assert.deepEqual(sniffUpload(damaged, 'a.png'), { ok: false, reason: 'corrupt' });
    const polyglot = concat(png, bytes('PK\u0003\u0004 hidden zip'));
    assert.deepEqual(sniffUpload(polyglot, 'a.png'), { ok: false, reason: 'corrupt' });
  });

  it('refuses a PDF hidden behind other bytes, and a JPEG with an archive appended', () => {
    assert.deepEqual(sniffUpload(concat(bytes('MZ....'), pdf), 'a.pdf'), { ok: false, reason: 'unsupported_type' });
    assert.deepEqual(sniffUpload(concat(jpeg, bytes('PK\u0003\u0004zzzz')), 'a.jpg'), {
      ok: false,
      reason: 'corrupt',
    });
  });
});

describe('cleanFileName', () => {
  it('drops folders, control and bidi characters, keeps Vietnamese (NFC)', () => {
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('C:\\Users\\an\\Giấy khai sinh.pdf'), 'Giấy khai sinh.pdf');
    assert.equal(cleanFileName('a\u202Efdp.exe'), 'afdp.exe');
    assert.equal(cleanFileName('Gia\u0301y to\u031B\u0300.pdf'), 'Giáy tờ.pdf'.normalize('NFC'));
    assert.equal(cleanFileName('bad<>:"|?*name.png'), 'bad_______name.png');
    assert.equal(cleanFileName('   '), 'tep-tin');
    assert.equal(cleanFileName('...hidden'), 'hidden');
  });

  it('shortens long names and keeps the extension', () => {
    const long = `${'a'.repeat(300)}.pdf`;
    const cleaned = cleanFileName(long);
    assert.equal(cleaned.length, 150);
    assert.ok(cleaned.endsWith('.pdf'));
  });
});
