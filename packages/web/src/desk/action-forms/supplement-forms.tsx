import { ActionIcon, Button, Chip, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useActionForm } from '../../dossiers/action-form-shell';
import type { ActionFormProps } from '../../dossiers/action-forms';
import { portalApi, portalKeys } from '../../portal/api';
import { useDeskT } from '../i18n';
import { UploadField, useUploads } from '../uploads';
import { DeskActionShell, NoteField, ReasonField } from './fields';

/** What is missing (rows, with the procedure's documents as quick picks) and why. */
export function RequestSupplementForm(props: ActionFormProps<'request_supplement'>) {
  const t = useDeskT();
  const handle = useActionForm(props, {
    initialValues: { items: [''], reason: '' },
    toFields: (values) => ({ items: values.items.map((item) => item.trim()).filter(Boolean), reason: values.reason }),
  });
  const { form } = handle;
  const procedure = useQuery({
    queryKey: portalKeys.procedure(props.dossier.procedure.code),
    queryFn: () => portalApi.procedure(props.dossier.procedure.code),
    staleTime: 5 * 60_000,
  });
  const suggestions = (procedure.data?.procedure.requiredDocuments ?? []).map((document) => document.name);
  const items = form.values.items;
  const itemsError = form.errors.items ?? Object.entries(form.errors).find(([path]) => path.startsWith('items.'))?.[1];
  const setItems = (next: string[]) => form.setFieldValue('items', next.length ? next : ['']);

  return (
    <DeskActionShell handle={handle}>
      <Stack gap={6} role="group" aria-labelledby="supplement-items-label">
        <Text size="sm" fw={500} id="supplement-items-label">
          {t('form.items')}{' '}
          <Text span c="red">
            *
          </Text>
        </Text>
        {items.map((item, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, never reordered
          <Group key={index} gap={6} wrap="nowrap" align="flex-start">
            <TextInput
              aria-label={t('form.item', { n: index + 1 })}
              value={item}
              data-autofocus={index === 0 ? true : undefined}
              onChange={(event) => {
                form.clearFieldError('items');
                form.setFieldValue(`items.${index}`, event.currentTarget.value);
              }}
              style={{ flex: 1 }}
              data-testid="action-item"
            />
            {items.length > 1 && (
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={t('form.removeItem', { n: index + 1 })}
                onClick={() => form.removeListItem('items', index)}
              >
                <span aria-hidden="true">×</span>
              </ActionIcon>
            )}
          </Group>
        ))}
        {itemsError && (
          <Text size="xs" c="red.8" role="alert">
            {itemsError}
          </Text>
        )}
        <Button
          variant="subtle"
          size="compact-sm"
          style={{ alignSelf: 'flex-start' }}
          onClick={() => form.insertListItem('items', '')}
          data-testid="action-add-item"
        >
          + {t('form.addItem')}
        </Button>
        {suggestions.length > 0 && (
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t('form.fromProcedure')}
            </Text>
            <Group gap={4} wrap="wrap">
              {suggestions.map((name, index) => {
                const picked = items.some((item) => item.trim() === name);
                return (
                  <Chip
                    // biome-ignore lint/suspicious/noArrayIndexKey: published lists may repeat names
                    key={index}
                    size="xs"
                    checked={picked}
                    onChange={() =>
                      setItems(
                        picked
                          ? items.filter((item) => item.trim() !== name)
                          : [...items.filter((item) => item.trim()), name],
                      )
                    }
                  >
                    {name.length > 70 ? `${name.slice(0, 68)}…` : name}
                  </Chip>
                );
              })}
            </Group>
          </Stack>
        )}
      </Stack>
      <ReasonField form={form} autoFocus={false} />
    </DeskActionShell>
  );
}

/** The citizen brings the supplement to the counter: scans of it (optional, paper is enough) and a note. */
export function SubmitSupplementForm(props: ActionFormProps<'submit_supplement'>) {
  const t = useDeskT();
  const uploads = useUploads();
  const handle = useActionForm(props, {
    initialValues: { note: '' },
    toFields: (values) => {
      const fileIds = uploads.idsOf();
      return { ...values, ...(fileIds.length ? { fileIds } : {}) };
    },
  });
  const pending = props.dossier.state.pending;
  return (
    <DeskActionShell handle={handle} busy={uploads.pending}>
      <Stack gap={6}>
        {pending?.kind === 'supplement' && (
          <div>
            <Text size="sm" fw={500}>
              {t('form.supplementItems')}
            </Text>
            <ul className="desk-plain-list">
              {pending.items.map((item, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the request's own order
                <li key={index}>
                  <Text size="sm">{item}</Text>
                </li>
              ))}
            </ul>
          </div>
        )}
        <Text size="sm" fw={500}>
          {t('form.supplementFiles')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('form.supplementFilesHint')}
        </Text>
        <UploadField uploads={uploads} group="supplement" label={t('form.supplementFiles')} testId="action-files" />
      </Stack>
      <NoteField form={handle.form} autoFocus />
    </DeskActionShell>
  );
}
