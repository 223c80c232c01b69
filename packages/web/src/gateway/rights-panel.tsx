import { Alert, Card, Checkbox, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/errors';
import { gatewayApi, gatewayKeys } from './api';

/**
 * Rights: consumers in rows, services in columns, a box per right (grant or take back at once). The rate
 * limit is the consumer's (calls per minute), set on the consumers' part.
 */
export function RightsPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const services = useQuery({ queryKey: gatewayKeys.services, queryFn: gatewayApi.services });
  const consumers = useQuery({ queryKey: gatewayKeys.consumers, queryFn: gatewayApi.consumers });
  const rights = useQuery({ queryKey: gatewayKeys.rights, queryFn: gatewayApi.rights });
  const set = useMutation({
    mutationFn: (v: { consumerId: string; serviceId: string; granted: boolean }) =>
      gatewayApi.setRight(v.consumerId, v.serviceId, v.granted),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: gatewayKeys.rights }),
  });
  const granted = new Set((rights.data ?? []).map((r) => `${r.consumerId}:${r.serviceId}`));
  const serviceItems = services.data ?? [];
  const consumerItems = consumers.data ?? [];
  const error = services.error ?? consumers.error ?? rights.error;
  return (
    <Stack gap="md" data-testid="gateway-rights">
      <Text size="sm" c="dimmed">
        {t('gateway.rights.intro')}
      </Text>
      {error && <ErrorAlert error={error} />}
      {set.isError && <ErrorAlert error={set.error} />}
      {set.isSuccess && (
        <Alert color="green" variant="light" role="status">
          {t('gateway.rights.changed')}
        </Alert>
      )}
      {!services.data || !consumers.data || !rights.data ? null : serviceItems.length === 0 ||
        consumerItems.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('gateway.rights.none')}
        </Text>
      ) : (
        <Card
          withBorder
          padding={0}
          style={{ overflowX: 'auto' }}
          tabIndex={0}
          role="region"
          aria-label={t('gateway.rights.table')}
        >
          <Table
            striped
            verticalSpacing="xs"
            aria-label={t('gateway.rights.table')}
            miw={240 + 140 * serviceItems.length}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('gateway.rights.consumer')}</Table.Th>
                {serviceItems.map((s) => (
                  <Table.Th key={s.id} scope="col" ta="center">
                    <Text size="sm" fw={600}>
                      {s.name}
                    </Text>
                    <Text size="xs" c="dimmed" className="congso-code">
                      {s.code}
                    </Text>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {consumerItems.map((c) => (
                <Table.Tr key={c.id} data-testid="gateway-rights-row" data-code={c.code}>
                  <Table.Th scope="row">
                    <Text size="sm" fw={600}>
                      {c.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {c.code} · {t('gateway.consumers.perMinute', { count: c.rateLimitPerMinute })}
                    </Text>
                  </Table.Th>
                  {serviceItems.map((s) => {
                    const key = `${c.id}:${s.id}`;
                    return (
                      <Table.Td key={s.id} ta="center">
                        <Checkbox
                          style={{ display: 'inline-block' }}
                          aria-label={t('gateway.rights.grant', { consumer: c.name, service: s.name })}
                          checked={granted.has(key)}
                          disabled={set.isPending && set.variables?.consumerId === c.id}
                          onChange={(e) =>
                            set.mutate({ consumerId: c.id, serviceId: s.id, granted: e.currentTarget.checked })
                          }
                          data-testid={`gateway-right-${c.code}-${s.code}`}
                        />
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
