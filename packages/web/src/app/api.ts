import type { LocalizedText } from '@congso/core';

/** Base path of the HTTP API; the web app is served by the same server, so it is same-origin. */
export const apiBase = '/api/v1';

export interface FieldProblem {
  path: string | (string | number)[];
  code: string;
  message: LocalizedText;
}

/**
 * A problem's field path as segments, without the request part: "body.applicant.phone" and
 * ["applicant", "phone"] are both ["applicant", "phone"].
 */
export function fieldPathSegments(path: unknown): string[] {
  const segments = (Array.isArray(path) ? path.map(String) : String(path ?? '').split('.')).filter(
    (segment) => segment !== '',
  );
  if (['body', 'querystring', 'params', 'headers'].includes(segments[0] ?? '')) segments.shift();
  return segments;
}

/** An error answered by the API (`{ error: { code, message: {vi, en}, details } }`), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly localized: LocalizedText | null,
    readonly details: unknown,
  ) {
    super(localized?.en ?? code);
    this.name = 'ApiError';
  }

  /**
   * Problems per input field, from `details: [{ path, code, message? }]` (VALIDATION_FAILED,
   * ALREADY_EXISTS…). Paths such as "body.username" or ["username"] are keyed "username"; a problem
   * without its own message takes the error's message.
   */
  fieldProblems(): Record<string, LocalizedText> {
    const out: Record<string, LocalizedText> = {};
    if (!Array.isArray(this.details)) return out;
    for (const item of this.details as Partial<FieldProblem>[]) {
      const key = fieldPathSegments(item?.path)[0];
      const message = item?.message ?? this.localized;
      if (key && !out[key] && message) out[key] = message;
    }
    return out;
  }
}

export const networkErrorCode = 'NETWORK_ERROR';

/** The error of a refused request, from its status and its parsed JSON body (`{ error: {...} }`, or anything else). */
export function apiErrorOf(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code?: string; message?: LocalizedText; details?: unknown } } | null)?.error;
  return new ApiError(status, error?.code ?? `HTTP_${status}`, error?.message ?? null, error?.details);
}

type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Code of the error left when every retry of a request failed (worded in app.common.retriesExhausted). */
export const retriesExhaustedCode = 'RETRIES_EXHAUSTED';

/** Waits before each retry: 0.5 s, 1 s, 2 s, 4 s, then the request fails with RETRIES_EXHAUSTED. */
export const retryDelaysMs: readonly number[] = [500, 1000, 2000, 4000];

export interface RetryPolicy {
  delaysMs: readonly number[];
  /** How to wait (a test passes one that does not). */
  sleep: (ms: number) => Promise<void>;
}

const defaultRetry: RetryPolicy = {
  delaysMs: retryDelaysMs,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Whether a refused request may be sent again unchanged: the network failed, or a proxy answered 502/503
 * (a process restarting behind nginx). Anything the application answered (4xx, 500) is final.
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof ApiError && (error.code === networkErrorCode || error.status === 502 || error.status === 503);
}

/**
 * Sends until it is answered or the policy's waits are used up. Only for requests that are safe to repeat:
 * a filing with its Idempotency-Key (the repeat answers the dossier filed the first time) or an action with
 * the dossier's version (a repeat of an action that went through answers VERSION_CONFLICT, never a second one).
 */
export async function withRetry<T>(send: () => Promise<T>, policy: RetryPolicy = defaultRetry): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const delay = policy.delaysMs[attempt];
      if (delay === undefined) {
        const last = error as ApiError;
        throw new ApiError(last.status, retriesExhaustedCode, null, { attempts: attempt + 1, lastCode: last.code });
      }
      await policy.sleep(delay);
    }
  }
}

export interface RequestOptions {
  query?: Query;
  /** Sent as the Idempotency-Key header: the server answers a repeat with the first answer. */
  idempotencyKey?: string;
  /** Retry on a network error, 502 or 503 (see withRetry): true for the default policy. */
  retry?: boolean | RetryPolicy;
}

async function sendOnce<T>(url: string, init: RequestInit, requireBody: boolean): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, networkErrorCode, null, null);
  }
  if (response.status === 204) return undefined as T;
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new ApiError(0, networkErrorCode, null, null);
  }
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw apiErrorOf(response.status, data);
  // A retried change answered with nothing readable was cut off on the way: it may have been made. The
  // same key (or version) sent again finds out.
  if (data === null && requireBody) throw new ApiError(0, networkErrorCode, null, null);
  return data as T;
}

async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') {
    // CSRF guard required by the server on every state-changing request, always with a JSON body.
    headers['X-Congso-Request'] = '1';
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const url = apiBase + withQuery(path, options.query);
  const send = () => sendOnce<T>(url, init, !!options.retry);
  if (!options.retry) return send();
  return withRetry(send, options.retry === true ? defaultRetry : options.retry);
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, { query }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'query'>) =>
    request<T>('POST', path, body, options),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};

/** A new Idempotency-Key. `crypto.randomUUID` exists only on https and localhost; a LAN address is plain http. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
