import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { hasPermission, useMe } from '../app/session';
import { type AlertItem, alertApi, alertKeys } from './api';
import { useIocT } from './i18n';

/** The open alerts in the reader's reach, newest first, each acknowledged with one click. */
export function AlertsCard() {
  const t = useIocT();
  const { language } = useLanguage();
  const client = useQueryClient();
  const me = useMe().data;
  const alerts = useQuery({ queryKey: alertKeys.open, queryFn: alertApi.open });
  const ack = useMutation({
    mutationFn: (a: AlertItem) => alertApi.acknowledge(a),
    onSettled: () => client.invalidateQueries({ queryKey: alertKeys.open }),
  });
  return (
    <Card withBorder padding="sm" data-testid="ioc-alerts">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('alerts.title')}
          {alerts.data && alerts.data.total > 0 ? ` (${alerts.data.total})` : ''}
        </Title>
        <Group gap="md">
          {hasPermission(me, 'security.read') && (
            <Anchor component={Link} to="/dieu-hanh/an-ninh" size="sm" data-testid="ioc-security-link">
              {t('security.nav')}
            </Anchor>
          )}
          {hasPermission(me, 'alert.manage') && (
            <Anchor component={Link} to="/admin/canh-bao" size="sm" data-testid="ioc-alert-rules-link">
              {t('alerts.rules')}
            </Anchor>
          )}
        </Group>
      </Group>
      {alerts.isError && <ErrorAlert error={alerts.error} />}
      {ack.isError && <ErrorAlert error={ack.error} />}
      {alerts.data && alerts.data.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('alerts.empty')}
        </Text>
      )}
      <Stack gap={6} component="ul" className="ioc-alert-list">
        {(alerts.data?.items ?? []).map((a) => (
          <Group key={a.id} component="li" justify="space-between" wrap="nowrap" gap="sm" data-testid="ioc-alert">
            <div>
              <Text size="sm">{a.message[language]}</Text>
              <Text size="xs" c="dimmed">
                {t('alerts.seen', { time: formatDateTime(a.lastSeenAt, language) })}
              </Text>
            </div>
            <Button
              size="compact-sm"
              variant="default"
              loading={ack.isPending && ack.variables?.id === a.id}
              onClick={() => ack.mutate(a)}
              data-testid="ioc-alert-ack"
            >
              {t('alerts.acknowledge')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
