import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isApiError, networkErrorCode } from '../app/api';
import { type StoredFile, uploadFile } from './api';

/**
 * Uploads as the portal and the desk do them: each chosen file goes to POST /api/v1/files at once, with
 * its progress; the form then sends the stored files' ids. Files are kept per slot (a required document,
 * the supplement, a result row...). Each side draws the files its own way.
 */
export interface UploadItem {
  key: string;
  name: string;
  size: number;
  status: 'uploading' | 'done' | 'error';
  /** 0..1 */
  progress: number;
  /** Kept while it may be sent again (a network failure). */
  file?: File;
  uploaded?: StoredFile;
  /** An ApiError from the server, or 'tooLarge' when refused before sending. */
  error?: unknown;
}

export type UploadSlots = Record<string, UploadItem[]>;

let counter = 0;
const nextKey = () => `u${Date.now().toString(36)}${(counter++).toString(36)}`;

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export interface UploadOptions {
  /** Files already stored, per slot (a draft restored). */
  initial?: Record<string, StoredFile[]>;
  /** Larger files are refused before sending (`error: 'tooLarge'`); else the server judges. */
  maxBytes?: number;
}

/** Uploads per slot: each file goes to POST /files as soon as it is chosen; removing one cancels it. */
export function useFileUploads({ initial, maxBytes }: UploadOptions = {}) {
  const [slots, setSlots] = useState<UploadSlots>(() => {
    const out: UploadSlots = {};
    for (const [slot, files] of Object.entries(initial ?? {})) {
      out[slot] = files.map((uploaded) => ({
        key: nextKey(),
        name: uploaded.name,
        size: uploaded.size,
        status: 'done' as const,
        progress: 1,
        uploaded,
      }));
    }
    return out;
  });
  /** The uploads under way, by item key. */
  const running = useRef(new Map<string, { slot: string; controller: AbortController }>());

  useEffect(() => {
    const current = running.current;
    return () => {
      for (const { controller } of current.values()) controller.abort();
      current.clear();
    };
  }, []);

  /** Cancels the uploads under way that `which` picks. */
  const cancel = useCallback((which: (key: string, slot: string) => boolean) => {
    for (const [key, { slot, controller }] of running.current) {
      if (!which(key, slot)) continue;
      controller.abort();
      running.current.delete(key);
    }
  }, []);

  const patch = useCallback((slot: string, key: string, change: Partial<UploadItem>) => {
    setSlots((current) => ({
      ...current,
      [slot]: (current[slot] ?? []).map((item) => (item.key === key ? { ...item, ...change } : item)),
    }));
  }, []);

  const start = useCallback(
    (slot: string, key: string, file: File) => {
      const controller = new AbortController();
      running.current.set(key, { slot, controller });
      uploadFile(file, { onProgress: (progress) => patch(slot, key, { progress }), signal: controller.signal })
        .then((uploaded) => patch(slot, key, { status: 'done', progress: 1, uploaded, file: undefined }))
        .catch((error: unknown) => {
          if (isAbort(error)) return;
          const keep = isApiError(error, networkErrorCode) || (isApiError(error) && error.status >= 500);
          patch(slot, key, { status: 'error', error, ...(keep ? {} : { file: undefined }) });
        })
        .finally(() => running.current.delete(key));
    },
    [patch],
  );

  const add = useCallback(
    (slot: string, files: readonly File[]) => {
      const items: UploadItem[] = files.map((file) => {
        const tooLarge = maxBytes !== undefined && file.size > maxBytes;
        return {
          key: nextKey(),
          name: file.name,
          size: file.size,
          status: tooLarge ? 'error' : 'uploading',
          progress: 0,
          ...(tooLarge ? { error: 'tooLarge' } : { file }),
        };
      });
      setSlots((current) => ({ ...current, [slot]: [...(current[slot] ?? []), ...items] }));
      for (const item of items) if (item.file) start(slot, item.key, item.file);
    },
    [start, maxBytes],
  );

  const remove = useCallback(
    (slot: string, key: string) => {
      cancel((other) => other === key);
      setSlots((current) => ({ ...current, [slot]: (current[slot] ?? []).filter((item) => item.key !== key) }));
    },
    [cancel],
  );

  const retry = useCallback(
    (slot: string, item: UploadItem) => {
      if (!item.file) return;
      patch(slot, item.key, { status: 'uploading', progress: 0, error: undefined });
      start(slot, item.key, item.file);
    },
    [patch, start],
  );

  /** Empties a slot, cancelling what it still sends. */
  const clear = useCallback(
    (slot: string) => {
      cancel((_, other) => other === slot);
      setSlots((current) => ({ ...current, [slot]: [] }));
    },
    [cancel],
  );

  /** Empties every slot (a new form). */
  const reset = useCallback(() => {
    cancel(() => true);
    setSlots({});
  }, [cancel]);

  const busy = useMemo(
    () => Object.values(slots).some((items) => items.some((item) => item.status === 'uploading')),
    [slots],
  );

  return { slots, add, remove, retry, clear, reset, busy };
}

export type FileUploads = ReturnType<typeof useFileUploads>;

/** The uploaded files of a slot. */
export function uploadedIn(items: readonly UploadItem[] | undefined): StoredFile[] {
  return (items ?? []).flatMap((item) => (item.status === 'done' && item.uploaded ? [item.uploaded] : []));
}
