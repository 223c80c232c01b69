import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import { checkStorageKey, type FileStorage, newStorageKey, StorageError, type StorageErrorKind } from './storage';

/**
 * File storage in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage, s3rver in the tests), over plain
 * HTTP with SigV4 signatures (aws4fetch) and the global fetch. Same key scheme as the folder storage.
 *
 * Every call has a time limit; one that fails on the network or with a 5xx is tried once more (all four
 * are idempotent: a PUT writes the same bytes under the same new key). Errors are `StorageError`s that name
 * the operation, the bucket, the key and what S3 answered, and never carry the credentials.
 */
export interface S3StorageOptions {
  /** `https://s3.example.vn`, `http://127.0.0.1:9000`; a path prefix is kept. */
  endpoint: string;
  bucket: string;
  region?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` (default) rather than `bucket.endpoint/key`. */
  forcePathStyle?: boolean;
  /** Time limit of one call, until the response headers for a read (ms, default 30 s). */
  timeoutMs?: number;
  /** Pause before the one retry (ms, default 200). */
  retryDelayMs?: number;
  now?: () => Date;
}

export interface S3FileStorage extends FileStorage {
  /** HEAD on the bucket: resolves when it exists and these credentials may use it, otherwise a StorageError. */
  checkBucket(): Promise<void>;
  /** The URL of a key (or of the bucket without one), for messages and tests. */
  urlOf(key?: string): string;
}

export { StorageError, type StorageErrorKind } from './storage';

/** The URL of `key` in the bucket (of the bucket itself without a key), path-style or virtual-host style. */
export function s3ObjectUrl(
  endpoint: string,
  bucket: string,
  key: string | undefined,
  forcePathStyle: boolean,
): string {
  const base = new URL(endpoint);
  const prefix = base.pathname.replace(/\/+$/, '');
  const tail = key === undefined ? '' : `/${key}`;
  if (forcePathStyle) {
    base.pathname = `${prefix}/${bucket}${tail}`;
  } else {
    base.hostname = `${bucket}.${base.hostname}`;
    base.pathname = `${prefix}${tail}` || '/';
  }
  base.search = '';
  base.hash = '';
  return base.toString();
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The `<Code>` and `<Message>` of an S3 error body (nothing else of it: it may echo the string to sign). */
async function s3ErrorOf(response: Response): Promise<{ code?: string; message?: string }> {
  let text = '';
  try {
    text = (await response.text()).slice(0, 8192);
  } catch {
    return {};
  }
  const pick = (tag: string) => new RegExp(`<${tag}>([^<]{1,300})</${tag}>`).exec(text)?.[1];
  const code = pick('Code');
  const message = pick('Message');
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

export function createS3Storage(options: S3StorageOptions): S3FileStorage {
  const forcePathStyle = options.forcePathStyle ?? true;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const now = options.now ?? (() => new Date());
  const bucket = options.bucket;
  // Checked once: a bad endpoint fails here, not on the first upload.
  const endpoint = new URL(options.endpoint);
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new StorageError('refused', 'S3_ENDPOINT phải là URL http:// hoặc https:// / must be an http(s) URL');
  }
  if (endpoint.username || endpoint.password) {
    throw new StorageError(
      'refused',
      'S3_ENDPOINT không được chứa thông tin đăng nhập / must not hold credentials (use S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)',
    );
  }
  // aws4fetch's own retries are off: the one retry below is ours, with a fresh time limit and signature.
  const client = new AwsClient({
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    service: 's3',
    region: options.region ?? 'us-east-1',
    retries: 0,
  });
  const urlOf = (key?: string) =>
    s3ObjectUrl(options.endpoint, bucket, key === undefined ? undefined : checkStorageKey(key), forcePathStyle);

  const what = (operation: string, key?: string) =>
    `${operation} ${key === undefined ? `bucket ${bucket}` : `${bucket}/${key}`} (${endpoint.origin})`;

  const failure = async (operation: string, key: string | undefined, response: Response): Promise<StorageError> => {
    const { code, message } = await s3ErrorOf(response);
    const answer = `HTTP ${response.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
    const kind: StorageErrorKind =
      response.status === 404 ? 'not_found' : response.status >= 500 ? 'unavailable' : 'refused';
    const [vi, en] =
      kind === 'not_found'
        ? key === undefined
          ? ['không có bucket này', 'no such bucket']
          : ['không có trong kho S3', 'not in the bucket']
        : kind === 'unavailable'
          ? ['kho S3 đang lỗi', 'S3 failed']
          : [
              'kho S3 từ chối (kiểm tra S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_BUCKET, S3_REGION)',
              'S3 refused (check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_BUCKET, S3_REGION)',
            ];
    return new StorageError(
      kind,
      `Kho tệp / File storage: ${what(operation, key)}: ${vi} / ${en} (${answer})`,
      response.status,
      code,
    );
  };

  const networkFailure = (operation: string, key: string | undefined, error: unknown): StorageError => {
    const name = (error as { name?: string })?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new StorageError(
        'timeout',
        `Kho tệp / File storage: ${what(operation, key)}: quá thời gian chờ / no answer within ${timeoutMs} ms`,
      );
    }
    // fetch says "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is in its cause.
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    return new StorageError(
      'unavailable',
      `Kho tệp / File storage: ${what(operation, key)}: không kết nối được kho S3 / cannot reach S3 (${reason})`,
    );
  };

  /**
   * One signed request, tried a second time after a network error or a 5xx (unless `once`). The time
   * limit covers the whole call, except for a read (`keepOpen`), where it covers the response headers: the
   * body then streams for as long as the client takes.
   */
  async function request(
    operation: string,
    method: 'GET' | 'PUT' | 'DELETE' | 'HEAD',
    key: string | undefined,
    init: { headers?: Record<string, string>; body?: Uint8Array; keepOpen?: boolean; once?: boolean } = {},
  ): Promise<Response> {
    const url = urlOf(key);
    for (let attempt = 1; ; attempt++) {
      const last = init.once || attempt === 2;
      let timer: NodeJS.Timeout | undefined;
      let signal: AbortSignal;
      if (init.keepOpen) {
        const controller = new AbortController();
        timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
        signal = controller.signal;
      } else {
        signal = AbortSignal.timeout(timeoutMs);
      }
      let response: Response;
      try {
        response = await client.fetch(url, {
          method,
          ...(init.headers ? { headers: init.headers } : {}),
          // (Typed for DOM's fetch too, which wants an ArrayBuffer-backed view; Node's takes any.)
          ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
          signal,
        });
      } catch (error) {
        const failed = networkFailure(operation, key, error);
        if (failed.kind === 'unavailable' && !last) {
          await pause(retryDelayMs);
          continue;
        }
        throw failed;
      } finally {
        clearTimeout(timer);
      }
      if (response.status >= 500 && !last) {
        await response.body?.cancel().catch(() => {});
        await pause(retryDelayMs);
        continue;
      }
      return response;
    }
  }

  return {
    urlOf,

    async checkBucket() {
      const response = await request('HEAD', 'HEAD', undefined);
      if (!response.ok) throw await failure('HEAD', undefined, response);
    },

    async put(bytes) {
      const key = newStorageKey(now());
      const md5 = createHash('md5').update(bytes).digest('base64');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      try {
        const response = await request('PUT', 'PUT', key, {
          // S3 checks the bytes it got against both digests (BadDigest, XAmzContentSHA256Mismatch).
          headers: {
            'content-type': 'application/octet-stream',
            'content-md5': md5,
            'x-amz-content-sha256': sha256,
          },
          body: bytes,
        });
        if (!response.ok) throw await failure('PUT', key, response);
        await response.body?.cancel().catch(() => {});
      } catch (error) {
        // A write that timed out or broke may still have landed: nothing is left behind if writing fails.
        if (error instanceof StorageError && (error.kind === 'timeout' || error.kind === 'unavailable')) {
          await request('DELETE', 'DELETE', key, { once: true })
            .then((r) => r.body?.cancel())
            .catch(() => {});
        }
        throw error;
      }
      return key;
    },

    async read(key) {
      const response = await request('GET', 'GET', key, { keepOpen: true });
      if (!response.ok || !response.body) {
        if (response.ok) throw new StorageError('unavailable', `Kho tệp / File storage: ${what('GET', key)}: no body`);
        throw await failure('GET', key, response);
      }
      return Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
    },

    async remove(key) {
      const response = await request('DELETE', 'DELETE', key);
      // Removing what is not there is done (S3 answers 204 anyway; some servers 404).
      if (!response.ok && response.status !== 404) throw await failure('DELETE', key, response);
      await response.body?.cancel().catch(() => {});
    },

    async exists(key) {
      const response = await request('HEAD', 'HEAD', key);
      if (response.ok) return true;
      if (response.status === 404) return false;
      throw await failure('HEAD', key, response);
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
