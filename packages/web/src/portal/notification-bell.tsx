import { ActionIcon, Badge, Box, Button, Group, Menu, ScrollArea, Text, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLanguage } from '../app/i18n';
import { useSession } from '../app/session';
import { dossierApi, dossierKeys, type Notification } from './dossier-api';
import { formatInstant } from './dossier-labels';

type NotificationPage = { items: Notification[]; unread: number };

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" aria-hidden="true" focusable="false">
      <path
        d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** The signed-in citizen's in-app notifications: a bell with the unread count, in the header. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const { me } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const enabled = !!me && me.kind !== 'officer';
  const query = useQuery({
    queryKey: dossierKeys.notifications,
    queryFn: dossierApi.notifications,
    enabled,
    staleTime: 30_000,
    // Light polling while the tab is visible (TanStack pauses it in the background).
    refetchInterval: 120_000,
    retry: false,
  });
  const markRead = useMutation({
    mutationFn: (ids?: string[]) => dossierApi.markRead(ids),
    onMutate: (ids) => {
      const now = new Date().toISOString();
      queryClient.setQueryData<NotificationPage>(dossierKeys.notifications, (current) => {
        if (!current) return current;
        const items = current.items.map((item) =>
          !item.readAt && (!ids || ids.includes(item.id)) ? { ...item, readAt: now } : item,
        );
        const changed = current.items.filter((item) => !item.readAt && (!ids || ids.includes(item.id))).length;
        return { items, unread: Math.max(0, current.unread - changed) };
      });
    },
    onSuccess: ({ unread }) => {
      queryClient.setQueryData<NotificationPage>(dossierKeys.notifications, (current) =>
        current ? { ...current, unread } : current,
      );
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: dossierKeys.notifications }),
  });

  // Nothing to show until the list has come once (and nothing at all if the service is unavailable).
  if (!enabled || !query.data) return null;
  const { items, unread } = query.data;
  const label = unread > 0 ? t('portal.notifications.labelUnread', { count: unread }) : t('portal.notifications.label');

  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={320} onOpen={() => void query.refetch()}>
      <Box pos="relative">
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            radius="xl"
            aria-label={label}
            data-testid="notification-bell"
          >
            <BellIcon />
          </ActionIcon>
        </Menu.Target>
        {unread > 0 && (
          <Badge
            size="xs"
            color="red"
            variant="filled"
            circle={unread < 10}
            pos="absolute"
            top={-3}
            right={-5}
            aria-hidden="true"
            data-testid="notification-count"
            style={{ pointerEvents: 'none' }}
          >
            {unread > 99 ? '99+' : unread}
          </Badge>
        )}
      </Box>
      <Menu.Dropdown data-testid="notification-menu">
        <Group justify="space-between" px="sm" py={6} wrap="nowrap">
          <Text size="sm" fw={700}>
            {t('portal.notifications.title')}
          </Text>
          {unread > 0 && (
            <Button
              variant="subtle"
              size="compact-xs"
              onClick={() => markRead.mutate(undefined)}
              data-testid="notifications-mark-all"
            >
              {t('portal.notifications.markAll')}
            </Button>
          )}
        </Group>
        <Menu.Divider />
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" py="xs" data-testid="notifications-empty">
            {t('portal.notifications.empty')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={360} type="auto">
            {items.map((item) => (
              <Menu.Item
                key={item.id}
                onClick={() => {
                  if (!item.readAt) markRead.mutate([item.id]);
                  if (item.dossierId) navigate(`/ho-so-cua-toi/${item.dossierId}`);
                }}
                data-testid="notification-item"
                data-unread={item.readAt ? undefined : 'true'}
              >
                <Box>
                  <Text size="sm" fw={item.readAt ? 400 : 700}>
                    {!item.readAt && <VisuallyHidden>{t('portal.notifications.unread')}: </VisuallyHidden>}
                    {pick(item.title)}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={3}>
                    {pick(item.body)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatInstant(item.createdAt, language)}
                  </Text>
                </Box>
              </Menu.Item>
            ))}
          </ScrollArea.Autosize>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
