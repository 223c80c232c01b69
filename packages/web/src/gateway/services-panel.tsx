import { type GatewayServiceKind, gatewayServiceKinds } from '@congso/core';
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  FileInput,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/errors';
import { type GatewayService, gatewayApi, gatewayKeys, type ServiceInput } from './api';

interface Draft {
  code: string;
  name: string;
  kind: GatewayServiceKind;
  baseUrl: string;
  description: string;
  openapi: string;
  active: boolean;
}

const emptyDraft: Draft = {
  code: '',
  name: '',
  kind: 'external',
  baseUrl: '',
  description: '',
  openapi: '',
  active: true,
};

/** The OpenAPI text as the API takes it: null when empty, an object when it is JSON with "openapi": "3.…". */
function parseOpenapi(text: string): Record<string, unknown> | null | 'invalid' {
  if (!text.trim()) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (
      typeof value !== 'object' ||
      value === null ||
      Array.isArray(value) ||
      !/^3\./.test(String((value as { openapi?: unknown }).openapi ?? ''))
    )
      return 'invalid';
    return value as Record<string, unknown>;
  } catch {
    return 'invalid';
  }
}

/** A service's current body (its OpenAPI description read again: a change sends the whole body). */
async function bodyOf(service: GatewayService): Promise<ServiceInput> {
  return {
    code: service.code,
    name: service.name,
    kind: service.kind,
    baseUrl: service.baseUrl,
    description: service.description,
    openapi: service.hasOpenapi ? await gatewayApi.openapi(service.id) : null,
    active: service.active,
  };
}

function ServiceForm({ editing, onDone }: { editing: GatewayService | null; onDone: (code: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() =>
    editing
      ? {
          code: editing.code,
          name: editing.name,
          kind: editing.kind,
          baseUrl: editing.baseUrl,
          description: editing.description,
          openapi: '',
          active: editing.active,
        }
      : emptyDraft,
  );
  const [openapiError, setOpenapiError] = useState<string | null>(null);
  // The registered description, loaded into the text box once when editing.
  const current = useQuery({
    queryKey: ['gateway', 'openapi', editing?.id],
    queryFn: async () => {
      const value = editing?.hasOpenapi ? await gatewayApi.openapi(editing.id) : null;
      setDraft((d) => ({ ...d, openapi: value ? JSON.stringify(value, null, 2) : '' }));
      return value;
    },
    enabled: !!editing,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const save = useMutation({
    mutationFn: (input: ServiceInput) =>
      editing ? gatewayApi.updateService(editing.id, editing.version, input) : gatewayApi.createService(input),
    onSuccess: (service) => {
      void queryClient.invalidateQueries({ queryKey: gatewayKeys.services });
      onDone(service.code);
    },
  });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const openapi = parseOpenapi(draft.openapi);
    if (openapi === 'invalid') {
      setOpenapiError(t('gateway.services.openapiInvalid'));
      return;
    }
    setOpenapiError(null);
    save.mutate({
      code: draft.code.trim(),
      name: draft.name.trim(),
      kind: draft.kind,
      baseUrl: draft.baseUrl.trim(),
      description: draft.description.trim(),
      openapi,
      active: draft.active,
    });
  };
  return (
    <form onSubmit={submit} noValidate data-testid="gateway-service-form">
      <Stack gap="sm">
        <TextInput
          label={t('gateway.services.code')}
          description={t('gateway.services.codeHint')}
          required
          value={draft.code}
          onChange={(e) => set('code', e.currentTarget.value)}
          data-testid="gateway-service-code"
        />
        <TextInput
          label={t('gateway.services.name')}
          required
          value={draft.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          data-testid="gateway-service-name"
        />
        <NativeSelect
          label={t('gateway.services.kind')}
          value={draft.kind}
          onChange={(e) => set('kind', e.currentTarget.value as GatewayServiceKind)}
          data={gatewayServiceKinds.map((kind) => ({ value: kind, label: t(`gateway.services.kinds.${kind}`) }))}
        />
        <TextInput
          label={t('gateway.services.baseUrl')}
          required
          type="url"
          placeholder="https://"
          value={draft.baseUrl}
          onChange={(e) => set('baseUrl', e.currentTarget.value)}
          data-testid="gateway-service-url"
        />
        <Textarea
          label={t('gateway.services.description')}
          autosize
          minRows={2}
          maxRows={6}
          value={draft.description}
          onChange={(e) => set('description', e.currentTarget.value)}
        />
        <Textarea
          label={t('gateway.services.openapi')}
          description={t('gateway.services.openapiHint')}
          autosize
          minRows={4}
          maxRows={14}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          value={draft.openapi}
          onChange={(e) => set('openapi', e.currentTarget.value)}
          error={openapiError}
          disabled={current.isFetching}
          data-testid="gateway-service-openapi"
        />
        <FileInput
          label={t('gateway.services.openapiFile')}
          accept="application/json,.json"
          clearable
          onChange={(file) => {
            if (file) void file.text().then((text) => set('openapi', text));
          }}
        />
        <Switch
          label={t('gateway.services.activeLabel')}
          checked={draft.active}
          onChange={(e) => set('active', e.currentTarget.checked)}
        />
        {save.isError && <ErrorAlert error={save.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="gateway-service-submit">
            {editing ? t('gateway.save') : t('gateway.services.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The services: list, register, edit (with the OpenAPI description), turn on or off. */
export function ServicesPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<{ editing: GatewayService | null } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [shown, setShown] = useState<GatewayService | null>(null);
  const services = useQuery({ queryKey: gatewayKeys.services, queryFn: gatewayApi.services });
  const openapi = useQuery({
    queryKey: ['gateway', 'openapi', shown?.id],
    queryFn: () => gatewayApi.openapi(shown?.id ?? ''),
    enabled: !!shown,
  });
  const toggle = useMutation({
    mutationFn: async (service: GatewayService) =>
      gatewayApi.updateService(service.id, service.version, { ...(await bodyOf(service)), active: !service.active }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: gatewayKeys.services }),
  });
  const items = services.data ?? [];
  return (
    <Stack gap="md" data-testid="gateway-services">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('gateway.services.table')}
        </Title>
        <Button
          onClick={() => {
            setDone(null);
            setForm({ editing: null });
          }}
          data-testid="gateway-service-add"
        >
          {t('gateway.services.add')}
        </Button>
      </Group>
      {done && (
        <Alert color="green" variant="light" role="status">
          {t('gateway.services.created', { code: done })}
        </Alert>
      )}
      {services.isError && <ErrorAlert error={services.error} onRetry={() => services.refetch()} />}
      {toggle.isError && <ErrorAlert error={toggle.error} />}
      <Card
        withBorder
        padding={0}
        style={{ overflowX: 'auto' }}
        tabIndex={0}
        role="region"
        aria-label={t('gateway.services.table')}
      >
        <Table striped verticalSpacing="xs" aria-label={t('gateway.services.table')} miw={760}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('gateway.services.name')}</Table.Th>
              <Table.Th scope="col">{t('gateway.services.baseUrl')}</Table.Th>
              <Table.Th scope="col">{t('gateway.services.gatewayPath')}</Table.Th>
              <Table.Th scope="col">{t('gateway.services.activeLabel')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <Table.Tr key={s.id} data-testid="gateway-service" data-code={s.code} style={{ verticalAlign: 'top' }}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {s.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`gateway.services.kinds.${s.kind}`)}
                  </Text>
                  {s.description && (
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {s.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" className="congso-code" style={{ wordBreak: 'break-all' }}>
                    {s.baseUrl}
                  </Text>
                  {s.hasOpenapi && (
                    <Button
                      size="xs"
                      variant="subtle"
                      px={0}
                      onClick={() => setShown(s)}
                      aria-label={t('gateway.services.viewOpenapiLabel', { code: s.code })}
                    >
                      {t('gateway.services.viewOpenapi')}
                    </Button>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{s.gatewayPath}</Code>
                </Table.Td>
                <Table.Td>
                  <Badge color={s.active ? 'green' : 'gray.8'} variant="light" tt="none">
                    {s.active ? t('gateway.active') : t('gateway.inactive')}
                  </Badge>
                  <Group gap={4} mt={4} wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => {
                        setDone(null);
                        setForm({ editing: s });
                      }}
                      aria-label={t('gateway.services.editLabel', { code: s.code })}
                    >
                      {t('gateway.edit')}
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => toggle.mutate(s)}
                      loading={toggle.isPending && toggle.variables?.id === s.id}
                      aria-label={t('gateway.services.toggleLabel', {
                        action: s.active ? t('gateway.disable') : t('gateway.enable'),
                        code: s.code,
                      })}
                      data-testid="gateway-service-toggle"
                    >
                      {s.active ? t('gateway.disable') : t('gateway.enable')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            {services.data && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" size="sm" ta="center" py="md">
                    {t('gateway.services.none')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Card>
      <Modal
        opened={form !== null}
        onClose={() => setForm(null)}
        title={form?.editing ? t('gateway.services.editTitle', { code: form.editing.code }) : t('gateway.services.add')}
        size="lg"
      >
        {form && (
          <ServiceForm
            editing={form.editing}
            onDone={(code) => {
              setForm(null);
              if (!form.editing) setDone(code);
            }}
          />
        )}
      </Modal>
      <Modal
        opened={shown !== null}
        onClose={() => setShown(null)}
        title={t('gateway.services.openapiTitle', { code: shown?.code ?? '' })}
        size="xl"
      >
        {openapi.isError && <ErrorAlert error={openapi.error} />}
        {openapi.data && (
          <Code block style={{ maxHeight: 480, overflow: 'auto' }} data-testid="gateway-openapi">
            {JSON.stringify(openapi.data, null, 2)}
          </Code>
        )}
      </Modal>
    </Stack>
  );
}
