import { type FieldIssue, fieldIssuesOf, type LocalizedText } from '@congso/core';
import type { z } from 'zod';
import { ApiError, fieldPathSegments } from './api';

/**
 * Field errors of a form, written once for both sides of a check: core's zod schema run in the browser
 * (`zodErrors`, the resolver of a @mantine/form form) and the API's `VALIDATION_FAILED` details
 * (`apiFieldIssues`). Both give `{ path, code, message: { vi, en } }` with the body's field path
 * ("applicant.phone", "results.0.name"), which is the form's own path when the form's values are named as
 * the body is.
 */

/** A field issue without the request part of its path ("body.reason" → "reason"). */
function normalised(issue: { path?: unknown; code?: unknown; message?: LocalizedText | null }): FieldIssue | null {
  const path = fieldPathSegments(issue.path).join('.');
  if (!path) return null;
  return { path, code: String(issue.code ?? 'invalid'), message: issue.message ?? { vi: '', en: '' } };
}

/** The field issues an API error carries (VALIDATION_FAILED, ALREADY_EXISTS... with `details: [{ path, code }]`). */
export function apiFieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  const out: FieldIssue[] = [];
  for (const item of error.details as { path?: unknown; code?: unknown; message?: LocalizedText }[]) {
    const issue = normalised({ ...item, message: item?.message ?? error.localized });
    if (issue) out.push(issue);
  }
  return out;
}

/**
 * A form's errors by field path, the first issue of each path. `word` gives the text of an issue: the
 * issue's own message in the reader's language by default; a form may word some by path and code.
 */
export function formErrors(
  issues: readonly FieldIssue[],
  word: (issue: FieldIssue) => string,
  paths?: (path: string) => string | null,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const path = paths ? paths(issue.path) : issue.path;
    if (path && !(path in out)) out[path] = word(issue);
  }
  return out;
}

/** The issues of a schema's check of `input` (none when it passes). */
export function zodIssues(schema: z.ZodType, input: unknown): FieldIssue[] {
  const result = schema.safeParse(input);
  return result.success ? [] : fieldIssuesOf(result.error);
}
