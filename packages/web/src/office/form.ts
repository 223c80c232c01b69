import type { FieldIssue } from '@congso/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import type { z } from 'zod';
import { apiFieldIssues, formErrors, zodIssues } from '../app/form-errors';
import { useLanguage } from '../app/i18n';

/**
 * A @mantine/form form whose values become a request body checked by core's zod schema (the one the server
 * checks with): the schema's problems before sending and the server's VALIDATION_FAILED details after are
 * both put on the fields, through `fieldOf` (a body path → the form's field; null leaves it to the alert).
 */
export function useBodyForm<V extends Record<string, unknown>, B>({
  initialValues,
  schema,
  toBody,
  fieldOf = (path) => path,
  check,
}: {
  initialValues: V;
  schema: z.ZodType;
  toBody: (values: V) => B;
  fieldOf?: (path: string) => string | null;
  /** What the schema cannot check, by field (e.g. the file chosen). */
  check?: (values: V) => Record<string, string | null>;
}): {
  form: UseFormReturnType<V>;
  /** Puts an API error's field problems on the fields; true when there were some. */
  showServerErrors: (error: unknown) => boolean;
} {
  const { pick } = useLanguage();
  const word = (issue: FieldIssue) => pick(issue.message);
  const form = useForm<V>({
    initialValues,
    validate: (values) => {
      const errors: Record<string, string | null> = formErrors(zodIssues(schema, toBody(values)), word, fieldOf);
      for (const [path, message] of Object.entries(check?.(values) ?? {})) if (message) errors[path] = message;
      return errors;
    },
  });
  return {
    form,
    showServerErrors: (error) => {
      const errors = formErrors(apiFieldIssues(error), word, fieldOf);
      form.setErrors(errors);
      return Object.keys(errors).length > 0;
    },
  };
}
