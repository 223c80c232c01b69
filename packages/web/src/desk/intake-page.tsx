import { applicantInputSchema, receivedDocumentsSchema } from '@congso/core';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useHotkeys } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { newIdempotencyKey } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { apiFieldIssues, formErrors, zodIssues } from '../app/form-errors';
import { useLanguage } from '../app/i18n';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { dossiersKeys } from '../dossiers/api';
import { type ProcedureSummary, portalApi, portalKeys } from '../portal/api';
import { useCatalogLabels } from '../portal/labels';
import { deskApi, deskKeys, type IntakeInput } from './api';
import { DeskGuard } from './guard';
import { useDeskT } from './i18n';
import { IntakeDocuments, type ReceivedDocumentValues, receivedDefaults } from './intake-documents';
import { ProcedurePicker } from './procedure-picker';
import { isOneStopClerk } from './roles';
import { useUploads } from './uploads';
import './desk.css';

/** The counter's body as the server checks it (core's applicant and received-document rules). */
const intakeSchema = z.object({
  procedureCode: z.string().min(1, { error: 'required' }),
  applicant: applicantInputSchema,
  documents: receivedDocumentsSchema,
});

interface IntakeValues {
  applicant: { fullName: string; nationalId: string; phone: string; email: string; address: string };
  channel: 'counter' | 'postal';
  /** Per required document of the procedure (its index). */
  documents: ReceivedDocumentValues[];
}

const emptyValues = (): IntakeValues => ({
  applicant: { fullName: '', nationalId: '', phone: '', email: '', address: '' },
  channel: 'counter',
  documents: [],
});

function Intake() {
  const t = useDeskT();
  const { t: tt } = useTranslation();
  const { pick } = useLanguage();
  const { me } = useSession();
  const labels = useCatalogLabels();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const fullNameRef = useRef<HTMLInputElement>(null);
  useDocumentTitle(t('intake.title'));

  const [procedure, setProcedure] = useState<ProcedureSummary | null>(null);
  // One Idempotency-Key per intake form: a retry, or a second press, files the same dossier once; a new
  // one when the form is cleared for the next citizen.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [attempt, setAttempt] = useState(0);
  const uploads = useUploads();

  // After a refused save, take the clerk to the first field to fix (once the errors are rendered).
  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const detail = useQuery({
    queryKey: portalKeys.procedure(procedure?.code ?? ''),
    queryFn: () => portalApi.procedure(procedure?.code ?? ''),
    enabled: !!procedure,
    staleTime: 5 * 60_000,
  });
  const documents = procedure ? (detail.data?.procedure.requiredDocuments ?? null) : null;

  /** The body; `order[i]` is the procedure's index of the body's i-th document. */
  const input = (values: IntakeValues): { body: IntakeInput; order: number[] } => {
    const order: number[] = [];
    const received = (documents ?? []).flatMap((document, index) => {
      const value = values.documents[index];
      const fileIds = uploads.idsOf(String(index));
      if (!value || (!value.received && fileIds.length === 0)) return [];
      order.push(index);
      return [{ index, name: document.name, fileIds, form: value.form, copies: value.copies as number }];
    });
    const { email, ...applicant } = values.applicant;
    return {
      body: {
        procedureCode: procedure?.code ?? '',
        channel: values.channel,
        applicant: { ...applicant, ...(email.trim() ? { email: email.trim() } : {}) },
        documents: received,
      },
      order,
    };
  };

  /** A body path as the form's: the i-th received document is the procedure's document order[i]. */
  const formPath = (order: number[]) => (path: string) => {
    const match = /^documents\.(\d+)(\..*)?$/.exec(path);
    if (!match) return path === 'procedureCode' || path.startsWith('applicant.') ? path : null;
    const index = order[Number(match[1])];
    return index === undefined ? null : `documents.${index}${match[2] ?? ''}`;
  };

  const form = useForm<IntakeValues>({
    initialValues: emptyValues(),
    validate: (values) => {
      const { body, order } = input(values);
      return formErrors(zodIssues(intakeSchema, body), (issue) => pick(issue.message), formPath(order));
    },
  });

  // A procedure's documents, with what the clerk usually receives of each.
  // biome-ignore lint/correctness/useExhaustiveDependencies: when another procedure's documents arrive
  useEffect(() => {
    form.setFieldValue('documents', receivedDefaults(documents ?? []));
  }, [documents]);

  const intake = useMutation({
    mutationFn: ({ body }: { body: IntakeInput; order: number[] }) => deskApi.intake(body, idempotencyKey),
    onSuccess: (dossier) => {
      queryClient.setQueryData(dossiersKeys.detail(dossier.id), dossier);
      void queryClient.invalidateQueries({ queryKey: ['dossiers', 'queue'] });
      void queryClient.invalidateQueries({ queryKey: deskKeys.counts });
      navigate(`/mot-cua/ho-so/${dossier.id}`, { state: { notice: 'received' } });
    },
    onError: (error, { order }) => {
      const errors = formErrors(apiFieldIssues(error), (issue) => pick(issue.message), formPath(order));
      if (Object.keys(errors).length > 0) {
        form.setErrors(errors);
        setAttempt((count) => count + 1);
      }
    },
  });

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const { hasErrors } = form.validate();
    if (hasErrors || !procedure || uploads.pending || intake.isPending) {
      setAttempt((count) => count + 1);
      return;
    }
    intake.mutate(input(form.values));
  };

  /** The next citizen: an empty form and a new Idempotency-Key. */
  const reset = () => {
    form.setValues({ ...emptyValues(), documents: receivedDefaults(documents ?? []) });
    form.clearErrors();
    uploads.reset();
    intake.reset();
    setIdempotencyKey(newIdempotencyKey());
    fullNameRef.current?.focus();
  };

  const invalid = Object.values(form.errors).some(Boolean);
  const noneReceived = !!documents && documents.length > 0 && !form.values.documents.some((value) => value.received);
  const channel = form.values.channel;

  // Ctrl+Enter saves from anywhere in the form, inputs included.
  useHotkeys([['mod+Enter', () => submit()]], []);

  /** Enter in a text field moves on to the next field (as counter software does) instead of submitting. */
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    const target = event.target as HTMLElement;
    if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (!(target instanceof HTMLInputElement) || !target.dataset.enterNext) return;
    event.preventDefault();
    const fields = [...(formRef.current?.querySelectorAll<HTMLElement>('[data-enter-next], [data-enter-stop]') ?? [])];
    fields[fields.indexOf(target) + 1]?.focus();
  };

  const deadline = detail.data?.procedure.deadlines[channel] ?? detail.data?.procedure.deadlines.counter;
  const fee = detail.data?.procedure.fees[channel] ?? detail.data?.procedure.fees.counter;

  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to="/mot-cua" size="sm">
          <span aria-hidden="true">← </span>
          {t('intake.back')}
        </Anchor>
        <Title order={1} size="h2" mt={4}>
          {t('intake.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('intake.intro')}
          {me?.agency ? ` · ${me.agency.name}` : ''}
        </Text>
      </div>

      <form ref={formRef} onSubmit={submit} onKeyDown={onKeyDown} noValidate data-testid="intake-form">
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="md">
              <Card withBorder radius="md" padding="md" component="fieldset" className="desk-fieldset">
                <Title order={2} size="h4" mb="xs" component="legend">
                  {t('intake.procedureSection')}
                </Title>
                <Stack gap="xs">
                  <ProcedurePicker
                    value={procedure}
                    autoFocus
                    onChange={(next) => {
                      setProcedure(next);
                      uploads.reset();
                      form.clearFieldError('procedureCode');
                      if (next) window.setTimeout(() => fullNameRef.current?.focus(), 0);
                    }}
                    error={form.errors.procedureCode ? t('intake.procedureRequired') : null}
                  />
                  {procedure && detail.data && (
                    <Group gap="lg" wrap="wrap">
                      <Text size="sm">
                        <Text span c="dimmed" size="sm">
                          {t('intake.deadline')}:{' '}
                        </Text>
                        <Text span fw={600} size="sm" data-testid="intake-deadline">
                          {labels.deadline(deadline)}
                        </Text>
                      </Text>
                      <Text size="sm">
                        <Text span c="dimmed" size="sm">
                          {t('intake.fee')}:{' '}
                        </Text>
                        <Text span fw={600} size="sm">
                          {labels.fee(fee)}
                        </Text>
                      </Text>
                    </Group>
                  )}
                </Stack>
              </Card>

              <Card withBorder radius="md" padding="md" component="fieldset" className="desk-fieldset">
                <Title order={2} size="h4" mb="xs" component="legend">
                  {t('intake.applicantSection')}
                </Title>
                <Grid gap="sm">
                  <Grid.Col span={{ base: 12, sm: 7 }}>
                    <TextInput
                      ref={fullNameRef}
                      label={t('intake.fullName')}
                      required
                      autoComplete="off"
                      {...form.getInputProps('applicant.fullName')}
                      data-enter-next="1"
                      data-testid="intake-full-name"
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 5 }}>
                    <TextInput
                      label={`${t('intake.nationalId')} (${t('intake.nationalIdHint')})`}
                      required
                      inputMode="numeric"
                      autoComplete="off"
                      {...form.getInputProps('applicant.nationalId')}
                      onChange={(event) =>
                        form.setFieldValue(
                          'applicant.nationalId',
                          event.currentTarget.value.replace(/\D/g, '').slice(0, 12),
                        )
                      }
                      data-enter-next="1"
                      data-testid="intake-national-id"
                      classNames={{ input: 'congso-code' }}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 5 }}>
                    <TextInput
                      label={t('intake.phone')}
                      required
                      type="tel"
                      inputMode="tel"
                      autoComplete="off"
                      {...form.getInputProps('applicant.phone')}
                      data-enter-next="1"
                      data-testid="intake-phone"
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 7 }}>
                    <TextInput
                      label={`${t('intake.email')} (${t('intake.optional')})`}
                      type="email"
                      autoComplete="off"
                      {...form.getInputProps('applicant.email')}
                      data-enter-next="1"
                      data-testid="intake-email"
                    />
                  </Grid.Col>
                  <Grid.Col span={12}>
                    <TextInput
                      label={t('intake.address')}
                      required
                      autoComplete="off"
                      {...form.getInputProps('applicant.address')}
                      data-enter-next="1"
                      data-testid="intake-address"
                    />
                  </Grid.Col>
                  <Grid.Col span={12}>
                    <Text size="sm" fw={500} mb={4} id="intake-channel-label">
                      {t('intake.channel')}
                    </Text>
                    <SegmentedControl
                      aria-labelledby="intake-channel-label"
                      value={channel}
                      onChange={(value) => form.setFieldValue('channel', value === 'postal' ? 'postal' : 'counter')}
                      data={[
                        { value: 'counter', label: t('intake.channelCounter') },
                        { value: 'postal', label: t('intake.channelPostal') },
                      ]}
                      data-enter-stop="1"
                      data-testid="intake-channel"
                    />
                  </Grid.Col>
                </Grid>
              </Card>
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, md: 5 }}>
            <Card withBorder radius="md" padding="md" component="section" aria-labelledby="intake-documents-title">
              <Title order={2} size="h4" id="intake-documents-title">
                {t('intake.documentsSection')}
              </Title>
              <Text size="xs" c="dimmed" mb="xs">
                {t('intake.documentsIntro')}
              </Text>
              {detail.isError ? (
                <ErrorAlert error={detail.error} onRetry={() => detail.refetch()} />
              ) : (
                <IntakeDocuments
                  documents={documents}
                  form={form}
                  uploads={uploads}
                  loading={!!procedure && detail.isPending}
                />
              )}
            </Card>
          </Grid.Col>
        </Grid>

        <Stack gap="xs" mt="md" className="desk-submit-bar">
          {intake.isError && !invalid && (
            <ErrorAlert error={intake.error} title={t('intake.failed')} testId="intake-error" />
          )}
          {noneReceived && (
            <Alert color="yellow" variant="light" role="status" data-testid="intake-none-received">
              {t('intake.noneReceived')}
            </Alert>
          )}
          {invalid && (
            <Alert color="orange" variant="light" role="alert">
              {t('intake.fixErrors')}
            </Alert>
          )}
          {attempt > 0 && uploads.pending && (
            <Alert color="blue" variant="light" role="status">
              {t('intake.uploadsPending')}
            </Alert>
          )}
          <Group gap="sm">
            <Button type="submit" loading={intake.isPending} data-testid="intake-submit" data-enter-stop="1">
              {intake.isPending ? t('intake.submitting') : t('intake.submit')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('intake.submitHint')}
            </Text>
            <Button variant="subtle" color="gray" onClick={reset} data-testid="intake-reset">
              {t('intake.reset')}
            </Button>
            <Button component={Link} to="/mot-cua" variant="subtle" color="gray">
              {tt('app.common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** /mot-cua/tiep-nhan: a one-stop clerk receives a dossier at the counter (or by post). */
export default function IntakePage() {
  return (
    <DeskGuard>
      <ClerkOnly />
    </DeskGuard>
  );
}

function ClerkOnly() {
  const t = useDeskT();
  const { me } = useSession();
  if (!isOneStopClerk(me)) {
    return (
      <Alert color="orange" role="alert" data-testid="forbidden">
        {t('intake.clerkOnly')}
      </Alert>
    );
  }
  return <Intake />;
}
