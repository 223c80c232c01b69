import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ApiError, api, isRetryable, type RetryPolicy, retriesExhaustedCode, retryDelaysMs } from './api';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** A fetch that answers from a script, one step per call, and keeps what it was sent. */
function fakeFetch(script: (number | 'network' | 'cut')[], answer: unknown) {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    sent.push({
      url,
      method: String(init.method),
      headers: { ...(init.headers as Record<string, string>) },
      body: String(init.body ?? ''),
    });
    const step = script[sent.length - 1] ?? 200;
    if (step === 'network') throw new TypeError('Failed to fetch');
    if (step === 'cut') return new Response('', { status: 200 });
    const body = step < 300 ? answer : { error: { code: `HTTP_${step}` } };
    return new Response(JSON.stringify(body), { status: step, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, sent };
}

/** Records the waits instead of waiting. */
function recordingPolicy(): RetryPolicy & { waited: number[] } {
  const waited: number[] = [];
  return { delaysMs: retryDelaysMs, sleep: async (ms) => void waited.push(ms), waited };
}

const realFetch = globalThis.fetch;
let fake: ReturnType<typeof fakeFetch>;
const install = (script: (number | 'network' | 'cut')[], answer: unknown = { id: 'd1' }) => {
  fake = fakeFetch(script, answer);
  globalThis.fetch = fake.fetch as typeof globalThis.fetch;
};

describe('api retries', () => {
  beforeEach(() => install([]));
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends a filing again after a network error, 502 and 503, with the same key and body, waiting 0.5 s, 1 s, 2 s', async () => {
    install(['network', 502, 503, 201]);
    const policy = recordingPolicy();
    const result = await api.post('/dossiers', { procedureCode: 'X' }, { idempotencyKey: 'key-12345', retry: policy });
    assert.deepEqual(result, { id: 'd1' });
    assert.equal(fake.sent.length, 4);
    assert.deepEqual(policy.waited, [500, 1000, 2000]);
    for (const sent of fake.sent) {
      assert.equal(sent.url, '/api/v1/dossiers');
      assert.equal(sent.method, 'POST');
      assert.equal(sent.headers['Idempotency-Key'], 'key-12345');
      assert.equal(sent.headers['X-Congso-Request'], '1');
      assert.equal(sent.body, '{"procedureCode":"X"}');
    }
  });

  it('gives up after four waits (0.5, 1, 2, 4 s) with RETRIES_EXHAUSTED', async () => {
    install([503, 503, 503, 503, 503, 503]);
    const policy = recordingPolicy();
    await assert.rejects(
      api.post('/dossiers/d1/actions', { version: 3, action: 'approve' }, { retry: policy }),
      (error: unknown) =>
        error instanceof ApiError &&
        error.code === retriesExhaustedCode &&
        error.status === 503 &&
        JSON.stringify(error.details) === '{"attempts":5,"lastCode":"HTTP_503"}',
    );
    assert.equal(fake.sent.length, 5);
    assert.deepEqual(policy.waited, [500, 1000, 2000, 4000]);
  });

  it('treats an answer cut off before its body as not known, and asks again', async () => {
    install(['cut', 200]);
    const policy = recordingPolicy();
    assert.deepEqual(await api.post('/desk/dossiers', {}, { idempotencyKey: 'k-000001', retry: policy }), { id: 'd1' });
    assert.equal(fake.sent.length, 2);
    assert.deepEqual(policy.waited, [500]);
  });

  it('never repeats what the application answered: 409, 400, 500', async () => {
    for (const status of [409, 400, 500]) {
      install([status, 200]);
      const policy = recordingPolicy();
      await assert.rejects(
        api.post('/dossiers/d1/actions', { version: 1 }, { retry: policy }),
        (error: unknown) => error instanceof ApiError && error.code === `HTTP_${status}`,
      );
      assert.equal(fake.sent.length, 1, String(status));
      assert.deepEqual(policy.waited, []);
    }
  });

  it('sends a request without retry once', async () => {
    install([503, 200]);
    await assert.rejects(
      api.post('/auth/logout'),
      (error: unknown) => error instanceof ApiError && error.status === 503,
    );
    assert.equal(fake.sent.length, 1);
    assert.equal(fake.sent[0]?.headers['Idempotency-Key'], undefined);
  });

  it('knows what may be sent again', () => {
    assert.equal(isRetryable(new ApiError(0, 'NETWORK_ERROR', null, null)), true);
    assert.equal(isRetryable(new ApiError(502, 'HTTP_502', null, null)), true);
    assert.equal(isRetryable(new ApiError(503, 'UNAVAILABLE', null, null)), true);
    assert.equal(isRetryable(new ApiError(504, 'HTTP_504', null, null)), false);
    assert.equal(isRetryable(new ApiError(409, 'VERSION_CONFLICT', null, null)), false);
    assert.equal(isRetryable(new Error('x')), false);
  });
});
