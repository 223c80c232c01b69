import { Badge, Button, Card, FileInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiBase, apiErrorOf, networkErrorCode } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { formatInstant } from '../portal/dossier-labels';

type Status = 'valid' | 'modified' | 'untrusted' | 'revoked' | 'expired' | 'invalid';

interface SignatureReport {
  index: number;
  status: Status;
  problems: string[];
  signer: {
    name: string;
    organization: string | null;
    title: string | null;
    serialNumber: string;
    issuer: string;
    validFrom: string;
    validTo: string;
  } | null;
  signingTime: string | null;
  timeSource: 'timestamp' | 'claimed' | null;
  timestamp: { time: string; authority: string; valid: boolean } | null;
  reason: string | null;
  coversWholeDocument: boolean;
  revision: number;
  revisions: number;
  revocation: { status: 'good' | 'revoked' | 'unknown'; revokedAt?: string } | null;
}

interface VerifyResult {
  size: number;
  sha256: string;
  signatures: SignatureReport[];
}

/** The PDF as it is (application/pdf), with the CSRF proof every /api/ POST needs. */
async function verifyPdf(file: File): Promise<VerifyResult> {
  let response: Response;
  try {
    response = await fetch(`${apiBase}/signing/verify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf', 'X-Congso-Request': '1', Accept: 'application/json' },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, networkErrorCode, null, null);
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw apiErrorOf(response.status, data);
  return data as VerifyResult;
}

const statusColor: Record<Status, string> = {
  valid: 'green',
  modified: 'red',
  untrusted: 'orange',
  revoked: 'red',
  expired: 'orange',
  invalid: 'red',
};

function SignatureCard({ report }: { report: SignatureReport }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const headingId = `signature-${report.index}`;
  const signer = report.signer;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={headingId} data-testid="signature">
      <Stack gap={8}>
        <Title order={2} size="h4" id={headingId}>
          {t('signing.verify.signature', { index: report.index })}
        </Title>
        <div>
          <Badge color={statusColor[report.status]} variant="filled" size="lg" data-testid="signature-status">
            {t(`signing.verify.status.${report.status}`)}
          </Badge>
        </div>
        <dl className="portal-meta">
          {signer && (
            <div>
              <dt>{t('signing.verify.signer')}</dt>
              <dd data-testid="signature-signer">{signer.name}</dd>
            </div>
          )}
          {signer?.title && (
            <div>
              <dt>{t('signing.verify.title_')}</dt>
              <dd>{signer.title}</dd>
            </div>
          )}
          {signer?.organization && (
            <div>
              <dt>{t('signing.verify.organization')}</dt>
              <dd data-testid="signature-organization">{signer.organization}</dd>
            </div>
          )}
          {report.signingTime && (
            <div>
              <dt>{t('signing.verify.time')}</dt>
              <dd>
                {formatInstant(report.signingTime, language)}{' '}
                <Text span size="sm" c="dimmed">
                  (
                  {report.timeSource === 'timestamp' && report.timestamp
                    ? t('signing.verify.timeFromTimestamp', { authority: report.timestamp.authority })
                    : t('signing.verify.timeClaimed')}
                  )
                </Text>
              </dd>
            </div>
          )}
          <div>
            <dt>{t('signing.verify.coverage')}</dt>
            <dd>
              {report.coversWholeDocument
                ? t('signing.verify.whole')
                : t('signing.verify.revision', { revision: report.revision, revisions: report.revisions })}
            </dd>
          </div>
          {report.reason && (
            <div>
              <dt>{t('signing.verify.reason')}</dt>
              <dd>{report.reason}</dd>
            </div>
          )}
          {signer && (
            <div>
              <dt>{t('signing.verify.certificate')}</dt>
              <dd>
                {t('signing.verify.certificateLine', {
                  serial: signer.serialNumber,
                  issuer: signer.issuer,
                  from: formatInstant(signer.validFrom, language),
                  to: formatInstant(signer.validTo, language),
                })}
              </dd>
            </div>
          )}
          {report.revocation && (
            <div>
              <dt>{t('signing.verify.revocation')}</dt>
              <dd>
                {report.revocation.status === 'good'
                  ? t('signing.verify.revocationGood')
                  : report.revocation.status === 'revoked'
                    ? t('signing.verify.revocationRevoked', {
                        time: formatInstant(report.revocation.revokedAt, language),
                      })
                    : t('signing.verify.revocationUnknown')}
              </dd>
            </div>
          )}
        </dl>
      </Stack>
    </Card>
  );
}

/** /kiem-tra-chu-ky: anyone uploads a PDF and sees each of its signatures. */
export default function VerifyPage() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useDocumentTitle(t('signing.verify.title'));
  const check = useMutation({ mutationFn: verifyPdf });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setProblem(t('signing.verify.chooseFile'));
    if (file.type && file.type !== 'application/pdf' && !file.name.toLowerCase().endsWith('.pdf')) {
      return setProblem(t('signing.verify.notPdf'));
    }
    setProblem(null);
    check.mutate(file);
  };

  const result = check.data;
  return (
    <Stack gap="md" className="portal-page" maw={760} data-testid="verify-page">
      <div>
        <Title order={1} size="h2">
          {t('signing.verify.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('signing.verify.intro')}
        </Text>
      </div>
      <Card withBorder radius="md" padding="md">
        <form onSubmit={submit} noValidate data-testid="verify-form">
          <Stack gap="sm">
            <FileInput
              label={t('signing.verify.file')}
              description={t('signing.verify.fileHint')}
              accept="application/pdf,.pdf"
              value={file}
              onChange={(f) => {
                setFile(f);
                setProblem(null);
              }}
              error={problem}
              clearable
              clearButtonProps={{ 'aria-label': t('signing.verify.clear') }}
              data-testid="verify-file"
            />
            <div>
              <Button type="submit" loading={check.isPending} data-testid="verify-submit">
                {t('signing.verify.submit')}
              </Button>
            </div>
          </Stack>
        </form>
      </Card>
      {check.isError && <ErrorAlert error={check.error} testId="verify-error" />}
      {result && (
        <Stack gap="sm" aria-live="polite" data-testid="verify-results">
          <Text fw={600}>
            {result.signatures.length === 0
              ? t('signing.verify.noSignatures')
              : t('signing.verify.results', { count: result.signatures.length })}
          </Text>
          {result.signatures.map((report) => (
            <SignatureCard key={report.index} report={report} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
