import { type WebhookEventType, webhookEventLabels, webhookEventTypes } from '@congso/core';
import { Alert, Badge, Button, Card, Checkbox, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';

interface Subscription {
  id: string;
  name: string;
  url: string;
  eventTypes: WebhookEventType[];
  active: boolean;
  createdAt: string;
}

interface Delivery {
  id: string;
  type: WebhookEventType;
  subject: string | null;
  occurredAt: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastResponseMs: number | null;
  lastError: string | null;
}

const statusColor = { pending: 'yellow', delivered: 'green', failed: 'red' } as const;

/** One subscriber's delivery log, with a redeliver action per event. */
function DeliveryLog({ subscription }: { subscription: Subscription }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    queryKey: ['webhooks', 'deliveries', subscription.id],
    queryFn: () =>
      api.get<{ items: Delivery[] }>(`/webhooks/subscriptions/${subscription.id}/deliveries`).then((r) => r.items),
    refetchInterval: 10_000,
  });
  const redeliver = useMutation({
    mutationFn: (id: string) => api.post<null>(`/webhooks/deliveries/${id}/redeliver`, {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['webhooks', 'deliveries', subscription.id] }),
  });
  const items = deliveries.data ?? [];
  return (
    <Stack gap="xs">
      {redeliver.isSuccess && (
        <Alert color="green" variant="light" role="status" data-testid="webhook-redelivered">
          {t('webhooks.redelivered')}
        </Alert>
      )}
      {redeliver.isError && <ErrorAlert error={redeliver.error} />}
      {deliveries.isError && <ErrorAlert error={deliveries.error} onRetry={() => deliveries.refetch()} />}
      {/* Scrolls sideways on a phone: its viewport takes the focus, so a keyboard can scroll it (WCAG 2.1.1). */}
      <Table.ScrollContainer
        minWidth={640}
        scrollAreaProps={{
          viewportProps: {
            tabIndex: 0,
            role: 'region',
            'aria-label': t('webhooks.logTable', { name: subscription.name }),
          },
        }}
      >
        <Table
          striped
          verticalSpacing="xs"
          aria-label={t('webhooks.logTable', { name: subscription.name })}
          data-testid="webhook-deliveries"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('webhooks.time')}</Table.Th>
              <Table.Th scope="col">{t('webhooks.event')}</Table.Th>
              <Table.Th scope="col">{t('webhooks.status')}</Table.Th>
              <Table.Th scope="col">{t('webhooks.response')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => (
              <Table.Tr
                key={d.id}
                data-testid="webhook-delivery"
                data-status={d.status}
                style={{ verticalAlign: 'top' }}
              >
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.occurredAt, language)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{pick(webhookEventLabels[d.type])}</Text>
                  <Text size="xs" c="dimmed" className="congso-code" style={{ wordBreak: 'break-all' }}>
                    {d.subject}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={statusColor[d.status]} variant="light" tt="none">
                    {t(`webhooks.statuses.${d.status}`)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t('webhooks.attempts')}: {d.attempts}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {d.lastStatusCode ?? (d.attempts > 0 ? t('webhooks.noAnswer') : '—')}
                    {d.lastResponseMs !== null ? ` · ${t('webhooks.ms', { ms: d.lastResponseMs })}` : ''}
                  </Text>
                  {d.lastError && d.status !== 'delivered' && (
                    <Text size="xs" c="red.9" style={{ wordBreak: 'break-word' }}>
                      {d.lastError}
                    </Text>
                  )}
                  <Button
                    size="xs"
                    mt={4}
                    variant="light"
                    onClick={() => redeliver.mutate(d.id)}
                    loading={redeliver.isPending && redeliver.variables === d.id}
                    aria-label={t('webhooks.redeliverLabel', { subject: d.subject ?? d.id })}
                    data-testid="webhook-redeliver"
                  >
                    {t('webhooks.redeliver')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
            {deliveries.data && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" size="sm" ta="center" py="sm">
                    {t('webhooks.noDeliveries')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/**
 * /admin/webhook: the province administrator registers agency systems that receive dossier and document events
 * (the secret shown once), and reads each one's delivery log with a redeliver action.
 */
export default function WebhooksPage() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const queryClient = useQueryClient();
  useDocumentTitle(t('webhooks.title'));
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<string[]>([...webhookEventTypes]);
  const [open, setOpen] = useState<string | null>(null);
  const subscriptions = useQuery({
    queryKey: ['webhooks', 'subscriptions'],
    queryFn: () => api.get<{ items: Subscription[] }>('/webhooks/subscriptions').then((r) => r.items),
  });
  const create = useMutation({
    mutationFn: () =>
      api.post<Subscription & { secret: string }>('/webhooks/subscriptions', {
        name: name.trim(),
        url: url.trim(),
        eventTypes: types,
      }),
    onSuccess: () => {
      setName('');
      setUrl('');
      void queryClient.invalidateQueries({ queryKey: ['webhooks', 'subscriptions'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const items = subscriptions.data ?? [];

  return (
    <Stack gap="md" data-testid="webhooks-page">
      <div>
        <Title order={1} size="h2">
          {t('webhooks.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('webhooks.intro')}
        </Text>
      </div>
      <Card withBorder component="section" aria-labelledby="webhook-add-title">
        <form onSubmit={submit} noValidate data-testid="webhook-form">
          <Stack gap="sm">
            <Title order={2} size="h4" id="webhook-add-title">
              {t('webhooks.add')}
            </Title>
            <TextInput
              label={t('webhooks.name')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="webhook-name"
            />
            <TextInput
              label={t('webhooks.url')}
              required
              type="url"
              placeholder="https://"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              data-testid="webhook-url"
            />
            <Checkbox.Group label={t('webhooks.types')} value={types} onChange={setTypes} required>
              <Stack gap={6} mt={6}>
                {webhookEventTypes.map((type) => (
                  <Checkbox key={type} value={type} label={pick(webhookEventLabels[type])} />
                ))}
              </Stack>
            </Checkbox.Group>
            {create.isError && <ErrorAlert error={create.error} />}
            <Group>
              <Button type="submit" loading={create.isPending} data-testid="webhook-submit">
                {t('webhooks.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {create.isSuccess && (
        <Alert color="green" variant="light" title={t('webhooks.secretTitle')} data-testid="webhook-secret">
          <Text size="sm">{t('webhooks.secretNote')}</Text>
          <Code block mt="xs" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {create.data.secret}
          </Code>
        </Alert>
      )}
      <Title order={2} size="h4">
        {t('webhooks.subscribers')}
      </Title>
      {subscriptions.isError && <ErrorAlert error={subscriptions.error} onRetry={() => subscriptions.refetch()} />}
      {subscriptions.data && items.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('webhooks.none')}
        </Text>
      )}
      {items.map((s) => (
        <Card withBorder key={s.id} data-testid="webhook-subscription">
          <Stack gap="xs">
            <Group justify="space-between" wrap="wrap">
              <div style={{ minWidth: 0 }}>
                <Text fw={600}>{s.name}</Text>
                <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
                  {s.url}
                </Text>
              </div>
              {s.active && (
                <Badge color="green" variant="light" tt="none">
                  {t('webhooks.active')}
                </Badge>
              )}
            </Group>
            <Group gap={6}>
              {s.eventTypes.map((type) => (
                <Badge key={type} variant="outline" color="gray.8" tt="none">
                  {pick(webhookEventLabels[type])}
                </Badge>
              ))}
            </Group>
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() => setOpen(open === s.id ? null : s.id)}
                aria-expanded={open === s.id}
                aria-label={t('webhooks.showLog', { name: s.name })}
                data-testid="webhook-show-log"
              >
                {t('webhooks.log')}
              </Button>
            </Group>
            {open === s.id && <DeliveryLog subscription={s} />}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
