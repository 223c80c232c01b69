import { applicantInputSchema, type CitizenRecord, type FieldIssue } from '@congso/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { isApiError, newIdempotencyKey } from '../../app/api';
import { apiFieldIssues, formErrors, zodIssues } from '../../app/form-errors';
import { useLanguage } from '../../app/i18n';
import { type DossierDetail, dossiersKeys, type StoredFile } from '../../dossiers/api';
import { uploadedIn } from '../../dossiers/uploads';
import type { Me } from '../../identity/api';
import type { ProcedureDetail } from '../api';
import { dossierApi, type FilingInput, type ReceivingAgency } from '../dossier-api';
import { useUploads } from '../file-upload';
import { reportFiling } from '../search-session';
import { type Contact, dropDraft, loadDraft, saveDraft, slotOf } from './draft';
import { focusField, isFilingField } from './error-summary';

/** What /auth/me may carry about the citizen's contact (prefilled when present). */
export type MeWithContact = Me & { phone?: string | null; email?: string | null; address?: string | null };

export interface FilingValues {
  agency: ReceivingAgency | null;
  applicant: Contact;
}

/** The e-form's fields as the server checks them (core's rules of a phone, an address, an e-mail). */
const filingSchema = z.object({
  receivingAgencyId: z.string().min(1, { error: 'required' }),
  applicant: applicantInputSchema.pick({ phone: true, address: true, email: true }),
});

/**
 * The online filing's state: its values in @mantine/form, checked by core's rules (and the procedure's
 * mandatory documents), kept in the tab as a draft with the form's Idempotency-Key, sent (again on a
 * network error, 502 or 503, with the same key: the api client), the server's field problems put back on
 * the fields.
 */
export function useFilingForm(detail: ProcedureDetail, me: MeWithContact) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { procedure } = detail;
  const code = procedure.code;
  const documents = procedure.requiredDocuments;

  const [draft] = useState(() => loadDraft(code, me.id));
  // One key per form, kept with the draft: every retry of this filing is the same filing for the server.
  const [idempotencyKey] = useState(() => draft?.idempotencyKey ?? newIdempotencyKey());
  const uploads = useUploads(draft?.files);
  /** Per document (its index), the item of the data store taken instead of an upload. */
  const [reuse, setReuse] = useState<Record<number, string>>({});
  /** The organisation filed for (one the citizen acts for), null for themselves: whose data store is reused. */
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  /** The national population database's answer the applicant's details were filled in from (consent given). */
  const [population, setPopulation] = useState<{ lookupId: string; consentAt: string; citizen: CitizenRecord } | null>(
    null,
  );
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [waitUploads, setWaitUploads] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const topRef = useRef<HTMLHeadingElement>(null);

  const input = (values: FilingValues): FilingInput => ({
    procedureCode: code,
    receivingAgencyId: values.agency?.id ?? '',
    applicant: {
      phone: values.applicant.phone.trim(),
      address: values.applicant.address.trim(),
      ...(values.applicant.email.trim() ? { email: values.applicant.email.trim() } : {}),
    },
    documents: documents.flatMap((document, index) => {
      const fileIds = uploadedIn(uploads.slots[slotOf(index)]).map((file) => file.id);
      const storeItemIds = reuse[index] ? [reuse[index]] : [];
      if (fileIds.length === 0 && storeItemIds.length === 0) return [];
      return [{ index, name: document.name, fileIds, ...(storeItemIds.length > 0 ? { storeItemIds } : {}) }];
    }),
    ...(population ? { populationLookupId: population.lookupId } : {}),
    ...(organisationId ? { organisationId } : {}),
  });

  /** The page's words for a problem of a field it shows; the server's own for a document's file. */
  const word = (issue: FieldIssue): string => {
    const { path, code: problem } = issue;
    if (path.startsWith('documents.')) {
      if (issue.message.vi && issue.message.en && problem !== 'required') return pick(issue.message);
      return problem === 'required' ? t('portal.filing.errors.document') : t('portal.filing.errors.documentChanged');
    }
    if (path === 'receivingAgencyId') return t('portal.filing.errors.agency');
    if (path === 'applicant.phone') return t('portal.filing.errors.phone');
    if (path === 'applicant.address')
      return problem === 'too_long' || problem === 'too_big'
        ? t('portal.filing.errors.addressLong')
        : t('portal.filing.errors.address');
    if (path === 'applicant.email') return t('portal.filing.errors.email');
    return pick(issue.message) || t('portal.filing.errors.generic');
  };

  const form = useForm<FilingValues>({
    initialValues: {
      agency: draft?.agency ?? null,
      applicant: draft?.contact ?? { phone: me.phone ?? '', address: me.address ?? '', email: me.email ?? '' },
    },
    validate: (values) => {
      const errors = formErrors(zodIssues(filingSchema, input(values)), word);
      if (!values.applicant.phone.trim()) errors['applicant.phone'] = t('portal.filing.errors.phoneRequired');
      documents.forEach((document, index) => {
        if (document.mandatory && uploadedIn(uploads.slots[slotOf(index)]).length === 0 && !reuse[index])
          errors[`documents.${index}`] = t('portal.filing.errors.document');
      });
      return errors;
    },
  });

  // Keep the form in the tab after every change.
  useEffect(() => {
    const files: Record<string, StoredFile[]> = {};
    for (const [slot, items] of Object.entries(uploads.slots)) files[slot] = uploadedIn(items);
    const { agency, applicant: contact } = form.values;
    saveDraft(code, { owner: me.id, savedAt: Date.now(), idempotencyKey, agency, contact, files });
  }, [code, me.id, idempotencyKey, form.values, uploads.slots]);

  const toTop = () =>
    window.setTimeout(() => {
      window.scrollTo(0, 0);
      topRef.current?.focus();
    }, 0);

  const submit = useMutation({
    mutationFn: () => dossierApi.file(input(form.values), idempotencyKey),
    onSuccess: (dossier: DossierDetail) => {
      dropDraft(code);
      reportFiling(code, dossier.id);
      queryClient.setQueryData(dossiersKeys.detail(dossier.id), dossier);
      void queryClient.invalidateQueries({ queryKey: [...dossiersKeys.all, 'list'] });
      navigate(`/ho-so-cua-toi/${dossier.id}`, { replace: true, state: { filed: true } });
    },
    onError: (error) => {
      if (!isApiError(error, 'VALIDATION_FAILED')) return;
      const errors = formErrors(apiFieldIssues(error), word, (path) => (isFilingField(path) ? path : null));
      const first = Object.keys(errors)[0];
      if (first) {
        form.setErrors(errors);
        setStep('edit');
        window.setTimeout(() => focusField(first), 50);
      }
    },
  });

  const goReview = () => {
    submit.reset();
    const { hasErrors } = form.validate();
    if (uploads.busy) {
      setWaitUploads(true);
      summaryRef.current?.focus();
      return;
    }
    setWaitUploads(false);
    if (hasErrors) {
      window.setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    setStep('review');
    toTop();
  };

  const backToEdit = () => {
    setStep('edit');
    toTop();
  };

  return {
    form,
    uploads,
    reuse,
    organisationId,
    /** Files for an organisation (or for oneself: null); the items taken from the other store are dropped. */
    setOrganisation: (next: string | null) => {
      setOrganisationId(next);
      setReuse({});
    },
    population,
    /** Fills the address in from the population database's answer and keeps the lookup for the filing. */
    takePopulation: (found: { lookupId: string; consentAt: string; citizen: CitizenRecord }) => {
      setPopulation(found);
      form.setFieldValue('applicant.address', found.citizen.currentAddress || found.citizen.permanentAddress);
      form.clearFieldError('applicant.address');
    },
    setReuse: (index: number, itemId: string) => {
      setReuse((current) => {
        const next = { ...current };
        if (itemId) next[index] = itemId;
        else delete next[index];
        return next;
      });
      form.clearFieldError(`documents.${index}`);
    },
    step,
    waitUploads: waitUploads && uploads.busy,
    submit,
    goReview,
    backToEdit,
    summaryRef,
    topRef,
  };
}

export type FilingForm = ReturnType<typeof useFilingForm>;
