import { type DraftOutgoingBody, draftOutgoingBodySchema, type OutgoingRecipient } from '@congso/core';
import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Fieldset,
  Grid,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { UploadField, useUploads } from '../desk/uploads';
import { AgencyPicker } from '../identity/agency-picker';
import type { AgencyRef } from '../identity/api';
import { officeApi, officeKeys } from './api';
import {
  CountField,
  DateField,
  DocumentTypeSelect,
  numberOrUndefined,
  PrioritySelect,
  textOrUndefined,
  useOptionalLabel,
} from './fields';
import { useBodyForm } from './form';
import { useOfficeT } from './i18n';
import { documentName } from './labels';
import { OfficePage } from './layout';
import { canDraft } from './roles';

/** A recipient as the form keeps it (an internal one with its name, to show it). */
type RecipientRow = OutgoingRecipient & { label: string };

interface Values extends Record<string, unknown> {
  typeCode: string;
  unit: string;
  subject: string;
  signerPosition: string;
  signerName: string;
  priority: string;
  pages: number | string;
  copies: number | string;
  dueDate: string;
  content: string;
}

const fieldOf = (path: string): string | null => {
  const [head, key, sub] = path.split('.');
  if (head === 'fileId') return 'file';
  if (head === 'content') return 'content';
  if (head !== 'draft' || !key) return null;
  if (key === 'signer') return sub === 'fullName' ? 'signerName' : 'signerPosition';
  if (key === 'recipients') return 'recipients';
  return key;
};

function RecipientsEditor({
  rows,
  onChange,
  error,
}: {
  rows: RecipientRow[];
  onChange: (rows: RecipientRow[]) => void;
  error?: string;
}) {
  const t = useOfficeT();
  const optional = useOptionalLabel();
  const [agency, setAgency] = useState<AgencyRef | null>(null);
  const [externalName, setExternalName] = useState('');
  const [externalOrganId, setExternalOrganId] = useState('');
  const [noteName, setNoteName] = useState('');
  return (
    <Fieldset legend={t('draft.recipientsLegend')} radius="md" data-testid="recipients-editor">
      <Stack gap="sm">
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('draft.noRecipients')}
          </Text>
        ) : (
          <ul className="desk-plain-list" style={{ listStyle: 'none', paddingLeft: 0 }}>
            {rows.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list's own order
              <li key={index} data-testid="recipient-row" data-kind={row.kind}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">
                    {row.label}{' '}
                    <Text span size="xs" c="dimmed">
                      (
                      {row.kind === 'internal'
                        ? t('document.internal')
                        : row.kind === 'external'
                          ? t('document.external')
                          : t('document.note')}
                      )
                    </Text>
                  </Text>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={t('draft.remove', { name: row.label })}
                    onClick={() => onChange(rows.filter((_, i) => i !== index))}
                  >
                    <span aria-hidden="true">×</span>
                  </ActionIcon>
                </Group>
              </li>
            ))}
          </ul>
        )}
        {error && (
          <Text size="xs" c="red.8" role="alert">
            {error}
          </Text>
        )}
        <Group align="flex-end" gap="sm" wrap="wrap">
          <div style={{ flex: '1 1 320px' }}>
            <AgencyPicker
              label={t('draft.internalAgency')}
              value={agency}
              onChange={setAgency}
              testId="recipient-agency"
            />
          </div>
          <Button
            variant="light"
            disabled={!agency}
            onClick={() => {
              if (!agency || rows.some((r) => r.kind === 'internal' && r.agencyId === agency.id)) return;
              onChange([...rows, { kind: 'internal', agencyId: agency.id, label: agency.name }]);
              setAgency(null);
            }}
            data-testid="recipient-add-internal"
          >
            {t('draft.addInternal')}
          </Button>
        </Group>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('draft.externalName')}
            value={externalName}
            onChange={(e) => setExternalName(e.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
            data-testid="recipient-external-name"
          />
          <TextInput
            label={optional(t('draft.externalOrganId'))}
            value={externalOrganId}
            onChange={(e) => setExternalOrganId(e.currentTarget.value)}
            style={{ flex: '0 1 200px' }}
            data-testid="recipient-external-organ"
          />
          <Button
            variant="light"
            disabled={!externalName.trim()}
            onClick={() => {
              const organId = externalOrganId.trim();
              onChange([
                ...rows,
                {
                  kind: 'external',
                  name: externalName.trim(),
                  ...(organId ? { organId } : {}),
                  label: externalName.trim(),
                },
              ]);
              setExternalName('');
              setExternalOrganId('');
            }}
            data-testid="recipient-add-external"
          >
            {t('draft.addExternal')}
          </Button>
        </Group>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('draft.noteName')}
            value={noteName}
            onChange={(e) => setNoteName(e.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
            data-testid="recipient-note"
          />
          <Button
            variant="light"
            disabled={!noteName.trim()}
            onClick={() => {
              onChange([...rows, { kind: 'note', name: noteName.trim(), label: noteName.trim() }]);
              setNoteName('');
            }}
            data-testid="recipient-add-note"
          >
            {t('draft.addNote')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

function DraftForm() {
  const t = useOfficeT();
  const { t: tt } = useTranslation();
  const optional = useOptionalLabel();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const uploads = useUploads();
  const [params] = useSearchParams();
  const replyTo = params.get('reply');
  const [recipients, setRecipients] = useState<RecipientRow[]>([]);
  const [mode, setMode] = useState<'compose' | 'upload'>('compose');
  useDocumentTitle(t('draft.title'));

  const answered = useQuery({
    queryKey: officeKeys.detail('incoming', replyTo ?? ''),
    queryFn: () => officeApi.document('incoming', replyTo ?? ''),
    enabled: !!replyTo,
  });

  const fileId = uploads.idsOf('draft')[0];
  const toBody = (v: Values): DraftOutgoingBody => {
    const signer =
      v.signerPosition.trim() || v.signerName.trim()
        ? { position: v.signerPosition, fullName: v.signerName }
        : undefined;
    return {
      draft: {
        typeCode: v.typeCode as DraftOutgoingBody['draft']['typeCode'],
        unit: textOrUndefined(v.unit),
        subject: v.subject,
        signer,
        recipients: recipients.map(({ label: _label, ...r }) => r),
        priority: Number(v.priority) as 0,
        pages: numberOrUndefined(v.pages),
        copies: numberOrUndefined(v.copies),
        dueDate: textOrUndefined(v.dueDate),
      },
      ...(mode === 'upload' ? { fileId } : { content: v.content }),
    };
  };
  const { form, showServerErrors } = useBodyForm<Values, DraftOutgoingBody>({
    initialValues: {
      typeCode: 'cong_van',
      unit: '',
      subject: '',
      signerPosition: '',
      signerName: '',
      priority: '0',
      pages: 1,
      copies: 1,
      dueDate: '',
      content: '',
    },
    schema: draftOutgoingBodySchema,
    toBody,
    fieldOf: (path) => {
      const field = fieldOf(path);
      // "exactly one of file and text" is named on `content`: show it where the drafter is.
      return field === 'content' && mode === 'upload' ? 'file' : field;
    },
  });

  const mutation = useMutation({
    mutationFn: (body: DraftOutgoingBody) => officeApi.draftOutgoing(body),
    onSuccess: (doc) => {
      queryClient.setQueryData(officeKeys.detail('outgoing', doc.id), doc);
      void queryClient.invalidateQueries({ queryKey: ['office', 'list'] });
      navigate(`/van-ban/di/${doc.id}`);
    },
    onError: (error) => {
      showServerErrors(error);
    },
  });
  const serverFieldErrors = mutation.isError && isApiError(mutation.error, 'VALIDATION_FAILED');

  return (
    <Stack gap="md" data-testid="draft-outgoing-page">
      <Anchor component={Link} to="/van-ban/di" size="sm">
        <span aria-hidden="true">← </span>
        {t('document.backOutgoing')}
      </Anchor>
      <div>
        <Title order={1} size="h2">
          {t('draft.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('draft.intro')}
        </Text>
        {answered.data && (
          <Text size="sm" mt={4} data-testid="reply-to">
            {t('draft.replyTo', { name: `${documentName(answered.data)} — ${answered.data.organName}` })}
          </Text>
        )}
      </div>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          if (!mutation.isPending && !uploads.pending) mutation.mutate(toBody(values));
        })}
      >
        <Stack gap="md">
          {mutation.isError && !serverFieldErrors && <ErrorAlert error={mutation.error} testId="draft-error" />}
          <Fieldset legend={t('metadata.legend')} radius="md">
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 5 }}>
                <DocumentTypeSelect {...form.getInputProps('typeCode')} data-testid="draft-typeCode" />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 3 }}>
                <TextInput
                  label={t('draft.unit')}
                  description={t('draft.unitHint')}
                  {...form.getInputProps('unit')}
                  data-testid="draft-unit"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <PrioritySelect {...form.getInputProps('priority')} data-testid="draft-priority" />
              </Grid.Col>
              <Grid.Col span={12}>
                <Textarea
                  label={t('metadata.subject')}
                  required
                  autosize
                  minRows={2}
                  maxRows={6}
                  {...form.getInputProps('subject')}
                  data-testid="draft-subject"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={optional(t('metadata.signerPosition'))}
                  {...form.getInputProps('signerPosition')}
                  data-testid="draft-signerPosition"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={optional(t('metadata.signerName'))}
                  {...form.getInputProps('signerName')}
                  data-testid="draft-signerName"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 3 }}>
                <CountField label={t('metadata.pages')} {...form.getInputProps('pages')} data-testid="draft-pages" />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 3 }}>
                <CountField label={t('metadata.copies')} {...form.getInputProps('copies')} data-testid="draft-copies" />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <DateField
                  label={optional(t('metadata.dueDate'))}
                  {...form.getInputProps('dueDate')}
                  data-testid="draft-dueDate"
                />
              </Grid.Col>
            </Grid>
          </Fieldset>

          <RecipientsEditor rows={recipients} onChange={setRecipients} error={form.errors.recipients as string} />

          <Card withBorder radius="md" padding="md">
            <Stack gap="sm">
              <div>
                <Text size="sm" fw={500} id="draft-how">
                  {t('draft.how')}
                </Text>
                <SegmentedControl
                  aria-labelledby="draft-how"
                  value={mode}
                  onChange={(value) => setMode(value === 'upload' ? 'upload' : 'compose')}
                  data={[
                    { value: 'compose', label: t('draft.compose') },
                    { value: 'upload', label: t('draft.upload') },
                  ]}
                  data-testid="draft-mode"
                />
              </div>
              {mode === 'compose' ? (
                <Textarea
                  label={t('draft.content')}
                  required
                  autosize
                  minRows={8}
                  maxRows={24}
                  {...form.getInputProps('content')}
                  data-testid="draft-content"
                />
              ) : (
                <div>
                  <Text size="sm" fw={500}>
                    {t('draft.file')}
                  </Text>
                  <UploadField
                    uploads={uploads}
                    group="draft"
                    label={t('draft.file')}
                    buttonText={t('draft.fileButton')}
                    multiple={false}
                    testId="draft-file"
                  />
                  {form.errors.file && (
                    <Text size="xs" c="red.8" role="alert">
                      {form.errors.file}
                    </Text>
                  )}
                </div>
              )}
            </Stack>
          </Card>

          <Group justify="flex-end" gap="sm">
            <Button component={Link} to="/van-ban/di" variant="default">
              {tt('app.common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={uploads.pending} data-testid="draft-submit">
              {t('draft.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function Guarded() {
  const t = useOfficeT();
  const { me } = useSession();
  if (!canDraft(me)) {
    return (
      <Text role="alert" data-testid="forbidden">
        {t('forbidden')}
      </Text>
    );
  }
  return <DraftForm />;
}

/** /van-ban/di/moi: a specialist (or head, leader) drafts an outgoing document. */
export default function DraftOutgoingPage() {
  return (
    <OfficePage>
      <Guarded />
    </OfficePage>
  );
}
