import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hashEntry, listTar, readEntry, TarFormatError, TarWriter } from './tar';

const dir = mkdtempSync(join(tmpdir(), 'congso-tar-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
async function bytesOf(stream: AsyncIterable<unknown>) {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

test('written archives read back, and GNU tar agrees both ways', async () => {
  const big = randomBytes(70_000);
  const path = join(dir, 'a.tar');
  const tar = new TarWriter(createWriteStream(path, { flags: 'wx' }));
  const written = [
    await tar.add('database/postgres.dump', big.length, [big.subarray(0, 1000), big.subarray(1000)]),
    await tar.addBuffer('files/2026/11/0f8a1c1e-5b7e-4c1a-9a51-8f0e3c1d2b3a', new Uint8Array()),
    await tar.addBuffer('manifest.json', Buffer.from('{"tên":"Tây Ninh"}')),
  ];
  await tar.finish();
  assert.deepEqual(
    written.map((w) => w.sha256),
    [sha(big), sha(new Uint8Array()), sha(Buffer.from('{"tên":"Tây Ninh"}'))],
  );
  const entries = await listTar(path);
  assert.deepEqual(
    entries.map((e) => [e.name, e.size]),
    [
      ['database/postgres.dump', 70_000],
      ['files/2026/11/0f8a1c1e-5b7e-4c1a-9a51-8f0e3c1d2b3a', 0],
      ['manifest.json', 20],
    ],
  );
  assert.deepEqual(await bytesOf(readEntry(path, entries[0] as never)), big);
  assert.equal(await hashEntry(path, entries[1] as never), sha(new Uint8Array()));
  assert.equal(execFileSync('tar', ['tf', path], { encoding: 'utf8' }), `${entries.map((e) => e.name).join('\n')}\n`);
  assert.equal(execFileSync('tar', ['xOf', path, 'manifest.json'], { encoding: 'utf8' }), '{"tên":"Tây Ninh"}');

  // An archive written by GNU tar in ustar format is read too.
  mkdirSync(join(dir, 'src/files'), { recursive: true });
  writeFileSync(join(dir, 'src/files/x.bin'), big.subarray(0, 513));
  execFileSync('tar', ['--format=ustar', '-cf', join(dir, 'gnu.tar'), '-C', join(dir, 'src'), 'files/x.bin']);
  const gnu = await listTar(join(dir, 'gnu.tar'));
  assert.deepEqual(
    gnu.map((e) => [e.name, e.size]),
    [['files/x.bin', 513]],
  );
  assert.deepEqual(await bytesOf(readEntry(join(dir, 'gnu.tar'), gnu[0] as never)), big.subarray(0, 513));
});

test('a damaged, truncated or foreign file is a TarFormatError, and a source of the wrong size fails', async () => {
  const path = join(dir, 'a.tar');
  const good = readFileSync(path);
  const damaged = Buffer.from(good);
  damaged[10] = (damaged[10] as number) ^ 1; // inside the first header's name: checksum no longer matches
  writeFileSync(join(dir, 'damaged.tar'), damaged);
  await assert.rejects(
    listTar(join(dir, 'damaged.tar')),
    (e) => e instanceof TarFormatError && /checksum/.test(e.message),
  );
  writeFileSync(join(dir, 'short.tar'), good.subarray(0, 40_000));
  await assert.rejects(
    listTar(join(dir, 'short.tar')),
    (e) => e instanceof TarFormatError && /truncated/.test(e.message),
  );
  writeFileSync(join(dir, 'text.tar'), 'PGDMP not a tar at all\n'.repeat(100));
  await assert.rejects(listTar(join(dir, 'text.tar')), TarFormatError);
  writeFileSync(join(dir, 'empty.tar'), '');
  await assert.rejects(listTar(join(dir, 'empty.tar')), TarFormatError);

  for (const [size, chunk, error] of [
    [10, Buffer.alloc(9), /9 bytes instead of 10/],
    [10, Buffer.alloc(11), /more than the 10 bytes/],
  ] as const) {
    const stream = createWriteStream(join(dir, 'b.tar'));
    await assert.rejects(new TarWriter(stream).add('x', size, [chunk]), error);
    await new Promise<void>((resolve) => stream.destroy().once('close', () => resolve()));
  }
  const stream = createWriteStream(join(dir, 'c.tar'));
  await assert.rejects(new TarWriter(stream).addBuffer('n'.repeat(101), Buffer.alloc(1)), TarFormatError);
  await new Promise<void>((resolve) => stream.destroy().once('close', () => resolve()));
});
