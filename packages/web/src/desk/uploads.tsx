import { ActionIcon, Button, FileButton, Group, Loader, Stack, Text } from '@mantine/core';
import { useCallback, useRef, useState } from 'react';
import { useErrorText } from '../app/errors';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { deskApi } from './api';
import { useDeskT } from './i18n';

/** Files are uploaded as soon as they are chosen (POST /api/v1/files), and the form sends their ids. */
export interface Upload {
  key: string;
  /** What the file belongs to (a document's index, a result row...). */
  group: string;
  name: string;
  size: number;
  state: 'uploading' | 'done' | 'error';
  fileId?: string;
  error?: unknown;
}

export const acceptedFiles = 'application/pdf,image/jpeg,image/png';

export function useUploads() {
  const [items, setItems] = useState<Upload[]>([]);
  const counter = useRef(0);
  const add = useCallback((group: string, files: File[]) => {
    for (const file of files) {
      counter.current += 1;
      const key = `u${counter.current}`;
      setItems((current) => [...current, { key, group, name: file.name, size: file.size, state: 'uploading' }]);
      deskApi.upload(file).then(
        (stored) =>
          setItems((current) =>
            current.map((item) => (item.key === key ? { ...item, state: 'done', fileId: stored.id } : item)),
          ),
        (error: unknown) =>
          setItems((current) => current.map((item) => (item.key === key ? { ...item, state: 'error', error } : item))),
      );
    }
  }, []);
  const remove = useCallback((key: string) => setItems((current) => current.filter((item) => item.key !== key)), []);
  const removeGroup = useCallback(
    (group: string) => setItems((current) => current.filter((item) => item.group !== group)),
    [],
  );
  const reset = useCallback(() => setItems([]), []);
  return {
    items,
    add,
    remove,
    removeGroup,
    reset,
    inGroup: (group: string) => items.filter((item) => item.group === group),
    idsOf: (group?: string) =>
      items
        .filter((item) => item.state === 'done' && item.fileId && (group === undefined || item.group === group))
        .map((item) => item.fileId as string),
    pending: items.some((item) => item.state === 'uploading'),
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
  /** Accessible name of the choose button, e.g. "Bản quét: Tờ khai đăng ký khai sinh". */
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
          accept={acceptedFiles}
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
              aria-label={label}
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
            <li key={file.key} data-testid="upload-item" data-state={file.state}>
              <Group gap={6} wrap="nowrap">
                {file.state === 'uploading' && <Loader size={12} aria-hidden="true" />}
                <Text size="xs" truncate="end" maw={260} title={file.name}>
                  {file.name}
                </Text>
                <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                  {sizeText(file.size, language)}
                  {' · '}
                  {file.state === 'uploading'
                    ? t('intake.uploading')
                    : file.state === 'done'
                      ? t('intake.uploaded')
                      : ''}
                </Text>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="gray"
                  onClick={() => uploads.remove(file.key)}
                  aria-label={t('intake.removeFile', { name: file.name })}
                >
                  <span aria-hidden="true">×</span>
                </ActionIcon>
              </Group>
              {file.state === 'error' && (
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
