/**
 * The backup archive's tar format, without any program of the system: what is written reads back, the
 * headers are POSIX ustar, and an archive written by GNU tar (a fixture made with `tar --format=pax`, pax
 * headers before every entry) is read too. The fault suite checks the real archive with GNU tar both ways.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { listTar, readEntry, TarFormatError, TarWriter } from './tar';

const dir = mkdtempSync(join(tmpdir(), 'congso-tar-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
async function bytesOf(stream: AsyncIterable<unknown>) {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
const field = (block: Buffer, offset: number, length: number) =>
  block.subarray(offset, offset + length).toString('latin1');

const big = randomBytes(70_000);
const manifest = Buffer.from('{"tên":"Tây Ninh"}');
const longName = `files/2026/11/${'tệp-có-tên-rất-dài-'.repeat(6)}.pdf`;

test('written archives read back: names, sizes, hashes, bytes; ustar headers; long names through pax', async () => {
  const path = join(dir, 'a.tar');
  const tar = new TarWriter(createWriteStream(path, { flags: 'wx' }), new Date('2026-11-23T02:00:00Z'));
  const written = [
    await tar.add('database/postgres.dump', big.length, [big.subarray(0, 1000), big.subarray(1000)]),
    await tar.addBuffer('files/2026/11/0f8a1c1e-5b7e-4c1a-9a51-8f0e3c1d2b3a', new Uint8Array()),
    await tar.addBuffer(longName, Buffer.from('%PDF-1.4')),
    await tar.addBuffer('manifest.json', manifest),
  ];
  await tar.finish();
  assert.deepEqual(
    written.map((w) => [w.name, w.size, w.sha256]),
    [
      ['database/postgres.dump', 70_000, sha(big)],
      ['files/2026/11/0f8a1c1e-5b7e-4c1a-9a51-8f0e3c1d2b3a', 0, sha(new Uint8Array())],
      [longName, 8, sha(Buffer.from('%PDF-1.4'))],
      ['manifest.json', 20, sha(manifest)],
    ],
  );
  const entries = await listTar(path);
  assert.deepEqual(
    entries.map((e) => [e.name, e.size, e.sha256]),
    written.map((w) => [w.name, w.size, w.sha256]),
  );
  assert.deepEqual(await bytesOf(readEntry(path, entries[0] as never)), big);
  assert.deepEqual(await bytesOf(readEntry(path, entries[1] as never)), Buffer.alloc(0));
  assert.deepEqual(await bytesOf(readEntry(path, entries[2] as never)), Buffer.from('%PDF-1.4'));
  assert.deepEqual(await bytesOf(readEntry(path, entries[3] as never)), manifest);

  // The first header, as POSIX ustar lays it out: name, mode, size and mtime in octal, a regular file.
  const file = readFileSync(path);
  const header = file.subarray(0, 512);
  assert.equal(entries[0]?.offset, 512);
  assert.equal(field(header, 0, 23), 'database/postgres.dump\0');
  assert.equal(field(header, 100, 8), '000644 \0');
  assert.equal(field(header, 124, 12), `${(70_000).toString(8).padStart(11, '0')} `);
  assert.equal(field(header, 136, 12), `${(Date.parse('2026-11-23T02:00:00Z') / 1000).toString(8)} `);
  assert.equal(field(header, 156, 1), '0');
  assert.equal(field(header, 257, 8), 'ustar\u000000');
  assert.equal(field(header, 265, 7), 'congso\0');
  // The long name is in a pax header ('x') and its one block of data before the entry's own header; the
  // archive ends with two zero blocks.
  const paxAt = (entries[2]?.offset as number) - 3 * 512;
  assert.equal(field(file, paxAt + 156, 1), 'x');
  assert.ok(file.subarray(paxAt + 512, paxAt + 1024).includes(Buffer.from(` path=${longName}\n`)));
  assert.equal(file.length % 512, 0);
  assert.ok(file.subarray(file.length - 1024).every((b) => b === 0));
  assert.equal(file.length, (entries[3]?.offset as number) + 512 + 1024);
});

test('an archive written by GNU tar (pax format) is read: names, sizes, hashes and bytes', async () => {
  const path = new URL('./fixtures/gnu-tar-pax.tar', import.meta.url).pathname;
  const entries = await listTar(path);
  const x = Buffer.alloc(513);
  for (let i = 0; i < x.length; i++) x[i] = (i * 7) % 251;
  assert.deepEqual(
    entries.map((e) => [e.name, e.size, e.sha256]),
    [
      ['files/x.bin', 513, sha(x)],
      [longName, 19, sha(Buffer.from('%PDF-1.4 tên dài\n'))],
      ['manifest.json', 20, sha(manifest)],
    ],
  );
  assert.deepEqual(await bytesOf(readEntry(path, entries[0] as never)), x);
  assert.equal((await bytesOf(readEntry(path, entries[1] as never))).toString('utf8'), '%PDF-1.4 tên dài\n');
  assert.deepEqual(await bytesOf(readEntry(path, entries[2] as never)), manifest);
});

test('a damaged, truncated, foreign or unfinished file is a TarFormatError', async () => {
  const good = readFileSync(join(dir, 'a.tar'));
  const cases: [string, Buffer, RegExp][] = [
    // Inside the first header's name: its checksum no longer matches.
    ['damaged.tar', Buffer.from(good).fill(0x41, 10, 11), /checksum/],
    ['short.tar', good.subarray(0, 40_000), /truncated/],
    // Cut right after the last entry: every entry is whole but the end-of-archive marker is missing.
    ['unfinished.tar', good.subarray(0, good.length - 1024), /no end-of-archive marker/],
    ['text.tar', Buffer.from('PGDMP not a tar at all\n'.repeat(100)), /invalid header/],
    ['empty.tar', Buffer.alloc(0), /no end-of-archive marker/],
  ];
  for (const [name, bytes, message] of cases) {
    writeFileSync(join(dir, name), bytes);
    await assert.rejects(listTar(join(dir, name)), (e) => e instanceof TarFormatError && message.test(e.message), name);
  }

  // Only regular files: a folder entry is refused.
  const folder = Buffer.from(good.subarray(0, 512));
  folder.write('5', 156, 'latin1');
  folder.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of folder) sum += b;
  folder.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  writeFileSync(join(dir, 'folder.tar'), Buffer.concat([folder, Buffer.alloc(1024)]));
  await assert.rejects(
    listTar(join(dir, 'folder.tar')),
    (e) => e instanceof TarFormatError && /unexpected entry type directory/.test(e.message),
  );
});

test('a source of another size than announced fails the archive', async () => {
  for (const [size, chunks, error] of [
    [10, [Buffer.alloc(9)], /9 bytes instead of 10/],
    [10, [Buffer.alloc(6), Buffer.alloc(5)], /more than the 10 bytes/],
  ] as const) {
    const stream = createWriteStream(join(dir, 'b.tar'));
    const tar = new TarWriter(stream);
    await assert.rejects(tar.add('x', size, chunks), error);
    await assert.rejects(tar.addBuffer('y', Buffer.alloc(1)), error, 'no entry after a failed one');
    await assert.rejects(tar.finish(), error);
    await new Promise<void>((resolve) => stream.destroy().once('close', () => resolve()));
  }
});
