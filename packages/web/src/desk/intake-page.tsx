import type { LocalizedText, RequiredDocument } from '@congso/core';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { dossiersKeys } from '../dossiers/api';
import { type ProcedureSummary, portalApi, portalKeys } from '../portal/api';
import { useCatalogLabels } from '../portal/labels';
import { deskApi, deskKeys, type IntakeInput } from './api';
import { DeskGuard } from './guard';
import { useDeskT } from './i18n';
import { ProcedurePicker } from './procedure-picker';
import { isOneStopClerk } from './roles';
import { UploadField, type Uploads, useUploads } from './uploads';
import './desk.css';

const nationalIdPattern = /^\d{12}$/;
const phonePattern = /^\+?[0-9 .-]{8,20}$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Problems per field from a VALIDATION_FAILED answer, keyed by the path after "body." (applicant.phone). */
export function serverFieldProblems(error: unknown): Record<string, LocalizedText> {
  const out: Record<string, LocalizedText> = {};
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return out;
  for (const item of error.details as { path?: unknown; message?: LocalizedText }[]) {
    const segments = (Array.isArray(item?.path) ? item.path.map(String) : String(item?.path ?? '').split('.')).filter(
      Boolean,
    );
    if (segments[0] === 'body') segments.shift();
    const key = segments.join('.');
    const message = item?.message ?? error.localized;
    if (key && message && !out[key]) out[key] = message;
  }
  return out;
}

function DocumentList({
  documents,
  uploads,
  loading,
}: {
  documents: RequiredDocument[] | null;
  uploads: Uploads;
  loading: boolean;
}) {
  const t = useDeskT();
  if (loading) {
    return (
      <Stack gap="xs" aria-hidden="true">
        <Skeleton h={16} />
        <Skeleton h={16} w="80%" />
        <Skeleton h={16} w="60%" />
      </Stack>
    );
  }
  if (documents === null)
    return (
      <Text size="sm" c="dimmed">
        {t('intake.chooseProcedureFirst')}
      </Text>
    );
  if (documents.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('intake.noDocuments')}
      </Text>
    );
  return (
    <ol className="desk-documents" data-testid="intake-documents">
      {documents.map((document, index) => (
        // The index is the document's identity for the API (its position in requiredDocuments).
        // biome-ignore lint/suspicious/noArrayIndexKey: published lists never reorder within a version
        <li key={index} data-testid="intake-document">
          <Stack gap={4}>
            <Text size="sm" fw={document.mandatory ? 600 : 400}>
              {index + 1}. {document.name}
            </Text>
            <Group gap={4} wrap="wrap">
              <Badge color={document.mandatory ? 'red' : 'gray'} variant="light" size="xs" tt="none" radius="sm">
                {document.mandatory ? t('intake.mandatory') : t('intake.optionalDocument')}
              </Badge>
              {(document.original > 0 || document.copy > 0) && (
                <Text span size="xs" c="dimmed">
                  {t('intake.originalCopy', { original: document.original, copy: document.copy })}
                </Text>
              )}
            </Group>
            <UploadField
              uploads={uploads}
              group={String(index)}
              label={t('intake.scanOf', { name: document.name })}
              testId={`intake-scan-${index}`}
            />
          </Stack>
        </li>
      ))}
    </ol>
  );
}

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
  const [fullName, setFullName] = useState('');
  const [nationalId, setNationalId] = useState('');
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const [email, setEmail] = useState('');
  const [channel, setChannel] = useState<'counter' | 'postal'>('counter');
  const [touched, setTouched] = useState(false);
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

  const intake = useMutation({
    mutationFn: (input: IntakeInput) => deskApi.intake(input),
    onSuccess: (dossier) => {
      queryClient.setQueryData(dossiersKeys.detail(dossier.id), dossier);
      void queryClient.invalidateQueries({ queryKey: ['dossiers', 'queue'] });
      void queryClient.invalidateQueries({ queryKey: deskKeys.counts });
      navigate(`/mot-cua/ho-so/${dossier.id}`, { state: { notice: 'received' } });
    },
  });
  const server = serverFieldProblems(intake.error);
  const serverError = (key: string) => (server[key] ? pick(server[key]) : null);

  const local = {
    procedure: !procedure ? t('intake.procedureRequired') : null,
    fullName: !fullName.trim() ? t('intake.required') : null,
    nationalId: !nationalIdPattern.test(nationalId.trim()) ? t('intake.invalidNationalId') : null,
    phone: !phone.trim() ? t('intake.required') : !phonePattern.test(phone.trim()) ? t('intake.invalidPhone') : null,
    address: !address.trim() ? t('intake.required') : null,
    email: email.trim() && !emailPattern.test(email.trim()) ? t('intake.invalidEmail') : null,
  };
  const shown = (field: keyof typeof local, serverKey = `applicant.${field}`) =>
    (touched ? local[field] : null) ?? serverError(serverKey);
  const invalid = Object.values(local).some(Boolean);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    setTouched(true);
    if (invalid || !procedure || uploads.pending || intake.isPending) {
      setAttempt((count) => count + 1);
      return;
    }
    const documentsWithFiles = (documents ?? [])
      .map((document, index) => ({ index, name: document.name, fileIds: uploads.idsOf(String(index)) }))
      .filter((document) => document.fileIds.length > 0);
    intake.mutate({
      procedureCode: procedure.code,
      channel,
      applicant: {
        fullName: fullName.trim(),
        nationalId: nationalId.trim(),
        phone: phone.trim(),
        address: address.trim(),
        ...(email.trim() ? { email: email.trim() } : {}),
      },
      // Files are optional at the counter (a paper dossier); the field is sent only with scans.
      ...(documentsWithFiles.length > 0 ? { documents: documentsWithFiles } : {}),
    });
  };

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
                      if (next) window.setTimeout(() => fullNameRef.current?.focus(), 0);
                    }}
                    error={shown('procedure', 'procedureCode')}
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
                      value={fullName}
                      onChange={(event) => setFullName(event.currentTarget.value)}
                      error={shown('fullName')}
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
                      value={nationalId}
                      onChange={(event) => setNationalId(event.currentTarget.value.replace(/\D/g, '').slice(0, 12))}
                      error={shown('nationalId')}
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
                      value={phone}
                      onChange={(event) => setPhone(event.currentTarget.value)}
                      error={shown('phone')}
                      data-enter-next="1"
                      data-testid="intake-phone"
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 7 }}>
                    <TextInput
                      label={`${t('intake.email')} (${t('intake.optional')})`}
                      type="email"
                      autoComplete="off"
                      value={email}
                      onChange={(event) => setEmail(event.currentTarget.value)}
                      error={shown('email')}
                      data-enter-next="1"
                      data-testid="intake-email"
                    />
                  </Grid.Col>
                  <Grid.Col span={12}>
                    <TextInput
                      label={t('intake.address')}
                      required
                      autoComplete="off"
                      value={address}
                      onChange={(event) => setAddress(event.currentTarget.value)}
                      error={shown('address')}
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
                      onChange={(value) => setChannel(value === 'postal' ? 'postal' : 'counter')}
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
                <DocumentList documents={documents} uploads={uploads} loading={!!procedure && detail.isPending} />
              )}
            </Card>
          </Grid.Col>
        </Grid>

        <Stack gap="xs" mt="md" className="desk-submit-bar">
          {intake.isError && <ErrorAlert error={intake.error} title={t('intake.failed')} testId="intake-error" />}
          {touched && invalid && (
            <Alert color="orange" variant="light" role="alert">
              {t('intake.fixErrors')}
            </Alert>
          )}
          {touched && uploads.pending && (
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
