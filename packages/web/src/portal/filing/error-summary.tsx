import { Alert, Anchor, Text } from '@mantine/core';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';

/** Where each field's error is shown and what gets the focus. */
const fieldIds = {
  receivingAgencyId: 'filing-agency',
  'applicant.phone': 'filing-phone',
  'applicant.address': 'filing-address',
  'applicant.email': 'filing-email',
} as const;

/** Whether the e-form shows a field for this path (the others go to the summary's text). */
export const isFilingField = (path: string) => path in fieldIds || /^documents\.\d+$/.test(path);

export function fieldIdOf(path: string): string {
  return path.startsWith('documents.')
    ? `filing-doc-${path.split('.')[1]}-button`
    : (fieldIds[path as keyof typeof fieldIds] ?? '');
}

export function focusField(path: string): void {
  const element = document.getElementById(fieldIdOf(path));
  if (element) {
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
  }
}

/** A published document name cut to a readable length for the list of problems. */
function shorten(name: string, max = 70): string {
  if (name.length <= max) return name;
  const cut = name.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 15)).replace(/[\s,;:.]+$/, '')}…`;
}

interface Props {
  /** The problems by field path, in the order of the form. */
  errors: [string, string][];
  /** The procedure's documents' names, to say which document a problem is about. */
  documentNames: readonly string[];
  /** A refusal that names no field (shown as text). */
  otherProblem: string | null;
  waitUploads: boolean;
}

/**
 * The list of what to fix at the top of the e-form (GOV.UK's error summary): each problem a link that takes
 * the focus to its field. It receives the focus itself after a refused "continue".
 */
export const ErrorSummary = forwardRef<HTMLDivElement, Props>(function ErrorSummary(
  { errors, documentNames, otherProblem, waitUploads },
  ref,
) {
  const { t } = useTranslation();
  /** "<document>: <problem>", unless the server's message names it already. */
  const withDocumentName = (path: string, message: string): string => {
    if (!path.startsWith('documents.')) return message;
    const name = documentNames[Number(path.split('.')[1])] ?? '';
    return message.includes(name.slice(0, 20)) ? shorten(message, 110) : `${shorten(name)}: ${message}`;
  };
  return (
    <div ref={ref} tabIndex={-1} className="portal-focus-target">
      {waitUploads && (
        <Alert color="orange" role="alert" data-testid="filing-wait-uploads">
          {t('portal.filing.waitUploads')}
        </Alert>
      )}
      {(errors.length > 0 || otherProblem) && (
        <Alert color="red" role="alert" title={t('portal.filing.errorsTitle')} data-testid="filing-errors">
          {errors.length > 0 ? (
            <ul className="portal-error-list">
              {errors.map(([path, message]) => (
                <li key={path}>
                  <Anchor
                    href={`#${fieldIdOf(path)}`}
                    size="sm"
                    c="red.9"
                    underline="always"
                    onClick={(event) => {
                      event.preventDefault();
                      focusField(path);
                    }}
                  >
                    {withDocumentName(path, message)}
                  </Anchor>
                </li>
              ))}
            </ul>
          ) : (
            <Text size="sm">{otherProblem}</Text>
          )}
        </Alert>
      )}
    </div>
  );
});
