import { type RegisterIncomingBody, registerIncomingBodySchema } from '@congso/core';
import {
  Anchor,
  Button,
  Card,
  Fieldset,
  Grid,
  Group,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { UploadField, useUploads } from '../desk/uploads';
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
import { OfficePage } from './layout';
import { isDocumentClerk } from './roles';

const fileGroup = 'document';

interface Values extends Record<string, unknown> {
  medium: 'electronic' | 'paper';
  organName: string;
  organId: string;
  typeCode: string;
  number: string;
  notation: string;
  issuedDate: string;
  subject: string;
  signerPosition: string;
  signerName: string;
  pages: number | string;
  copies: number | string;
  priority: string;
  dueDate: string;
  recipients: string;
}

const initialValues: Values = {
  medium: 'electronic',
  organName: '',
  organId: '',
  typeCode: 'cong_van',
  number: '',
  notation: '',
  issuedDate: '',
  subject: '',
  signerPosition: '',
  signerName: '',
  pages: 1,
  copies: 1,
  priority: '0',
  dueDate: '',
  recipients: '',
};

/** The body's path → the form's field. */
const fieldOf = (path: string): string | null => {
  const [head, key, sub] = path.split('.');
  if (head === 'fileId') return 'file';
  if (head !== 'metadata' || !key) return head ?? null;
  if (key === 'signer') return sub === 'fullName' ? 'signerName' : 'signerPosition';
  return key;
};

function RegisterIncomingForm() {
  const t = useOfficeT();
  const { t: tt } = useTranslation();
  const optional = useOptionalLabel();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const uploads = useUploads();
  useDocumentTitle(t('registerIncoming.title'));

  const fileId = uploads.idsOf(fileGroup)[0] ?? '';
  const toBody = (v: Values): RegisterIncomingBody => {
    const signer =
      v.signerPosition.trim() || v.signerName.trim()
        ? { position: v.signerPosition, fullName: v.signerName }
        : undefined;
    return {
      fileId,
      medium: v.medium,
      metadata: {
        organName: v.organName,
        organId: textOrUndefined(v.organId),
        typeCode: v.typeCode as RegisterIncomingBody['metadata']['typeCode'],
        number: v.number,
        notation: v.notation,
        issuedDate: v.issuedDate,
        subject: v.subject,
        signer,
        pages: numberOrUndefined(v.pages),
        copies: numberOrUndefined(v.copies),
        priority: Number(v.priority) as 0,
        dueDate: textOrUndefined(v.dueDate),
        recipients: v.recipients
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      },
    };
  };
  const { form, showServerErrors } = useBodyForm<Values, RegisterIncomingBody>({
    initialValues,
    schema: registerIncomingBodySchema,
    toBody,
    fieldOf,
    check: () => ({ file: fileId ? null : t('registerIncoming.fileRequired') }),
  });

  const mutation = useMutation({
    mutationFn: (body: RegisterIncomingBody) => officeApi.registerIncoming(body),
    onSuccess: (doc) => {
      queryClient.setQueryData(officeKeys.detail('incoming', doc.id), doc);
      void queryClient.invalidateQueries({ queryKey: ['office', 'list'] });
      navigate(`/van-ban/den/${doc.id}`, { state: { notice: 'registered' } });
    },
    onError: (error) => {
      showServerErrors(error);
    },
  });
  const serverFieldErrors = mutation.isError && isApiError(mutation.error, 'VALIDATION_FAILED');

  return (
    <Stack gap="md" data-testid="register-incoming-page">
      <Anchor component={Link} to="/van-ban/den" size="sm">
        <span aria-hidden="true">← </span>
        {t('registerIncoming.back')}
      </Anchor>
      <div>
        <Title order={1} size="h2">
          {t('registerIncoming.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('registerIncoming.intro')}
        </Text>
      </div>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          if (!mutation.isPending && !uploads.pending) mutation.mutate(toBody(values));
        })}
      >
        <Stack gap="md">
          {mutation.isError && !serverFieldErrors && <ErrorAlert error={mutation.error} testId="register-error" />}
          <Card withBorder radius="md" padding="md">
            <Stack gap="sm">
              <div>
                <Text size="sm" fw={500} id="incoming-file-label">
                  {t('registerIncoming.file')}{' '}
                  <Text span c="red.8" aria-hidden="true">
                    *
                  </Text>
                </Text>
                <UploadField
                  uploads={uploads}
                  group={fileGroup}
                  label={t('registerIncoming.file')}
                  buttonText={t('registerIncoming.fileButton')}
                  multiple={false}
                  testId="incoming-file"
                />
                {form.errors.file && (
                  <Text size="xs" c="red.8" role="alert" data-testid="incoming-file-error">
                    {form.errors.file}
                  </Text>
                )}
              </div>
              <Radio.Group label={t('registerIncoming.medium')} {...form.getInputProps('medium')}>
                <Group gap="lg" mt={4}>
                  <Radio value="electronic" label={t('registerIncoming.electronic')} data-testid="medium-electronic" />
                  <Radio value="paper" label={t('registerIncoming.paper')} data-testid="medium-paper" />
                </Group>
              </Radio.Group>
            </Stack>
          </Card>
          <Fieldset legend={t('metadata.legend')} radius="md">
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 8 }}>
                <TextInput
                  label={t('metadata.organName')}
                  required
                  {...form.getInputProps('organName')}
                  data-testid="meta-organName"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput
                  label={optional(t('metadata.organId'))}
                  description={t('metadata.organIdHint')}
                  {...form.getInputProps('organId')}
                  data-testid="meta-organId"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <DocumentTypeSelect {...form.getInputProps('typeCode')} data-testid="meta-typeCode" />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 2 }}>
                <TextInput
                  label={t('metadata.number')}
                  required
                  {...form.getInputProps('number')}
                  data-testid="meta-number"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 3 }}>
                <TextInput
                  label={t('metadata.notation')}
                  description={t('metadata.notationHint')}
                  required
                  {...form.getInputProps('notation')}
                  data-testid="meta-notation"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 3 }}>
                <DateField
                  label={t('metadata.issuedDate')}
                  required
                  {...form.getInputProps('issuedDate')}
                  data-testid="meta-issuedDate"
                />
              </Grid.Col>
              <Grid.Col span={12}>
                <Textarea
                  label={t('metadata.subject')}
                  required
                  autosize
                  minRows={2}
                  maxRows={6}
                  {...form.getInputProps('subject')}
                  data-testid="meta-subject"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={optional(t('metadata.signerPosition'))}
                  {...form.getInputProps('signerPosition')}
                  data-testid="meta-signerPosition"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={optional(t('metadata.signerName'))}
                  {...form.getInputProps('signerName')}
                  data-testid="meta-signerName"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 2 }}>
                <CountField label={t('metadata.pages')} {...form.getInputProps('pages')} data-testid="meta-pages" />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 2 }}>
                <CountField label={t('metadata.copies')} {...form.getInputProps('copies')} data-testid="meta-copies" />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <PrioritySelect {...form.getInputProps('priority')} data-testid="meta-priority" />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <DateField
                  label={optional(t('metadata.dueDate'))}
                  {...form.getInputProps('dueDate')}
                  data-testid="meta-dueDate"
                />
              </Grid.Col>
              <Grid.Col span={12}>
                <Textarea
                  label={optional(t('metadata.recipients'))}
                  description={t('metadata.recipientsHint')}
                  autosize
                  minRows={2}
                  maxRows={6}
                  {...form.getInputProps('recipients')}
                  data-testid="meta-recipients"
                />
              </Grid.Col>
            </Grid>
          </Fieldset>
          <Group justify="flex-end" gap="sm">
            <Button component={Link} to="/van-ban/den" variant="default">
              {tt('app.common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={uploads.pending} data-testid="register-submit">
              {t('registerIncoming.submit')}
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
  if (!isDocumentClerk(me)) {
    return (
      <Text role="alert" data-testid="forbidden">
        {t('forbidden')}
      </Text>
    );
  }
  return <RegisterIncomingForm />;
}

/** /van-ban/den/moi: the document clerk registers an incoming document from its PDF. */
export default function RegisterIncomingPage() {
  return (
    <OfficePage>
      <Guarded />
    </OfficePage>
  );
}
