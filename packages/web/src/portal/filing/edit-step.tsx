import { Button, Group, NativeSelect, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../app/i18n';
import { digitisationApi, digitisationKeys, representationsApi } from '../../digitisation/api';
import { maxFileBytes } from '../../dossiers/api';
import type { ProcedureDetail } from '../api';
import { formatBytes, groupDocuments } from '../dossier-labels';
import { FileSlot } from '../file-upload';
import { DocumentBadges, Section } from '../labels';
import { slotOf } from './draft';
import { PopulationPrefill } from './population-prefill';
import { ReceivingAgencyPicker } from './receiving-agency-picker';
import type { FilingForm, MeWithContact } from './use-filing-form';

/** The e-form's first step: the receiving agency, a file per required document, the contact. */
export function EditStep({ filing, detail, me }: { filing: FilingForm; detail: ProcedureDetail; me: MeWithContact }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { form, uploads, goReview } = filing;
  const { procedure } = detail;
  const code = procedure.code;
  const documents = procedure.requiredDocuments;
  const groups = groupDocuments(documents);
  const singleGroup = groups.length === 1 && groups[0]?.[0] === '';
  // The organisations the citizen acts for now: the e-form files for one of them or for themselves.
  const links = useQuery({
    queryKey: digitisationKeys.representations,
    queryFn: representationsApi.mine,
    enabled: me.kind === 'citizen',
  });
  const organisations = (links.data?.items ?? []).filter((l) => l.status === 'active');
  // The data store of whoever the dossier is for: its valid items can be taken instead of an upload.
  const store = useQuery({
    queryKey: digitisationKeys.storeOf(filing.organisationId),
    queryFn: () => digitisationApi.store(filing.organisationId),
  });
  const storeItems = (store.data?.items ?? []).filter((item) => item.status === 'valid');
  return (
    <>
      {organisations.length > 0 && (
        <Section title={t('digitisation.filingFor.label')} testId="filing-for">
          <Radio.Group
            value={filing.organisationId ?? ''}
            onChange={(value) => filing.setOrganisation(value || null)}
            description={t('digitisation.filingFor.hint')}
            aria-label={t('digitisation.filingFor.label')}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="" label={t('digitisation.filingFor.self')} data-testid="filing-for-self" />
              {organisations.map((l) => (
                <Radio
                  key={l.id}
                  value={l.organisation.id}
                  label={t('digitisation.filingFor.organisation', {
                    name: l.organisation.name,
                    code: l.organisation.taxCode ?? '',
                  })}
                  data-testid="filing-for-organisation"
                />
              ))}
            </Stack>
          </Radio.Group>
        </Section>
      )}
      <Section title={t('portal.filing.agencyTitle')} testId="filing-agency-section">
        <ReceivingAgencyPicker
          code={code}
          value={form.values.agency}
          onChange={(next) => {
            form.setFieldValue('agency', next);
            if (next) form.clearFieldError('receivingAgencyId');
          }}
          error={(form.errors.receivingAgencyId as string | undefined) ?? null}
        />
      </Section>

      <Section
        title={`${t('portal.detail.documentsTitle')} (${t('portal.detail.documentsCount', { count: documents.length })})`}
        testId="filing-documents"
      >
        {documents.length === 0 ? (
          <Text c="dimmed">{t('portal.filing.noDocuments')}</Text>
        ) : (
          <Stack gap="lg">
            <Text size="sm" c="dimmed" id="filing-documents-intro">
              {t('portal.filing.documentsIntro', { max: formatBytes(maxFileBytes, language) })}
            </Text>
            {groups.map(([group, items]) => (
              <div key={group || '-'} data-testid="document-group">
                {!(singleGroup && group === '') && (
                  <Title order={3} size="h5" mb="xs">
                    {group || t('portal.detail.otherDocuments')}
                  </Title>
                )}
                <ol className="portal-documents portal-filing-documents">
                  {items.map(({ document, index }) => {
                    const slot = slotOf(index);
                    const nameId = `filing-doc-${index}-name`;
                    const error = (form.errors[`documents.${index}`] as string | undefined) ?? null;
                    return (
                      <li
                        key={slot}
                        data-testid="filing-document"
                        data-index={index}
                        data-mandatory={document.mandatory}
                        data-invalid={error ? 'true' : undefined}
                      >
                        <fieldset className="portal-fieldset" aria-labelledby={nameId}>
                          <Stack gap={6}>
                            <Text size="sm" fw={document.mandatory ? 600 : 400} id={nameId}>
                              {document.name}
                              {document.mandatory && (
                                <Text span c="red.8" aria-hidden="true">
                                  {' *'}
                                </Text>
                              )}
                            </Text>
                            <DocumentBadges document={document} mandatoryTestId="document-mandatory" />
                            {document.hasForm && (
                              <Text size="sm" c="blue.8">
                                {document.formName
                                  ? t('portal.detail.form', { name: document.formName })
                                  : t('portal.detail.formUnnamed')}
                              </Text>
                            )}
                            {document.note && (
                              <Text size="xs" c="dimmed">
                                {document.note}
                              </Text>
                            )}
                            <FileSlot
                              id={`filing-doc-${index}`}
                              items={uploads.slots[slot] ?? []}
                              onAdd={(files) => {
                                uploads.add(slot, files);
                                form.clearFieldError(`documents.${index}`);
                              }}
                              onRemove={(item) => uploads.remove(slot, item.key)}
                              onRetry={(item) => uploads.retry(slot, item)}
                              error={error}
                              describedBy={`${nameId} filing-documents-intro`}
                              withHint={false}
                              testId={`file-input-${index}`}
                            />
                            {storeItems.length > 0 && (
                              <NativeSelect
                                label={t('digitisation.reuse.label')}
                                aria-describedby={nameId}
                                value={filing.reuse[index] ?? ''}
                                onChange={(event) => filing.setReuse(index, event.currentTarget.value)}
                                data={[
                                  { value: '', label: t('digitisation.reuse.none') },
                                  ...storeItems.map((item) => ({
                                    value: item.id,
                                    label: `${item.name} (${item.sourceDossier.code})`,
                                  })),
                                ]}
                                data-testid={`reuse-select-${index}`}
                              />
                            )}
                          </Stack>
                        </fieldset>
                      </li>
                    );
                  })}
                </ol>
              </div>
            ))}
          </Stack>
        )}
      </Section>

      <Section title={t('portal.filing.contactTitle')} testId="filing-contact">
        <Stack gap="sm">
          <dl className="portal-facts">
            <div>
              <dt>{t('portal.filing.applicant')}</dt>
              <dd data-testid="filing-applicant-name">{me.fullName}</dd>
            </div>
            <div>
              <dt>{t('portal.filing.nationalId')}</dt>
              <dd>{me.username}</dd>
            </div>
          </dl>
          {me.kind === 'citizen' && <PopulationPrefill filing={filing} nationalId={me.username} />}
          <TextInput
            id="filing-phone"
            label={t('portal.filing.phone')}
            description={t('portal.filing.phoneHint')}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            withAsterisk
            size="md"
            {...form.getInputProps('applicant.phone')}
            classNames={{ input: 'portal-search-input' }}
            data-testid="filing-phone"
          />
          <TextInput
            id="filing-address"
            label={t('portal.filing.address')}
            autoComplete="street-address"
            withAsterisk
            size="md"
            maxLength={300}
            {...form.getInputProps('applicant.address')}
            classNames={{ input: 'portal-search-input' }}
            data-testid="filing-address"
          />
          <TextInput
            id="filing-email"
            label={t('portal.filing.email')}
            description={t('portal.filing.emailHint')}
            type="email"
            inputMode="email"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
            size="md"
            {...form.getInputProps('applicant.email')}
            classNames={{ input: 'portal-search-input' }}
            data-testid="filing-email"
          />
        </Stack>
      </Section>

      <Group justify="flex-end">
        <Button size="lg" onClick={goReview} fullWidth maw={{ sm: 360 }} data-testid="filing-continue">
          {t('portal.filing.continue')}
        </Button>
      </Group>
    </>
  );
}
