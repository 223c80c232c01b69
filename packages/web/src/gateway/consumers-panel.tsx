import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { AgencyPicker } from '../identity/agency-picker';
import type { AgencyRef } from '../identity/api';
import { type ConsumerInput, type GatewayConsumer, gatewayApi, gatewayKeys } from './api';

const inputOf = (c: GatewayConsumer): ConsumerInput => ({
  code: c.code,
  name: c.name,
  agencyId: c.agencyId,
  rateLimitPerMinute: c.rateLimitPerMinute,
  active: c.active,
});

/** A consumer's row: its client id, its calls-per-minute limit (editable), on/off and the secret's rotation. */
function ConsumerRow({
  consumer,
  onRotate,
}: {
  consumer: GatewayConsumer;
  onRotate: (consumer: GatewayConsumer) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const [rate, setRate] = useState<number | string>(consumer.rateLimitPerMinute);
  const update = useMutation({
    mutationFn: (input: ConsumerInput) => gatewayApi.updateConsumer(consumer.id, consumer.version, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: gatewayKeys.consumers }),
  });
  const rateChanged = Number(rate) !== consumer.rateLimitPerMinute;
  return (
    <Table.Tr data-testid="gateway-consumer" data-code={consumer.code} style={{ verticalAlign: 'top' }}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {consumer.name}
        </Text>
        <Text size="xs" c="dimmed" className="congso-code">
          {consumer.code}
        </Text>
        {consumer.agencyName && (
          <Text size="xs" data-testid="gateway-consumer-agency">
            {consumer.agencyName}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="congso-code" style={{ wordBreak: 'break-all' }} data-testid="gateway-client-id">
          {consumer.clientId}
        </Text>
        <Text size="xs" c="dimmed">
          {t('gateway.consumers.secretSetAt')}: {formatDateTime(consumer.secretSetAt, language)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} align="flex-end" wrap="nowrap">
          <NumberInput
            aria-label={t('gateway.consumers.rateOf', { code: consumer.code })}
            value={rate}
            onChange={setRate}
            min={1}
            max={1_000_000}
            allowDecimal={false}
            thousandSeparator={language === 'vi' ? '.' : ','}
            decimalSeparator={language === 'vi' ? ',' : '.'}
            w={120}
            size="xs"
          />
          <Button
            size="xs"
            variant="light"
            disabled={!rateChanged}
            onClick={() => update.mutate({ ...inputOf(consumer), rateLimitPerMinute: Number(rate) })}
            aria-label={t('gateway.consumers.saveRateLabel', { code: consumer.code })}
          >
            {t('gateway.save')}
          </Button>
        </Group>
        {update.isError && <ErrorAlert error={update.error} />}
      </Table.Td>
      <Table.Td>
        <Badge color={consumer.active ? 'green' : 'gray.8'} variant="light" tt="none">
          {consumer.active ? t('gateway.active') : t('gateway.inactive')}
        </Badge>
        <Group gap={4} mt={4} wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            onClick={() => onRotate(consumer)}
            aria-label={t('gateway.consumers.rotateLabel', { code: consumer.code })}
            data-testid="gateway-consumer-rotate"
          >
            {t('gateway.consumers.rotate')}
          </Button>
          <Button
            size="xs"
            variant="light"
            loading={update.isPending}
            onClick={() => update.mutate({ ...inputOf(consumer), active: !consumer.active })}
            aria-label={t('gateway.consumers.toggleLabel', {
              action: consumer.active ? t('gateway.disable') : t('gateway.enable'),
              code: consumer.code,
            })}
            data-testid="gateway-consumer-toggle"
          >
            {consumer.active ? t('gateway.disable') : t('gateway.enable')}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** The consumers: create one (its secret shown once), rotate a secret (shown once), change the limit, turn off. */
export function ConsumersPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [rate, setRate] = useState<number | string>(600);
  const [agency, setAgency] = useState<AgencyRef | null>(null);
  const [rotating, setRotating] = useState<GatewayConsumer | null>(null);
  const [secret, setSecret] = useState<{ code: string; value: string } | null>(null);
  const consumers = useQuery({ queryKey: gatewayKeys.consumers, queryFn: gatewayApi.consumers });
  const create = useMutation({
    mutationFn: () =>
      gatewayApi.createConsumer({
        code: code.trim(),
        name: name.trim(),
        agencyId: agency?.id ?? null,
        rateLimitPerMinute: Number(rate) || 600,
        active: true,
      }),
    onSuccess: (answer) => {
      setSecret({ code: answer.consumer.code, value: answer.clientSecret });
      setCode('');
      setName('');
      setAgency(null);
      void queryClient.invalidateQueries({ queryKey: gatewayKeys.consumers });
    },
  });
  const rotate = useMutation({
    mutationFn: (c: GatewayConsumer) => gatewayApi.rotateSecret(c.id, c.version),
    onSuccess: (answer) => {
      setRotating(null);
      setSecret({ code: answer.consumer.code, value: answer.clientSecret });
      void queryClient.invalidateQueries({ queryKey: gatewayKeys.consumers });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    create.mutate();
  };
  const items = consumers.data ?? [];
  return (
    <Stack gap="md" data-testid="gateway-consumers">
      <Card withBorder component="section" aria-labelledby="gateway-consumer-add-title">
        <form onSubmit={submit} noValidate data-testid="gateway-consumer-form">
          <Stack gap="sm">
            <Title order={2} size="h4" id="gateway-consumer-add-title">
              {t('gateway.consumers.add')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('gateway.consumers.code')}
                description={t('gateway.services.codeHint').split(';')[0]}
                required
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                data-testid="gateway-consumer-code"
              />
              <TextInput
                label={t('gateway.consumers.name')}
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                data-testid="gateway-consumer-name"
              />
              <NumberInput
                label={t('gateway.consumers.rateLimit')}
                value={rate}
                onChange={setRate}
                min={1}
                max={1_000_000}
                allowDecimal={false}
              />
            </SimpleGrid>
            <AgencyPicker
              label={t('gateway.consumers.agency')}
              value={agency}
              onChange={setAgency}
              clearable
              description={t('gateway.consumers.agencyHint')}
              testId="gateway-consumer-agency-picker"
            />
            {create.isError && <ErrorAlert error={create.error} />}
            <Group>
              <Button type="submit" loading={create.isPending} data-testid="gateway-consumer-submit">
                {t('gateway.consumers.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {secret && (
        <Alert
          color="green"
          variant="light"
          title={t('gateway.consumers.secretTitle', { code: secret.code })}
          data-testid="gateway-consumer-secret"
          withCloseButton
          closeButtonLabel={t('app.common.close')}
          onClose={() => setSecret(null)}
        >
          <Text size="sm">{t('gateway.consumers.secretNote')}</Text>
          <Code block mt="xs" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {secret.value}
          </Code>
        </Alert>
      )}
      <Title order={2} size="h4">
        {t('gateway.consumers.table')}
      </Title>
      {consumers.isError && <ErrorAlert error={consumers.error} onRetry={() => consumers.refetch()} />}
      <Card
        withBorder
        padding={0}
        style={{ overflowX: 'auto' }}
        tabIndex={0}
        role="region"
        aria-label={t('gateway.consumers.table')}
      >
        <Table striped verticalSpacing="xs" aria-label={t('gateway.consumers.table')} miw={860}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('gateway.consumers.name')}</Table.Th>
              <Table.Th scope="col">{t('gateway.consumers.clientId')}</Table.Th>
              <Table.Th scope="col">{t('gateway.consumers.rateLimit')}</Table.Th>
              <Table.Th scope="col">{t('gateway.services.activeLabel')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              // Keyed by version: after a change the row starts again from the saved values.
              <ConsumerRow key={`${c.id}:${c.version}`} consumer={c} onRotate={setRotating} />
            ))}
            {consumers.data && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" size="sm" ta="center" py="md">
                    {t('gateway.consumers.none')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Card>
      <Modal
        opened={rotating !== null}
        onClose={() => setRotating(null)}
        title={t('gateway.consumers.rotateLabel', { code: rotating?.code ?? '' })}
      >
        <Stack gap="sm">
          <Text size="sm">{t('gateway.consumers.rotateConfirm', { code: rotating?.code ?? '' })}</Text>
          {rotate.isError && <ErrorAlert error={rotate.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRotating(null)}>
              {t('gateway.cancel')}
            </Button>
            <Button
              loading={rotate.isPending}
              onClick={() => rotating && rotate.mutate(rotating)}
              data-testid="gateway-consumer-rotate-confirm"
            >
              {t('gateway.consumers.rotateDo')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
