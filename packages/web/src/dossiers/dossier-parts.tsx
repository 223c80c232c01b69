import type { DossierResultDocument, Wire } from '@congso/core';
import { Anchor, Button, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { type DossierFile, fileUrl, type PaperForm, paperUrl } from './api';

/**
 * What the desk's and the portal's dossier pages show alike: the files by purpose, the result documents,
 * a paper to print. Each side gives the words (its own i18n namespace).
 */

const purposes = ['document', 'supplement', 'result'] as const;
export type FilePurpose = (typeof purposes)[number];

function sizeText(bytes: number, language: 'vi' | 'en'): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), language)} KB`;
  return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10, language)} MB`;
}

/** The files by purpose; a document's files under the name of the required document they were given for. */
export function DossierFileList({
  files,
  purposeLabel,
  emptyText,
}: {
  files: readonly DossierFile[];
  purposeLabel: (purpose: FilePurpose) => string;
  emptyText: string;
}) {
  const { language } = useLanguage();
  if (files.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {emptyText}
      </Text>
    );
  return (
    <Stack gap="md" data-testid="dossier-file-list">
      {purposes.map((purpose) => {
        const items = files.filter((file) => file.purpose === purpose);
        if (items.length === 0) return null;
        const byDocument = new Map<string, DossierFile[]>();
        for (const file of items) {
          const key = purpose === 'document' ? (file.documentName ?? '') : '';
          byDocument.set(key, [...(byDocument.get(key) ?? []), file]);
        }
        return (
          <div key={purpose}>
            <Title order={3} size="h6" mb={4}>
              {purposeLabel(purpose)}
            </Title>
            <Stack gap={6}>
              {[...byDocument.entries()].map(([name, group]) => (
                <div key={name || '-'}>
                  {name && (
                    <Text size="xs" c="dimmed" lineClamp={2} title={name}>
                      {name}
                    </Text>
                  )}
                  <ul className="congso-plain-list">
                    {group.map((file) => (
                      <li key={file.id} data-testid="dossier-file">
                        <Anchor
                          href={fileUrl(file.id)}
                          target="_blank"
                          rel="noopener"
                          size="sm"
                          className="congso-file-name"
                        >
                          {file.name}
                        </Anchor>{' '}
                        <Text span size="xs" c="dimmed">
                          ({sizeText(file.size, language)})
                        </Text>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </Stack>
          </div>
        );
      })}
    </Stack>
  );
}

/** A result's documents, each a link to its file when it has one, with its number as `numberText` words it. */
export function ResultDocumentList({
  documents,
  numberText = (number) => `(${number})`,
}: {
  documents: readonly Wire<DossierResultDocument>[];
  numberText?: (number: string) => string;
}) {
  return (
    <ul className="congso-plain-list">
      {documents.map((document, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the issuer's own order
        <li key={index}>
          <Text size="sm">
            {document.fileId ? (
              <Anchor href={fileUrl(document.fileId)} target="_blank" rel="noopener" size="sm">
                {document.name}
              </Anchor>
            ) : (
              document.name
            )}
            {document.number ? ` ${numberText(document.number)}` : ''}
          </Text>
        </li>
      ))}
    </ul>
  );
}

/** A paper to print: opens the PDF in a new tab (the browser prints it from there). */
export function PaperLink({
  dossierId,
  form,
  testId,
  label,
  newTabText,
  variant = 'link',
  color,
  children,
}: {
  dossierId: string;
  form: PaperForm;
  testId: string;
  /** The accessible name (with `newTabText`). */
  label?: string;
  newTabText?: string;
  variant?: 'link' | 'button' | 'light';
  color?: string;
  children: ReactNode;
}) {
  const ariaLabel = label ? [label, newTabText].filter(Boolean).join(' ') : undefined;
  const common = {
    href: paperUrl(dossierId, form),
    target: '_blank',
    rel: 'noopener',
    'data-testid': testId,
    'aria-label': ariaLabel,
  } as const;
  if (variant === 'link')
    return (
      <Anchor {...common} size="sm">
        {children}
      </Anchor>
    );
  return (
    <Button
      component="a"
      {...common}
      size="sm"
      variant={variant === 'light' ? 'light' : 'filled'}
      color={color}
      style={{ alignSelf: 'flex-start' }}
    >
      {children}
    </Button>
  );
}
