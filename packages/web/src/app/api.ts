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

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') {
    // CSRF guard required by the server on every state-changing request, always with a JSON body.
    headers['X-Congso-Request'] = '1';
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  let response: Response;
  try {
    response = await fetch(apiBase + withQuery(path, query), init);
  } catch {
    throw new ApiError(0, networkErrorCode, null, null);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw apiErrorOf(response.status, data);
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
