import { Alert, Anchor, Button, Group, Loader, Select, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError, networkErrorCode, newIdempotencyKey, retriesExhaustedCode } from '../app/api';
import { ErrorAlert, useErrorText } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useMe } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { type DossierDetail, dossiersKeys, maxFileBytes, type StoredFile } from '../dossiers/api';
import { type UploadSlots, uploadedIn } from '../dossiers/uploads';
import type { Me } from '../identity/api';
import { type ProcedureDetail, portalApi, portalKeys, procedureCodePattern } from './api';
import { dossierApi, dossierKeys, type FilingInput, type ReceivingAgency } from './dossier-api';
import { formatBytes, groupDocuments, problemsByPath } from './dossier-labels';
import { FileSlot, useUploads } from './file-upload';
import { DocumentBadges, displayName, ProcedureNotFound, Section } from './labels';
import './portal.css';

/** What /auth/me may carry about the citizen's contact (prefilled when present). */
type MeWithContact = Me & { phone?: string | null; email?: string | null; address?: string | null };

interface Contact {
  phone: string;
  address: string;
  email: string;
}

/** The form kept in the tab (sessionStorage): a reload or a lost connection does not lose the work. */
interface Draft {
  owner: string;
  savedAt: number;
  idempotencyKey: string;
  agency: ReceivingAgency | null;
  contact: Contact;
  files: Record<string, StoredFile[]>;
}

const draftLifetimeMs = 24 * 60 * 60 * 1000;
const draftKey = (code: string) => `congso.filing.${code}`;

function loadDraft(code: string, owner: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(draftKey(code));
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft;
    if (draft.owner !== owner || Date.now() - draft.savedAt > draftLifetimeMs || !draft.idempotencyKey) {
      sessionStorage.removeItem(draftKey(code));
      return null;
    }
    return draft;
  } catch {
    return null;
  }
}

function saveDraft(code: string, draft: Draft): void {
  try {
    sessionStorage.setItem(draftKey(code), JSON.stringify(draft));
  } catch {
    // Private mode or full storage: the form lives in memory only.
  }
}

function dropDraft(code: string): void {
  try {
    sessionStorage.removeItem(draftKey(code));
  } catch {
    // Nothing kept.
  }
}

const slotOf = (index: number) => `doc-${index}`;
const phonePattern = /^\+?[0-9 .-]{8,20}$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Where each field's error is shown and what gets the focus. */
const fieldIds = {
  receivingAgencyId: 'filing-agency',
  'applicant.phone': 'filing-phone',
  'applicant.address': 'filing-address',
  'applicant.email': 'filing-email',
} as const;

function fieldIdOf(path: string): string {
  return path.startsWith('documents.')
    ? `filing-doc-${path.split('.')[1]}-button`
    : (fieldIds[path as keyof typeof fieldIds] ?? '');
}

function focusField(path: string): void {
  const element = document.getElementById(fieldIdOf(path));
  if (element) {
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
  }
}

/** A published document name cut to a readable length for the list of problems. */
function shorten(name: string, max = 70): string {
  if (name.length <= max) return name;
  const cut = name.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 15)).replace(/[\s,;:.]+$/, '')}…`;
}

function ReceivingAgencyPicker({
  code,
  value,
  onChange,
  error,
}: {
  code: string;
  value: ReceivingAgency | null;
  onChange: (agency: ReceivingAgency | null) => void;
  error?: string | null;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value?.name ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // The chosen agency's name in the box is not a search: list them all again.
  const q = value && debounced === value.name ? '' : debounced;
  const results = useQuery({
    queryKey: dossierKeys.agencies(code, q),
    queryFn: () => dossierApi.receivingAgencies(code, q),
    placeholderData: keepPreviousData,
    staleTime: 10 * 60_000,
  });

  // A procedure received by a single agency needs no choice.
  const only = q === '' && results.data?.total === 1 ? results.data.items[0] : undefined;
  useEffect(() => {
    if (only && !value) {
      onChange(only);
      setSearch(only.name);
    }
  }, [only, value, onChange]);

  const options = useMemo(() => {
    const map = new Map<string, ReceivingAgency>();
    if (value) map.set(value.id, value);
    for (const item of results.data?.items ?? []) map.set(item.id, item);
    return map;
  }, [value, results.data]);

  if (results.isError && !results.data) {
    return <ErrorAlert error={results.error} onRetry={() => results.refetch()} testId="agency-error" />;
  }
  return (
    <Select
      id="filing-agency"
      label={t('portal.filing.agencyLabel')}
      description={t('portal.filing.agencyHint')}
      placeholder={t('portal.filing.agencyPlaceholder')}
      searchable
      withAsterisk
      size="md"
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => onChange(id ? (options.get(id) ?? null) : null)}
      data={[...options.values()].map((agency) => ({ value: agency.id, label: agency.name }))}
      filter={({ options: all }) => all}
      nothingFoundMessage={results.isFetching ? t('app.common.loading') : t('portal.filing.agencyNothing')}
      rightSection={results.isFetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
      error={error}
      maxDropdownHeight={280}
      comboboxProps={{ withinPortal: true }}
      classNames={{ input: 'portal-search-input' }}
      data-testid="agency-picker"
    />
  );
}

interface FilingFormProps {
  detail: ProcedureDetail;
  me: MeWithContact;
}

function FilingForm({ detail, me }: FilingFormProps) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { procedure } = detail;
  const code = procedure.code;
  const documents = procedure.requiredDocuments;

  const [draft] = useState(() => loadDraft(code, me.id));
  // One key per form, kept with the draft: every retry of this filing is the same filing for the server.
  const [idempotencyKey] = useState(() => draft?.idempotencyKey ?? newIdempotencyKey());
  const uploads = useUploads(draft?.files);
  const [agency, setAgency] = useState<ReceivingAgency | null>(draft?.agency ?? null);
  const [contact, setContact] = useState<Contact>(
    () => draft?.contact ?? { phone: me.phone ?? '', address: me.address ?? '', email: me.email ?? '' },
  );
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [clientErrors, setClientErrors] = useState<Map<string, string>>(new Map());
  const [serverErrors, setServerErrors] = useState<Map<string, string>>(new Map());
  const [waitUploads, setWaitUploads] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const topRef = useRef<HTMLHeadingElement>(null);

  // Keep the form in the tab after every change.
  useEffect(() => {
    const files: Record<string, StoredFile[]> = {};
    for (const [slot, items] of Object.entries(uploads.slots)) files[slot] = uploadedIn(items);
    saveDraft(code, { owner: me.id, savedAt: Date.now(), idempotencyKey, agency, contact, files });
  }, [code, me.id, idempotencyKey, agency, contact, uploads.slots]);

  const fieldError = (path: string): string | null => clientErrors.get(path) ?? serverErrors.get(path) ?? null;
  const clearError = (path: string) => {
    if (clientErrors.has(path) || serverErrors.has(path)) {
      setClientErrors((current) => {
        const next = new Map(current);
        next.delete(path);
        return next;
      });
      setServerErrors((current) => {
        const next = new Map(current);
        next.delete(path);
        return next;
      });
    }
  };

  const validate = (slots: UploadSlots): Map<string, string> => {
    const errors = new Map<string, string>();
    if (!agency) errors.set('receivingAgencyId', t('portal.filing.errors.agency'));
    const phone = contact.phone.trim();
    if (!phone) errors.set('applicant.phone', t('portal.filing.errors.phoneRequired'));
    else if (!phonePattern.test(phone) || phone.replace(/\D/g, '').length < 9)
      errors.set('applicant.phone', t('portal.filing.errors.phone'));
    if (!contact.address.trim()) errors.set('applicant.address', t('portal.filing.errors.address'));
    else if (contact.address.trim().length > 300)
      errors.set('applicant.address', t('portal.filing.errors.addressLong'));
    const email = contact.email.trim();
    if (email && (!emailPattern.test(email) || email.length > 200))
      errors.set('applicant.email', t('portal.filing.errors.email'));
    documents.forEach((document, index) => {
      if (document.mandatory && uploadedIn(slots[slotOf(index)]).length === 0)
        errors.set(`documents.${index}`, t('portal.filing.errors.document'));
    });
    return errors;
  };

  const serverMessage = (path: string, problem: { code: string; message: { vi: string; en: string } | null }) => {
    if (problem.message) return pick(problem.message);
    if (path.startsWith('documents.'))
      return problem.code === 'required'
        ? t('portal.filing.errors.document')
        : t('portal.filing.errors.documentChanged');
    if (path === 'receivingAgencyId') return t('portal.filing.errors.agency');
    if (path === 'applicant.phone') return t('portal.filing.errors.phone');
    if (path === 'applicant.address') return t('portal.filing.errors.address');
    if (path === 'applicant.email') return t('portal.filing.errors.email');
    return t('portal.filing.errors.generic');
  };

  const input = (): FilingInput => ({
    procedureCode: code,
    receivingAgencyId: agency?.id ?? '',
    applicant: {
      phone: contact.phone.trim(),
      address: contact.address.trim(),
      ...(contact.email.trim() ? { email: contact.email.trim() } : {}),
    },
    documents: documents.flatMap((document, index) => {
      const fileIds = uploadedIn(uploads.slots[slotOf(index)]).map((file) => file.id);
      return fileIds.length > 0 ? [{ index, name: document.name, fileIds }] : [];
    }),
  });

  const submit = useMutation({
    mutationFn: () => dossierApi.file(input(), idempotencyKey),
    onSuccess: (dossier: DossierDetail) => {
      dropDraft(code);
      queryClient.setQueryData(dossiersKeys.detail(dossier.id), dossier);
      void queryClient.invalidateQueries({ queryKey: [...dossiersKeys.all, 'list'] });
      navigate(`/ho-so-cua-toi/${dossier.id}`, { replace: true, state: { filed: true } });
    },
    onError: (error) => {
      if (isApiError(error, 'VALIDATION_FAILED')) {
        const problems = problemsByPath(error);
        const mapped = new Map<string, string>();
        for (const [path, problem] of problems) {
          const known = path in fieldIds || /^documents\.\d+$/.test(path);
          if (known) mapped.set(path, serverMessage(path, problem));
        }
        if (mapped.size > 0) {
          setServerErrors(mapped);
          setStep('edit');
          const first = [...mapped.keys()][0] ?? '';
          window.setTimeout(() => focusField(first), 50);
        }
      }
    },
  });

  const goReview = () => {
    setServerErrors(new Map());
    submit.reset();
    const errors = validate(uploads.slots);
    setClientErrors(errors);
    if (uploads.busy) {
      setWaitUploads(true);
      summaryRef.current?.focus();
      return;
    }
    setWaitUploads(false);
    if (errors.size > 0) {
      window.setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    setStep('review');
    window.setTimeout(() => {
      window.scrollTo(0, 0);
      topRef.current?.focus();
    }, 0);
  };

  const backToEdit = () => {
    setStep('edit');
    window.setTimeout(() => {
      window.scrollTo(0, 0);
      topRef.current?.focus();
    }, 0);
  };

  const allErrors = new Map([...serverErrors, ...clientErrors]);
  /** "<document>: <problem>" in the list of problems, unless the server's message names it already. */
  const withDocumentName = (path: string, message: string): string => {
    if (!path.startsWith('documents.')) return message;
    const name = documents[Number(path.split('.')[1])]?.name ?? '';
    return message.includes(name.slice(0, 20)) ? shorten(message, 110) : `${shorten(name)}: ${message}`;
  };
  const networkProblem =
    submit.isError &&
    isApiError(submit.error) &&
    ([retriesExhaustedCode, networkErrorCode].includes(submit.error.code) || submit.error.status >= 500);
  const fieldProblem = submit.isError && isApiError(submit.error, 'VALIDATION_FAILED') && serverErrors.size > 0;
  const groups = groupDocuments(documents);
  const singleGroup = groups.length === 1 && groups[0]?.[0] === '';
  const skipped = documents.filter((_, index) => uploadedIn(uploads.slots[slotOf(index)]).length === 0).length;

  return (
    <Stack gap="md" className="portal-page" maw={880} data-testid="filing-page" data-step={step}>
      <Anchor component={Link} to={`/thu-tuc/${code}`} size="sm" data-testid="filing-back">
        <span aria-hidden="true">← </span>
        {displayName(procedure.name)}
      </Anchor>
      <Stack gap={4} component="header">
        <Text size="sm" c="red.8" fw={600} data-testid="filing-step">
          {step === 'edit' ? t('portal.filing.stepEdit') : t('portal.filing.stepReview')}
        </Text>
        <Title order={1} size="h2" ref={topRef} tabIndex={-1} className="portal-focus-target">
          {step === 'edit' ? t('portal.filing.title') : t('portal.filing.reviewTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {displayName(procedure.name)} · {procedure.code}
        </Text>
      </Stack>

      {step === 'edit' && (
        <>
          <div ref={summaryRef} tabIndex={-1} className="portal-focus-target">
            {waitUploads && uploads.busy && (
              <Alert color="orange" role="alert" data-testid="filing-wait-uploads">
                {t('portal.filing.waitUploads')}
              </Alert>
            )}
            {(allErrors.size > 0 || (submit.isError && !networkProblem)) && (
              <Alert color="red" role="alert" title={t('portal.filing.errorsTitle')} data-testid="filing-errors">
                {fieldProblem || allErrors.size > 0 ? (
                  <ul className="portal-error-list">
                    {[...allErrors.entries()].map(([path, message]) => (
                      <li key={path}>
                        <Anchor
                          href={`#${fieldIdOf(path)}`}
                          size="sm"
                          c="red.9"
                          underline="always"
                          onClick={(event) => {
                            event.preventDefault();
                            focusField(path);
                          }}
                        >
                          {withDocumentName(path, message)}
                        </Anchor>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <Text size="sm">{errorText(submit.error)}</Text>
                )}
              </Alert>
            )}
          </div>

          <Section title={t('portal.filing.agencyTitle')} testId="filing-agency-section">
            <ReceivingAgencyPicker
              code={code}
              value={agency}
              onChange={(next) => {
                setAgency(next);
                if (next) clearError('receivingAgencyId');
              }}
              error={fieldError('receivingAgencyId')}
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
                        const error = fieldError(`documents.${index}`);
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
                                    clearError(`documents.${index}`);
                                  }}
                                  onRemove={(item) => uploads.remove(slot, item.key)}
                                  onRetry={(item) => uploads.retry(slot, item)}
                                  error={error}
                                  describedBy={`${nameId} filing-documents-intro`}
                                  withHint={false}
                                  testId={`file-input-${index}`}
                                />
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
              <TextInput
                id="filing-phone"
                label={t('portal.filing.phone')}
                description={t('portal.filing.phoneHint')}
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                withAsterisk
                size="md"
                value={contact.phone}
                onChange={(event) => {
                  const phone = event.currentTarget.value;
                  setContact((current) => ({ ...current, phone }));
                  clearError('applicant.phone');
                }}
                error={fieldError('applicant.phone')}
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
                value={contact.address}
                onChange={(event) => {
                  const address = event.currentTarget.value;
                  setContact((current) => ({ ...current, address }));
                  clearError('applicant.address');
                }}
                error={fieldError('applicant.address')}
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
                value={contact.email}
                onChange={(event) => {
                  const email = event.currentTarget.value;
                  setContact((current) => ({ ...current, email }));
                  clearError('applicant.email');
                }}
                error={fieldError('applicant.email')}
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
      )}

      {step === 'review' && (
        <>
          <Section title={t('portal.filing.agencyTitle')} testId="review-agency">
            <Text fw={600}>{agency?.name}</Text>
          </Section>
          <Section title={t('portal.filing.contactTitle')} testId="review-contact">
            <dl className="portal-meta">
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
                <dd data-testid="review-phone">{contact.phone.trim()}</dd>
              </div>
              <div>
                <dt>{t('portal.filing.address')}</dt>
                <dd>{contact.address.trim()}</dd>
              </div>
              <div>
                <dt>{t('portal.filing.emailShort')}</dt>
                <dd>{contact.email.trim() || t('app.common.none')}</dd>
              </div>
            </dl>
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
                      if (files.length === 0) return [];
                      return [
                        <li key={slotOf(index)} data-testid="review-document">
                          <Text size="sm" fw={600}>
                            {document.name}
                          </Text>
                          <ul className="portal-plain-list">
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
          {submit.isError && isApiError(submit.error, 'VALIDATION_FAILED') && serverErrors.size === 0 && (
            <ErrorAlert error={submit.error} testId="submit-error" />
          )}

          <Text size="sm" c="dimmed">
            {t('portal.filing.pledge')}
          </Text>
          <Group justify="space-between" gap="sm" className="portal-actions">
            <Button
              variant="default"
              size="lg"
              onClick={backToEdit}
              disabled={submit.isPending}
              data-testid="review-edit"
            >
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
