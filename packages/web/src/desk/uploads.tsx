import { ActionIcon, Button, FileButton, Group, Loader, Stack, Text } from '@mantine/core';
import { useErrorText } from '../app/errors';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { acceptedFileTypes } from '../dossiers/api';
import { uploadedIn, useFileUploads } from '../dossiers/uploads';
import { useDeskT } from './i18n';

/**
 * The desk's uploads (the upload itself is shared with the portal: ../dossiers/uploads), per group: a
 * document's index, the supplement, a result row... The server judges each file's type and size.
 */
export function useUploads() {
  const uploads = useFileUploads();
  const { slots } = uploads;
  return {
    ...uploads,
    /** Drops a group's files (a removed result row), cancelling what they still send. */
    removeGroup: uploads.clear,
    inGroup: (group: string) => slots[group] ?? [],
    /** The stored files' ids: of one group, or of all. */
    idsOf: (group?: string) =>
      uploadedIn(group === undefined ? Object.values(slots).flat() : slots[group]).map((file) => file.id),
    pending: uploads.busy,
  };
}

export type Uploads = ReturnType<typeof useUploads>;

function sizeText(bytes: number, language: 'vi' | 'en'): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), language)} KB`;
  return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10, language)} MB`;
}

interface FieldProps {
  uploads: Uploads;
  group: string;
  /**
   * What the files are, e.g. "Bản quét: Tờ khai đăng ký khai sinh": the choose button is named by its visible
   * text followed by this, "Chọn tệp (Bản quét: …)" (WCAG 2.5.3, the spoken name contains what is seen).
   */
  label: string;
  buttonText?: string;
  multiple?: boolean;
  testId?: string;
}

/** A "choose files" button and the files of one group with their upload state. */
export function UploadField({ uploads, group, label, buttonText, multiple = true, testId }: FieldProps) {
  const t = useDeskT();
  const { language } = useLanguage();
  const errorText = useErrorText();
  const files = uploads.inGroup(group);
  const full = !multiple && files.length > 0;
  return (
    <Stack gap={4}>
      {!full && (
        <FileButton
          multiple={multiple}
          accept={acceptedFileTypes}
          onChange={(chosen: File[] | File | null) => {
            const list = Array.isArray(chosen) ? chosen : chosen ? [chosen] : [];
            if (list.length) uploads.add(group, list);
          }}
        >
          {(props) => (
            <Button
              {...props}
              variant="default"
              size="compact-sm"
              aria-label={`${buttonText ?? t('intake.scanPlaceholder')} (${label})`}
              data-testid={testId}
              style={{ alignSelf: 'flex-start' }}
            >
              {buttonText ?? t('intake.scanPlaceholder')}
            </Button>
          )}
        </FileButton>
      )}
      {files.length > 0 && (
        <ul className="desk-plain-list" aria-live="polite" style={{ listStyle: 'none', paddingLeft: 0 }}>
          {files.map((file) => (
            <li key={file.key} data-testid="upload-item" data-state={file.status}>
              <Group gap={6} wrap="nowrap">
                {file.status === 'uploading' && <Loader size={12} aria-hidden="true" />}
                <Text size="xs" truncate="end" maw={260} title={file.name}>
                  {file.name}
                </Text>
                <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                  {sizeText(file.size, language)}
                  {' · '}
                  {file.status === 'uploading'
                    ? t('intake.uploading')
                    : file.status === 'done'
                      ? t('intake.uploaded')
                      : ''}
                </Text>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="gray"
                  onClick={() => uploads.remove(group, file.key)}
                  aria-label={t('intake.removeFile', { name: file.name })}
                >
                  <span aria-hidden="true">×</span>
                </ActionIcon>
              </Group>
              {file.status === 'error' && (
                <Text size="xs" c="red.8" role="alert">
                  {t('form.uploadFailed', { name: file.name })}: {errorText(file.error)}
                </Text>
              )}
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
