import { Alert, Button, Card, Grid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert, retryAfterSeconds, useErrorText, useWaitText } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';
import { dossierApi, type LookupResult } from './dossier-api';
import { formatInstant, StatusBadge } from './dossier-labels';
import { displayName } from './labels';
import './portal.css';

function ResultCard({ result }: { result: LookupResult }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="lookup-result-title"
      data-testid="lookup-result"
    >
      <Stack gap={8}>
        <Text size="sm" c="dimmed">
          {t('portal.dossier.code')}
        </Text>
        <Text size="lg" fw={700} ff="monospace" className="portal-code" data-testid="lookup-code">
          {result.code}
        </Text>
        <Title order={2} size="h4" id="lookup-result-title">
          {displayName(result.procedureName)}
        </Title>
        <div>
          <StatusBadge status={result.status} size="lg" />
        </div>
        <dl className="portal-meta portal-meta-compact">
          <div>
            <dt>{t('portal.lookup.applicant')}</dt>
            <dd data-testid="lookup-applicant">{result.applicant}</dd>
          </div>
          <div>
            <dt>{t('portal.dossier.receivedAt')}</dt>
            <dd>{result.receivedAt ? formatInstant(result.receivedAt, language) : t('portal.lookup.notReceived')}</dd>
          </div>
          <div>
            <dt>{t('portal.dossier.dueAt')}</dt>
            <dd data-testid="lookup-due">
              {result.dueAt ? formatInstant(result.dueAt, language) : t('portal.dossier.dueUnset')}
            </dd>
          </div>
          {result.finishedAt && (
            <div>
              <dt>{t('portal.dossier.finishedAt')}</dt>
              <dd>
                {formatInstant(result.finishedAt, language)}
                {result.outcome ? ` · ${t(`portal.dossier.outcome.${result.outcome}`)}` : ''}
              </dd>
            </div>
          )}
        </dl>
      </Stack>
    </Card>
  );
}

/** /tra-cuu: anyone follows a dossier with its code and the last 4 digits of the applicant's phone. */
export default function LookupPage() {
  const { t } = useTranslation();
  const waitText = useWaitText();
  const errorText = useErrorText();
  const [params] = useSearchParams();
  // The receipt's QR code opens /tra-cuu?ma=<code>.
  const [code, setCode] = useState(() => (params.get('ma') ?? params.get('code') ?? '').trim());
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<{ code?: string; phone?: string }>({});
  const phoneRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  useDocumentTitle(t('portal.lookup.title'));

  const lookup = useMutation({
    mutationFn: (input: { code: string; phone: string }) => dossierApi.lookup(input.code, input.phone),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cleanCode = code.trim().toUpperCase();
    const digits = phone.replace(/\D/g, '');
    const next: { code?: string; phone?: string } = {};
    if (cleanCode.length < 10 || cleanCode.length > 40) next.code = t('portal.lookup.codeInvalid');
    if (!/^\d{4}$/.test(digits)) next.phone = t('portal.lookup.phoneInvalid');
    setErrors(next);
    if (next.code) return codeRef.current?.focus();
    if (next.phone) return phoneRef.current?.focus();
    setCode(cleanCode);
    lookup.mutate({ code: cleanCode, phone: digits });
  };

  const notFound = lookup.isError && isApiError(lookup.error) && lookup.error.status === 404;
  const limited = lookup.isError && isApiError(lookup.error) && lookup.error.status === 429;
  const wait = limited ? retryAfterSeconds(lookup.error) : null;

  return (
    <Stack gap="md" className="portal-page" maw={720} data-testid="lookup-page">
      <div>
        <Title order={1} size="h2">
          {t('portal.lookup.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('portal.lookup.intro')}
        </Text>
      </div>
      <Card withBorder radius="md" padding="md">
        <search aria-label={t('portal.lookup.title')}>
          <form onSubmit={submit} noValidate data-testid="lookup-form">
            <Stack gap="sm">
              <Grid gap="sm">
                <Grid.Col span={{ base: 12, sm: 8 }}>
                  <TextInput
                    ref={codeRef}
                    label={t('portal.lookup.code')}
                    description={t('portal.lookup.codeHint')}
                    placeholder="000.00.25.H56-260305-0001"
                    autoComplete="off"
                    autoCapitalize="characters"
                    spellCheck={false}
                    withAsterisk
                    size="md"
                    maxLength={40}
                    value={code}
                    onChange={(event) => setCode(event.currentTarget.value)}
                    error={errors.code}
                    classNames={{ input: 'portal-search-input' }}
                    data-testid="lookup-code-input"
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 4 }}>
                  <TextInput
                    ref={phoneRef}
                    label={t('portal.lookup.phone')}
                    description={t('portal.lookup.phoneHint')}
                    inputMode="numeric"
                    autoComplete="off"
                    withAsterisk
                    size="md"
                    maxLength={4}
                    value={phone}
                    onChange={(event) => setPhone(event.currentTarget.value.replace(/\D/g, ''))}
                    error={errors.phone}
                    classNames={{ input: 'portal-search-input' }}
                    data-testid="lookup-phone-input"
                  />
                </Grid.Col>
              </Grid>
              <div>
                <Button type="submit" size="md" loading={lookup.isPending} data-testid="lookup-submit">
                  {t('portal.lookup.submit')}
                </Button>
              </div>
            </Stack>
          </form>
        </search>
      </Card>

      <div aria-live="polite">
        {lookup.isSuccess && <ResultCard result={lookup.data} />}
        {notFound && (
          <Alert color="orange" title={t('portal.lookup.notFoundTitle')} role="alert" data-testid="lookup-not-found">
            {t('portal.lookup.notFound')}
          </Alert>
        )}
        {limited && (
          <Alert color="red" title={t('portal.lookup.limitedTitle')} role="alert" data-testid="lookup-rate-limited">
            <Text size="sm">{errorText(lookup.error)}</Text>
            <Text size="sm">
              {wait !== null ? t('portal.lookup.limitedWait', { time: waitText(wait) }) : t('portal.lookup.limited')}
            </Text>
          </Alert>
        )}
        {lookup.isError && !notFound && !limited && <ErrorAlert error={lookup.error} testId="lookup-error" />}
      </div>
    </Stack>
  );
}
