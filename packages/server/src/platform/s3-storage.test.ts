import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { queryRows, sql } from '@congso/db';
import { AwsClient } from 'aws4fetch';
import { loadConfig } from '../config';
import { createTestApp, sampleFile, type TestApp } from '../testing';
import { createStorage } from './runtime';
import { createS3Storage, type S3FileStorage, type S3StorageOptions, StorageError, s3ObjectUrl } from './s3-storage';

/**
 * The S3 storage against a real S3-compatible server: s3rver (in this process, on 127.0.0.1, a temporary
 * folder, bucket `congso`). s3rver checks the access key id but not SigV4 signatures nor the digests of
 * the bytes, so the requests go through a strict front (below) that checks them as S3 does — with its own
 * implementation of SigV4 — and can inject faults (5xx, a dropped connection, no answer, a corrupted body).
 */

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

const BUCKET = 'congso';
const REGION = 'vn-south-1';
const ACCESS_KEY_ID = 'S3RVER'; // s3rver's only account
const SECRET = 'congso-test-secret-4b7e91d2';

type Fault = 'status503' | 'reset' | 'hang' | 'corrupt';

interface StrictFront {
  url: string;
  /** Method and path of each request that reached the front, in order. */
  seen: string[];
  faults: Fault[];
  close(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

function s3Error(res: import('node:http').ServerResponse, status: number, code: string, message: string) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** What S3 checks of a request: a SigV4 signature over the headers that matter, and the body's digests. */
function checkRequest(req: IncomingMessage, body: Buffer): { status: number; code: string; message: string } | null {
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      req.headers.authorization ?? '',
    );
  if (!auth) return { status: 403, code: 'AccessDenied', message: 'no SigV4 authorization' };
  const [, accessKeyId, date, region, signedHeaders, signature] = auth as unknown as string[];
  // Unknown keys go on to s3rver, which refuses them itself (InvalidAccessKeyId).
  if (accessKeyId !== ACCESS_KEY_ID) return null;
  if (region !== REGION) return { status: 400, code: 'AuthorizationHeaderMalformed', message: `region ${region}` };
  const signed = (signedHeaders as string).split(';');
  const mustSign = ['host', 'x-amz-date', 'x-amz-content-sha256'];
  if (req.headers['content-md5']) mustSign.push('content-md5');
  for (const h of mustSign) {
    if (!signed.includes(h)) return { status: 403, code: 'AccessDenied', message: `${h} is not signed` };
  }
  const [path, query = ''] = (req.url ?? '/').split('?') as [string, string?];
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((p) => (p.includes('=') ? p : `${p}=`))
    .sort()
    .join('&');
  const canonicalHeaders = signed
    .map(
      (h) =>
        `${h}:${String(req.headers[h] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const payloadHash = String(req.headers['x-amz-content-sha256']);
  const canonicalRequest = [req.method, path, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', req.headers['x-amz-date'], scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, date as string), region as string), 's3'), 'aws4_request');
  if (hmac(key, stringToSign).toString('hex') !== signature) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match',
    };
  }
  if (/^[0-9a-f]{64}$/.test(payloadHash) && sha256(body) !== payloadHash) {
    return {
      status: 400,
      code: 'XAmzContentSHA256Mismatch',
      message: 'The provided x-amz-content-sha256 does not match',
    };
  }
  const md5 = req.headers['content-md5'];
  if (md5 && createHash('md5').update(body).digest('base64') !== md5) {
    return { status: 400, code: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.' };
  }
  return null;
}

async function startStrictFront(target: string): Promise<StrictFront> {
  const upstream = new URL(target);
  const front: StrictFront = { url: '', seen: [], faults: [], close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    front.seen.push(`${req.method} ${req.url}`);
    const fault = front.faults.shift();
    if (fault === 'status503') return s3Error(res, 503, 'ServiceUnavailable', 'Please reduce your request rate.');
    if (fault === 'reset') return req.socket.destroy();
    if (fault === 'hang') return; // answered by nobody; the connection closes with the front
    if (fault === 'corrupt' && body.length > 0) {
      body = Buffer.from(body);
      body[body.length >> 1] = (body[body.length >> 1] as number) ^ 0xff;
    }
    const refused = checkRequest(req, body);
    if (refused) return s3Error(res, refused.status, refused.code, refused.message);
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  front.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return front;
}

let dir: string;
let s3rver: S3rverInstance;
let s3rverUrl: string;
let front: StrictFront;
/** Straight to s3rver, not through the storage: to look at the bucket as it is. */
const direct = new AwsClient({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'S3RVER', service: 's3', retries: 0 });
const messages: string[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'congso-s3rver-'));
  s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: BUCKET }],
  });
  const address = await s3rver.run();
  s3rverUrl = `http://127.0.0.1:${address.port}`;
  front = await startStrictFront(s3rverUrl);
});
after(async () => {
  await front?.close();
  await s3rver?.close();
  await rm(dir, { recursive: true, force: true });
});

const fixedNow = () => new Date('2026-11-23T02:00:00Z');
function storage(overrides: Partial<S3StorageOptions> = {}): S3FileStorage {
  return createS3Storage({
    endpoint: front.url,
    bucket: BUCKET,
    region: REGION,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET,
    retryDelayMs: 10,
    now: fixedNow,
    ...overrides,
  });
}

async function bytesOf(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** The keys in the bucket, asked of s3rver directly. */
async function bucketKeys(): Promise<string[]> {
  const res = await direct.fetch(`${s3rverUrl}/${BUCKET}`);
  assert.equal(res.status, 200);
  return [...(await res.text()).matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1] as string).sort();
}

/** Asserts `promise` rejects with a StorageError of `kind`, keeps its message for the secret check. */
async function rejectsWith(promise: Promise<unknown>, kind: StorageError['kind'], pattern: RegExp) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof StorageError, String(error));
    messages.push(error.message, inspect(error), JSON.stringify(error));
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

/** Bytes with every value 0-255 and more, from a seeded generator (xorshift32). */
function binaryBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = i < 256 ? i : x & 0xff;
  }
  return out;
}

describe('S3 storage: objects in a bucket, same interface as the folder', () => {
  test('put, exists, read, remove: binary bytes come back exact, under a YYYY/MM/<uuid> key', async () => {
    const s = storage();
    const bytes = binaryBytes(300_000, 0x9e3779b9);
    const key = await s.put(bytes);
    assert.match(key, /^2026\/11\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok((await bucketKeys()).includes(key), 'the object is in the bucket');
    const raw = await direct.fetch(`${s3rverUrl}/${BUCKET}/${key}`);
    assert.deepEqual(new Uint8Array(await raw.arrayBuffer()), bytes, 'stored as sent');
    assert.equal(raw.headers.get('content-type'), 'application/octet-stream');
    assert.equal(await s.exists(key), true);
    assert.deepEqual(await bytesOf(await s.read(key)), bytes);
    await s.remove(key);
    assert.equal(await s.exists(key), false);
    assert.ok(!(await bucketKeys()).includes(key));
    await s.remove(key); // idempotent
    const empty = await s.put(new Uint8Array());
    assert.deepEqual(await bytesOf(await s.read(empty)), new Uint8Array());
    await s.remove(empty);
  });

  test('a missing key: read rejects (NoSuchKey), exists is false, remove is done', async () => {
    const s = storage();
    const key = '2026/11/00000000-0000-4000-8000-000000000000';
    await rejectsWith(s.read(key), 'not_found', /GET congso\/2026\/11\/0{8}-.*HTTP 404 NoSuchKey/);
    assert.equal(await s.exists(key), false);
    await s.remove(key);
  });

  test('a key not made by the storage never reaches S3', async () => {
    const s = storage();
    const before = front.seen.length;
    for (const key of ['../etc/passwd', '2026/11/x', 'congso/2026/11/00000000-0000-4000-8000-000000000000?acl']) {
      await assert.rejects(s.read(key), /invalid storage key/);
      await assert.rejects(s.exists(key), /invalid storage key/);
      await assert.rejects(s.remove(key), /invalid storage key/);
    }
    assert.equal(front.seen.length, before);
  });

  test('requests are signed (SigV4, the configured region) with the digests of the bytes; a wrong secret or key is refused', async () => {
    const keys = await bucketKeys();
    await rejectsWith(
      storage({ secretAccessKey: 'wrong-secret-0c5f' }).put(new Uint8Array([1, 2, 3])),
      'refused',
      /PUT congso\/2026\/11\/.*HTTP 403 SignatureDoesNotMatch/,
    );
    await rejectsWith(
      storage({ region: 'us-east-1' }).exists('2026/11/00000000-0000-4000-8000-000000000000'),
      'refused',
      /HTTP 400/,
    );
    await rejectsWith(
      storage({ accessKeyId: 'NOT-A-KEY', secretAccessKey: 'wrong-secret-0c5f' }).checkBucket(),
      'refused',
      /HEAD bucket congso .*HTTP 403/,
    );
    // The bytes are checked against the signed Content-MD5 and x-amz-content-sha256: a changed byte is refused.
    front.faults.push('corrupt');
    await rejectsWith(storage().put(binaryBytes(5000, 7)), 'refused', /HTTP 400 (BadDigest|XAmzContentSHA256Mismatch)/);
    assert.deepEqual(await bucketKeys(), keys, 'nothing stored');
    assert.ok(messages.every((m) => !m.includes('wrong-secret-0c5f') && !m.includes(SECRET)));
  });

  test('a 5xx or a dropped connection is tried once more; twice is an error, and nothing is left behind', async () => {
    const s = storage();
    const seen = () => front.seen.slice();
    let mark = seen().length;
    front.faults.push('status503');
    const key = await s.put(binaryBytes(1000, 3));
    assert.deepEqual(
      seen()
        .slice(mark)
        .map((r) => r.split(' ')[0]),
      ['PUT', 'PUT'],
    );
    front.faults.push('reset');
    assert.deepEqual(await bytesOf(await s.read(key)), binaryBytes(1000, 3));
    front.faults.push('status503');
    assert.equal(await s.exists(key), true);
    front.faults.push('reset', 'reset');
    await rejectsWith(s.exists(key), 'unavailable', /HEAD congso\/.*cannot reach S3/);
    front.faults.push('status503', 'status503');
    await rejectsWith(s.remove(key), 'unavailable', /HTTP 503 ServiceUnavailable/);
    assert.equal(await s.exists(key), true, 'still there');
    await s.remove(key);

    const keys = await bucketKeys();
    mark = seen().length;
    front.faults.push('status503', 'status503');
    await rejectsWith(s.put(binaryBytes(1000, 4)), 'unavailable', /PUT congso\/2026\/11\/.*HTTP 503/);
    assert.deepEqual(
      seen()
        .slice(mark)
        .map((r) => r.split(' ')[0]),
      ['PUT', 'PUT', 'DELETE'],
      'two tries, then the key is deleted in case a write landed',
    );
    assert.deepEqual(await bucketKeys(), keys);
  });

  test('no answer: each call gives up at its time limit', async () => {
    const s = storage({ timeoutMs: 300 });
    const key = await s.put(new Uint8Array([7, 7, 7]));
    front.faults.push('hang');
    await rejectsWith(s.exists(key), 'timeout', /HEAD congso\/.*no answer within 300 ms/);
    front.faults.push('hang');
    await rejectsWith(s.read(key), 'timeout', /GET congso\/.*no answer within 300 ms/);
    // Once the headers came, a read streams for as long as it takes (the limit was for the headers).
    const stream = await s.read(key);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.deepEqual(await bytesOf(stream), new Uint8Array([7, 7, 7]));
    await s.remove(key);
  });

  test('the bucket check: present, missing, unreachable', async () => {
    await storage().checkBucket();
    await rejectsWith(storage({ bucket: 'no-such-bucket' }).checkBucket(), 'not_found', /no-such-bucket.*HTTP 404/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await rejectsWith(
      storage({ endpoint: `http://127.0.0.1:${port}` }).checkBucket(),
      'unavailable',
      /cannot reach S3 \(ECONNREFUSED\)/,
    );
  });

  test('path-style and virtual-host style URLs', () => {
    const key = '2026/11/00000000-0000-4000-8000-000000000000';
    assert.equal(s3ObjectUrl('http://127.0.0.1:9000', 'congso', key, true), `http://127.0.0.1:9000/congso/${key}`);
    assert.equal(s3ObjectUrl('https://s3.example.vn/', 'congso', key, false), `https://congso.s3.example.vn/${key}`);
    assert.equal(
      s3ObjectUrl('https://s3.example.vn/storage/', 'congso', undefined, true),
      'https://s3.example.vn/storage/congso',
    );
    assert.equal(s3ObjectUrl('https://s3.example.vn', 'congso', undefined, false), 'https://congso.s3.example.vn/');
    assert.equal(
      storage({ endpoint: 'https://s3.example.vn', forcePathStyle: false }).urlOf(key),
      `https://congso.s3.example.vn/${key}`,
    );
    assert.throws(
      () => storage({ endpoint: 'https://AKID:secret@s3.example.vn' }),
      (e) => e instanceof StorageError && !e.message.includes('secret@') && /must not hold credentials/.test(e.message),
    );
  });

  test('no error message carries the secret', () => {
    assert.ok(messages.length >= 10, `${messages.length} messages looked at`);
    for (const m of messages) assert.ok(!m.includes(SECRET), m);
  });
});

describe('STORAGE=s3: uploads and downloads through the API', () => {
  let t: TestApp;
  let citizen: string;
  const env = {
    STORAGE: 's3',
    S3_BUCKET: BUCKET,
    S3_REGION: REGION,
    S3_ACCESS_KEY_ID: ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: SECRET,
  };
  before(async () => {
    t = await createTestApp({ ...env, S3_ENDPOINT: front.url });
    citizen = await t.login('072090001234');
  });
  after(async () => {
    await t?.close();
  });

  test('POST /api/v1/files stores the bytes in the bucket; GET /api/v1/files/:id serves them back', async () => {
    for (const [name, type] of [
      ['sample.pdf', 'application/pdf'],
      ['sample.png', 'image/png'],
    ] as const) {
      const res = await t.upload(citizen, { name, bytes: sampleFile(name) });
      assert.equal(res.statusCode, 201, res.body);
      const [row] = await queryRows<{ storage_key: string }>(
        t.db.connection.db,
        sql`select storage_key from files where id = ${res.json().id}`,
      );
      const key = row?.storage_key as string;
      assert.match(key, /^2026\/11\/[0-9a-f-]{36}$/);
      const raw = await direct.fetch(`${s3rverUrl}/${BUCKET}/${key}`);
      assert.deepEqual(new Uint8Array(await raw.arrayBuffer()), sampleFile(name), 'in the bucket');
      const back = await t.call('GET', `/api/v1/files/${res.json().id}`, { cookie: citizen });
      assert.equal(back.statusCode, 200);
      assert.equal(back.headers['content-type'], type);
      assert.deepEqual(new Uint8Array(back.rawPayload), sampleFile(name));
    }
    assert.deepEqual(await readdir(t.ctx.config.FILES_DIR as string), [], 'nothing in the folder');
  });

  test('a refused upload stores nothing; bytes gone from the bucket answer a clear 404, as with the folder', async () => {
    const keys = await bucketKeys();
    const refused = await t.upload(citizen, { name: 'x.pdf', bytes: new TextEncoder().encode('not a pdf') });
    assert.equal(refused.statusCode, 415);
    assert.deepEqual(await bucketKeys(), keys);

    const id = (await t.upload(citizen)).json().id;
    const [row] = await queryRows<{ storage_key: string }>(
      t.db.connection.db,
      sql`select storage_key from files where id = ${id}`,
    );
    await direct.fetch(`${s3rverUrl}/${BUCKET}/${row?.storage_key}`, { method: 'DELETE' });
    const gone = await t.call('GET', `/api/v1/files/${id}`, { cookie: citizen });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, 'NOT_FOUND');
    assert.ok(!gone.body.includes(SECRET));
  });

  test('the start checks the bucket: a missing one or a wrong key stops it with a clear message', async () => {
    const now = () => new Date();
    const start = (more: Record<string, string>) =>
      createStorage(loadConfig({ ...env, S3_ENDPOINT: front.url, ...more }, { envFile: false }), now);
    await start({}); // the bucket is there
    for (const [more, pattern] of [
      [{ S3_BUCKET: 'missing-bucket' }, /missing-bucket.*HTTP 404/s],
      // A HEAD answer has no body, hence no S3 error code: the status and what to check.
      [{ S3_ACCESS_KEY_ID: 'NOT-A-KEY' }, /S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY.*HTTP 403\)$/],
      [{ S3_SECRET_ACCESS_KEY: 'wrong-secret-0c5f' }, /S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY.*HTTP 403\)$/],
    ] as const) {
      await assert.rejects(start(more), (e: Error) => {
        assert.match(e.message, /^Không dùng được kho tệp S3 \/ Cannot use the S3 file storage \(STORAGE=s3\):\n/);
        assert.match(e.message, pattern);
        assert.ok(!e.message.includes(SECRET) && !e.message.includes('wrong-secret-0c5f'));
        return true;
      });
    }
  });
});
