import { Button, CloseButton, Group, Progress, Stack, Text } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { acceptedFileTypes, maxFileBytes, type StoredFile } from '../dossiers/api';
import { type UploadItem, useFileUploads } from '../dossiers/uploads';
import { formatBytes } from './dossier-labels';

/** The portal's uploads: files larger than the server takes are refused at once, with their size. */
export function useUploads(initial?: Record<string, StoredFile[]>) {
  return useFileUploads({ initial, maxBytes: maxFileBytes });
}

interface FileSlotProps {
  /** Unique in the page: ids of the hint and the error. */
  id: string;
  items: readonly UploadItem[];
  onAdd: (files: File[]) => void;
  onRemove: (item: UploadItem) => void;
  onRetry: (item: UploadItem) => void;
  /** Shown under the control (e.g. a required document without a file). */
  error?: string | null;
  /** What the files are for, read with the button ("Đính kèm tệp: Tờ khai…"). */
  describedBy?: string;
  testId: string;
  buttonLabel?: string;
  /** Show the accepted types and size under the button (off when the page says it once). */
  withHint?: boolean;
}

/** Choose files (PDF, JPEG, PNG), see each one's name, size, progress or refusal, remove or retry it. */
export function FileSlot({
  id,
  items,
  onAdd,
  onRemove,
  onRetry,
  error,
  describedBy,
  testId,
  buttonLabel,
  withHint = true,
}: FileSlotProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [describedBy, withHint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');

  const problem = (item: UploadItem): string =>
    item.error === 'tooLarge'
      ? t('portal.upload.tooLarge', { max: formatBytes(maxFileBytes, language) })
      : errorText(item.error);

  return (
    <Stack gap={6}>
      <Group gap="sm" wrap="wrap" align="center">
        <Button
          id={`${id}-button`}
          variant="light"
          size="sm"
          onClick={() => input.current?.click()}
          aria-describedby={described}
          data-testid={`${testId}-button`}
        >
          {buttonLabel ?? (items.length > 0 ? t('portal.upload.addMore') : t('portal.upload.choose'))}
        </Button>
        {withHint && (
          <Text size="xs" c="dimmed" id={hintId}>
            {t('portal.upload.hint', { max: formatBytes(maxFileBytes, language) })}
          </Text>
        )}
      </Group>
      <input
        ref={input}
        type="file"
        accept={acceptedFileTypes}
        multiple
        hidden
        tabIndex={-1}
        data-testid={testId}
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          event.currentTarget.value = ''; // the same file can be chosen again after removing it
          if (files.length > 0) onAdd(files);
        }}
      />
      {items.length > 0 && (
        <ul className="portal-uploads" data-testid={`${testId}-files`}>
          {items.map((item) => (
            <li key={item.key} data-testid="upload-item" data-status={item.status}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" fw={500} className="portal-file-name" data-testid="upload-name">
                    {item.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatBytes(item.size, language)}
                    {item.status === 'done' && (
                      <Text span size="xs" c="green.8" fw={600} data-testid="upload-done">
                        {' · '}
                        {t('portal.upload.done')}
                      </Text>
                    )}
                    {item.status === 'uploading' &&
                      ` · ${t('portal.upload.uploading', { percent: String(Math.round(item.progress * 100)) })}`}
                  </Text>
                  {item.status === 'uploading' && (
                    <Progress
                      value={Math.max(3, Math.round(item.progress * 100))}
                      size="sm"
                      animated
                      aria-label={t('portal.upload.progressLabel', { name: item.name })}
                      data-testid="upload-progress"
                    />
                  )}
                  {item.status === 'error' && (
                    <Text size="sm" c="red.8" role="alert" data-testid="upload-error">
                      {problem(item)}
                    </Text>
                  )}
                  {item.status === 'error' && item.file && (
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      onClick={() => onRetry(item)}
                      style={{ alignSelf: 'flex-start' }}
                      data-testid="upload-retry"
                    >
                      {t('portal.upload.retry')}
                    </Button>
                  )}
                </Stack>
                <CloseButton
                  aria-label={
                    item.status === 'uploading'
                      ? t('portal.upload.cancel', { name: item.name })
                      : t('portal.upload.remove', { name: item.name })
                  }
                  onClick={() => onRemove(item)}
                  data-testid="upload-remove"
                />
              </Group>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <Text size="sm" c="red.8" id={errorId} role="alert" data-testid={`${testId}-error`}>
          {error}
        </Text>
      )}
    </Stack>
  );
}
