import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, networkErrorCode, retriesExhaustedCode } from './api';
import { useLanguage } from './i18n';

/** Seconds to wait, from a LOGIN_THROTTLED (or any 429) answer. */
export function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 429) return null;
  const details = error.details as { retryAfterSeconds?: unknown } | null | undefined;
  const value = Number(details?.retryAfterSeconds);
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : null;
}

/** A wait such as "14 phút 30 giây" / "14 min 30 s". */
export function useWaitText() {
  const { t } = useTranslation();
  return (totalSeconds: number): string => {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    const parts: string[] = [];
    if (minutes > 0) parts.push(t('app.common.minutes', { count: minutes }));
    if (seconds > 0 || minutes === 0) parts.push(t('app.common.seconds', { count: seconds }));
    return parts.join(' ');
  };
}

/** The text to show for an error: the server's message in the current language. */
export function useErrorText() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.code === networkErrorCode) return t('app.common.networkError');
      if (error.code === retriesExhaustedCode) return t('app.common.retriesExhausted');
      if (error.localized) return pick(error.localized);
      return t('app.common.unknownError', { code: error.code });
    }
    return t('app.common.unknownError', { code: error instanceof Error ? error.name : 'UNKNOWN' });
  };
}

interface ErrorAlertProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  testId?: string;
}

export function ErrorAlert({ error, title, onRetry, testId }: ErrorAlertProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { pick } = useLanguage();
  const waitText = useWaitText();
  if (!error) return null;
  const fieldProblems = error instanceof ApiError ? Object.entries(error.fieldProblems()) : [];
  const wait = retryAfterSeconds(error);
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? t('app.common.error')}
      role="alert"
      data-testid={testId ?? 'error-alert'}
    >
      <Text size="sm">{errorText(error)}</Text>
      {wait !== null && <Text size="sm">{t('app.common.retryAfter', { time: waitText(wait) })}</Text>}
      {fieldProblems.length > 0 && (
        <ul>
          {fieldProblems.map(([field, message]) => (
            <li key={field}>
              <Text size="sm" span>
                {pick(message)}
              </Text>
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <Group mt="xs">
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t('app.common.retry')}
          </Button>
        </Group>
      )}
    </Alert>
  );
}
