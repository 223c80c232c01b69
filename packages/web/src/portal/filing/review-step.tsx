import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError, networkErrorCode, retriesExhaustedCode } from '../../app/api';
import { ErrorAlert } from '../../app/errors';
import { useLanguage } from '../../app/i18n';
import { digitisationApi, digitisationKeys, representationsApi } from '../../digitisation/api';
import { uploadedIn } from '../../dossiers/uploads';
import type { ProcedureDetail } from '../api';
import { formatBytes, groupDocuments } from '../dossier-labels';
import { Section } from '../labels';
import { slotOf } from './draft';
import type { FilingForm, MeWithContact } from './use-filing-form';

/** The e-form's second step: what will be sent, the pledge, and sending it. */
export function ReviewStep({ filing, detail, me }: { filing: FilingForm; detail: ProcedureDetail; me: MeWithContact }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { form, uploads, submit, backToEdit } = filing;
  const documents = detail.procedure.requiredDocuments;
  const groups = groupDocuments(documents);
  const skipped = documents.filter(
    (_, index) => uploadedIn(uploads.slots[slotOf(index)]).length === 0 && !filing.reuse[index],
  ).length;
  const store = useQuery({
    queryKey: digitisationKeys.storeOf(filing.organisationId),
    queryFn: () => digitisationApi.store(filing.organisationId),
  });
  const links = useQuery({
    queryKey: digitisationKeys.representations,
    queryFn: representationsApi.mine,
    enabled: !!filing.organisationId,
  });
  const filedFor = links.data?.items.find((l) => l.organisation.id === filing.organisationId)?.organisation;
  const storeItem = (id: string | undefined) => store.data?.items.find((item) => item.id === id);
  // Not answered (the api client tried again already): the same key sends the same filing once more.
  const networkProblem =
    submit.isError &&
    isApiError(submit.error) &&
    ([retriesExhaustedCode, networkErrorCode].includes(submit.error.code) || submit.error.status >= 500);
  return (
    <>
      <Section title={t('portal.filing.agencyTitle')} testId="review-agency">
        <Text fw={600}>{form.values.agency?.name}</Text>
      </Section>
      <Section title={t('portal.filing.contactTitle')} testId="review-contact">
        <dl className="portal-meta">
          {filedFor && (
            <div>
              <dt>{t('digitisation.filingFor.review')}</dt>
              <dd data-testid="review-filed-for">{filedFor.name}</dd>
            </div>
          )}
          <div>
            <dt>{t('portal.filing.applicant')}</dt>
            <dd>{me.fullName}</dd>
          </div>
          <div>
            <dt>{t('portal.filing.nationalId')}</dt>
            <dd>{me.username}</dd>
          </div>
          <div>
            <dt>{t('portal.filing.phone')}</dt>
            <dd data-testid="review-phone">{form.values.applicant.phone.trim()}</dd>
          </div>
          <div>
            <dt>{t('portal.filing.address')}</dt>
            <dd>{form.values.applicant.address.trim()}</dd>
          </div>
          <div>
            <dt>{t('portal.filing.emailShort')}</dt>
            <dd>{form.values.applicant.email.trim() || t('app.common.none')}</dd>
          </div>
        </dl>
        {filing.population && (
          <Text size="sm" mt="xs" data-testid="review-population">
            {t('gateway.prefill.used')}
          </Text>
        )}
      </Section>
      <Section title={t('portal.detail.documentsTitle')} testId="review-documents">
        {documents.length === 0 ? (
          <Text c="dimmed">{t('portal.filing.noDocuments')}</Text>
        ) : (
          <Stack gap="sm">
            <ol className="portal-documents">
              {groups.flatMap(([, items]) =>
                items.flatMap(({ document, index }) => {
                  const files = uploadedIn(uploads.slots[slotOf(index)]);
                  const reused = storeItem(filing.reuse[index]);
                  if (files.length === 0 && !reused) return [];
                  return [
                    <li key={slotOf(index)} data-testid="review-document">
                      <Text size="sm" fw={600}>
                        {document.name}
                      </Text>
                      <ul className="portal-plain-list">
                        {reused && (
                          <li data-testid="review-reused">
                            <Text size="sm" span>
                              {t('digitisation.reuse.chosen', { name: reused.name, code: reused.sourceDossier.code })}
                            </Text>
                          </li>
                        )}
                        {files.map((file) => (
                          <li key={file.id}>
                            <Text size="sm" span className="portal-file-name">
                              {file.name}
                            </Text>{' '}
                            <Text size="xs" span c="dimmed">
                              ({formatBytes(file.size, language)})
                            </Text>
                          </li>
                        ))}
                      </ul>
                    </li>,
                  ];
                }),
              )}
            </ol>
            {skipped > 0 && (
              <Text size="sm" c="dimmed" data-testid="review-skipped">
                {t('portal.filing.skipped', { count: skipped })}
              </Text>
            )}
          </Stack>
        )}
      </Section>

      {networkProblem && (
        <Alert color="orange" role="alert" title={t('portal.filing.notSentTitle')} data-testid="submit-error">
          <Text size="sm">{t('portal.filing.notSent')}</Text>
        </Alert>
      )}
      {submit.isError && !networkProblem && !isApiError(submit.error, 'VALIDATION_FAILED') && (
        <ErrorAlert error={submit.error} testId="submit-error" />
      )}
      {submit.isError && isApiError(submit.error, 'VALIDATION_FAILED') && Object.keys(form.errors).length === 0 && (
        <ErrorAlert error={submit.error} testId="submit-error" />
      )}

      <Text size="sm" c="dimmed">
        {t('portal.filing.pledge')}
      </Text>
      <Group justify="space-between" gap="sm" className="portal-actions">
        <Button variant="default" size="lg" onClick={backToEdit} disabled={submit.isPending} data-testid="review-edit">
          {t('portal.filing.edit')}
        </Button>
        <Button size="lg" onClick={() => submit.mutate()} loading={submit.isPending} data-testid="submit-dossier">
          {networkProblem ? t('portal.filing.submitAgain') : t('portal.filing.submit')}
        </Button>
      </Group>
      {submit.isPending &&
        (submit.isPaused ? (
          <Alert color="orange" role="status" data-testid="submit-paused">
            {t('portal.filing.paused')}
          </Alert>
        ) : (
          <Text size="sm" c="dimmed" role="status" data-testid="submit-pending">
            {t('portal.filing.submitting')}
          </Text>
        ))}
    </>
  );
}
