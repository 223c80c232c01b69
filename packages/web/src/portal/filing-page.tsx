import { Alert, Anchor, Button, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert, useErrorText } from '../app/errors';
import { useMe } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { type ProcedureDetail, portalApi, portalKeys, procedureCodePattern } from './api';
import { EditStep } from './filing/edit-step';
import { ErrorSummary } from './filing/error-summary';
import { ReviewStep } from './filing/review-step';
import { type MeWithContact, useFilingForm } from './filing/use-filing-form';
import { displayName, ProcedureNotFound } from './labels';
import './portal.css';

/**
 * The online filing e-form: its state is filing/use-filing-form.ts (values, checks, the draft kept in the
 * tab, sending), its steps filing/edit-step.tsx and filing/review-step.tsx, the list of what to fix
 * filing/error-summary.tsx.
 */
function FilingForm({ detail, me }: { detail: ProcedureDetail; me: MeWithContact }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const filing = useFilingForm(detail, me);
  const { form, step, submit } = filing;
  const { procedure } = detail;
  const fieldErrors = Object.entries(form.errors).flatMap(([path, message]) =>
    message ? [[path, String(message)] as [string, string]] : [],
  );
  const otherProblem =
    submit.isError && isApiError(submit.error, 'VALIDATION_FAILED') && fieldErrors.length === 0
      ? errorText(submit.error)
      : null;

  return (
    <Stack gap="md" className="portal-page" maw={880} data-testid="filing-page" data-step={step}>
      <Anchor component={Link} to={`/thu-tuc/${procedure.code}`} size="sm" data-testid="filing-back">
        <span aria-hidden="true">← </span>
        {displayName(procedure.name)}
      </Anchor>
      <Stack gap={4} component="header">
        <Text size="sm" c="red.8" fw={600} data-testid="filing-step">
          {step === 'edit' ? t('portal.filing.stepEdit') : t('portal.filing.stepReview')}
        </Text>
        <Title order={1} size="h2" ref={filing.topRef} tabIndex={-1} className="portal-focus-target">
          {step === 'edit' ? t('portal.filing.title') : t('portal.filing.reviewTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {displayName(procedure.name)} · {procedure.code}
        </Text>
      </Stack>

      {step === 'edit' ? (
        <>
          <ErrorSummary
            ref={filing.summaryRef}
            errors={fieldErrors}
            documentNames={procedure.requiredDocuments.map((document) => document.name)}
            otherProblem={otherProblem}
            waitUploads={filing.waitUploads}
          />
          <EditStep filing={filing} detail={detail} me={me} />
        </>
      ) : (
        <ReviewStep filing={filing} detail={detail} me={me} />
      )}
    </Stack>
  );
}

function FilingSkeleton() {
  return (
    <Stack gap="md" aria-hidden="true">
      <Skeleton h={14} w={160} />
      <Skeleton h={32} w="70%" />
      <Skeleton h={90} />
      <Skeleton h={240} />
    </Stack>
  );
}

/** /thu-tuc/:code/nop-ho-so: the online filing form (signed-in citizens). */
export default function FilingPage() {
  const { t } = useTranslation();
  const code = useParams().code ?? '';
  const me = useMe().data as MeWithContact | null | undefined;
  const validCode = procedureCodePattern.test(code);
  const query = useQuery({
    queryKey: portalKeys.procedure(code),
    queryFn: () => portalApi.procedure(code),
    enabled: validCode,
    staleTime: 5 * 60_000,
  });
  useDocumentTitle(
    query.data ? `${t('portal.filing.title')} · ${displayName(query.data.procedure.name)}` : t('portal.filing.title'),
  );

  if (!validCode || (query.isError && isApiError(query.error) && query.error.status === 404)) {
    return <ProcedureNotFound code={code} />;
  }
  if (query.isPending || !me) return <FilingSkeleton />;
  if (query.isError) {
    return <ErrorAlert error={query.error} title={t('portal.detail.errorTitle')} onRetry={() => query.refetch()} />;
  }
  const { procedure } = query.data;
  const back = (
    <Button component={Link} to={`/thu-tuc/${code}`} variant="light">
      {displayName(procedure.name)}
    </Button>
  );
  if (!procedure.channels.includes('online')) {
    return (
      <Stack align="flex-start" gap="sm" data-testid="filing-not-online">
        <Alert color="orange">{t('portal.detail.notOnline')}</Alert>
        {back}
      </Stack>
    );
  }
  if (me.kind === 'officer') {
    return (
      <Stack align="flex-start" gap="sm" data-testid="filing-officer">
        <Alert color="orange">{t('portal.filing.officer')}</Alert>
        {back}
      </Stack>
    );
  }
  return <FilingForm key={`${code}-${me.id}`} detail={query.data} me={me} />;
}
