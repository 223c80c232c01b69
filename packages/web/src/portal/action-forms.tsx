import { ratingLabels, ratings } from '@congso/core';
import { Radio, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../app/i18n';
import { ActionFormShell, useActionForm } from '../dossiers/action-form-shell';
import type { ActionFormProps } from '../dossiers/action-forms';
import { uploadedIn } from '../dossiers/uploads';
import { FileSlot, useUploads } from './file-upload';

/**
 * The citizen's action forms on their dossier page (registered in ../dossiers/action-forms): the
 * supplement they were asked for, a rating, a withdrawal. The page places them in its panels.
 */

export function PortalSupplementForm(props: ActionFormProps<'submit_supplement'>) {
  const { t } = useTranslation();
  const uploads = useUploads();
  const files = uploadedIn(uploads.slots.supplement);
  const handle = useActionForm(props, {
    initialValues: { note: '' },
    toFields: (values) => ({ fileIds: files.map((file) => file.id), note: values.note }),
    check: (values) => ({
      note: uploads.busy
        ? t('portal.filing.waitUploads')
        : files.length === 0 && !values.note.trim()
          ? t('portal.dossier.supplementEmpty')
          : null,
    }),
  });
  return (
    <ActionFormShell
      handle={handle}
      submitLabel={t('portal.dossier.supplementSubmit')}
      submitTestId="supplement-submit"
      justify="flex-start"
    >
      <fieldset className="portal-fieldset" aria-labelledby="supplement-files-label">
        <Text size="sm" fw={600} id="supplement-files-label" mb={4}>
          {t('portal.dossier.supplementFiles')}
        </Text>
        <FileSlot
          id="supplement"
          items={uploads.slots.supplement ?? []}
          onAdd={(chosen) => {
            uploads.add('supplement', chosen);
            handle.form.clearFieldError('note');
          }}
          onRemove={(item) => uploads.remove('supplement', item.key)}
          onRetry={(item) => uploads.retry('supplement', item)}
          describedBy="supplement-files-label"
          testId="supplement-file-input"
        />
      </fieldset>
      <Textarea
        label={t('portal.dossier.supplementNote')}
        autosize
        minRows={2}
        maxLength={1000}
        {...handle.form.getInputProps('note')}
        errorProps={{ 'data-testid': 'supplement-problem', role: 'alert' }}
        data-testid="supplement-note"
      />
    </ActionFormShell>
  );
}

export function PortalRatingForm(props: ActionFormProps<'rate'>) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const current = props.dossier.state.rating;
  const handle = useActionForm(props, {
    initialValues: { rating: current?.value ?? '', comment: current?.comment ?? '' },
    toFields: (values) => ({ rating: values.rating as (typeof ratings)[number], comment: values.comment }),
    check: (values) => ({ rating: values.rating ? null : t('portal.dossier.ratingMissing') }),
  });
  return (
    <ActionFormShell
      handle={handle}
      submitLabel={current ? t('portal.dossier.ratingChange') : t('portal.dossier.ratingSubmit')}
      submitTestId="rate-submit"
      justify="flex-start"
    >
      <Radio.Group
        label={t('portal.dossier.ratingQuestion')}
        {...handle.form.getInputProps('rating')}
        data-testid="rating-options"
      >
        <Stack gap="xs" mt="xs">
          {ratings.map((rating) => (
            <Radio key={rating} value={rating} label={pick(ratingLabels[rating])} data-testid={`rating-${rating}`} />
          ))}
        </Stack>
      </Radio.Group>
      <Textarea
        label={t('portal.dossier.ratingComment')}
        autosize
        minRows={2}
        maxLength={1000}
        {...handle.form.getInputProps('comment')}
        data-testid="rating-comment"
      />
    </ActionFormShell>
  );
}

export function PortalWithdrawForm(props: ActionFormProps<'withdraw'>) {
  const { t } = useTranslation();
  const handle = useActionForm(props, { initialValues: { reason: '' }, toFields: (values) => values });
  return (
    <ActionFormShell
      handle={handle}
      submitLabel={t('portal.dossier.withdrawConfirm')}
      submitTestId="withdraw-confirm"
      cancelTestId="withdraw-cancel"
      color="red"
    >
      <Text size="sm">{t('portal.dossier.withdrawText')}</Text>
      <Textarea
        label={t('portal.dossier.withdrawReason')}
        autosize
        minRows={2}
        maxLength={1000}
        {...handle.form.getInputProps('reason')}
        data-testid="withdraw-reason"
      />
    </ActionFormShell>
  );
}
