import { Alert, Anchor, Badge, Button, Card, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDate, formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { type InboxItem, type IncomingDetail, officeApi, officeKeys } from './api';
import { useOfficeT } from './i18n';
import { PriorityBadge, useOfficeLabels } from './labels';
import { OfficePage } from './layout';
import { isDocumentClerk } from './roles';
import { TableScroll } from './scroll';

/**
 * Documents sent to the agency by other agencies, inside Congso or in edXML packages from other installations:
 * the clerk registers each (arrival number; for a package, 03 goes back to its sender).
 */
function Inbox() {
  const t = useOfficeT();
  const { t: tt } = useTranslation();
  const labels = useOfficeLabels();
  const { language } = useLanguage();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const clerk = isDocumentClerk(me);
  const [registered, setRegistered] = useState<IncomingDetail | null>(null);
  const [refusing, setRefusing] = useState<InboxItem | null>(null);
  const [refusedName, setRefusedName] = useState<string | null>(null);
  useDocumentTitle(t('inbox.title'));

  const inbox = useQuery({ queryKey: officeKeys.inbox, queryFn: officeApi.inbox, staleTime: 5_000 });
  const register = useMutation({
    mutationFn: (deliveryId: string) => officeApi.registerDelivery(deliveryId),
    onSuccess: (doc) => {
      setRegistered(doc);
      setRefusedName(null);
      queryClient.setQueryData(officeKeys.detail('incoming', doc.id), doc);
      void queryClient.invalidateQueries({ queryKey: officeKeys.inbox });
      void queryClient.invalidateQueries({ queryKey: ['office', 'list'] });
    },
  });
  const onRefused = (item: InboxItem) => {
    setRefusing(null);
    setRegistered(null);
    setRefusedName(item.notation ?? item.subject);
    void queryClient.invalidateQueries({ queryKey: officeKeys.inbox });
  };
  const items = inbox.data?.items ?? [];

  return (
    <Stack gap="md" data-testid="inbox-page">
      <div>
        <Title order={1} size="h2">
          {t('inbox.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('inbox.intro', { agency: me?.agency?.name ?? '' })}
        </Text>
      </div>
      {registered && (
        <Alert color="green" variant="light" role="status" data-testid="inbox-registered">
          <Group gap="sm">
            <Text size="sm" fw={500}>
              {t('inbox.registered', { number: registered.number })}
            </Text>
            <Anchor component={Link} to={`/van-ban/den/${registered.id}`} size="sm" data-testid="inbox-open-registered">
              {t('inbox.openRegistered')}
            </Anchor>
          </Group>
        </Alert>
      )}
      {refusedName && (
        <Alert color="blue" variant="light" role="status" data-testid="inbox-refused">
          <Text size="sm">{t('inbox.refused', { name: refusedName })}</Text>
        </Alert>
      )}
      {refusing && <RefuseModal item={refusing} onClose={() => setRefusing(null)} onDone={onRefused} />}
      {register.isError && <ErrorAlert error={register.error} testId="inbox-error" />}
      {inbox.isError && <ErrorAlert error={inbox.error} onRetry={() => inbox.refetch()} />}
      <Card withBorder radius="md" padding={0}>
        <TableScroll minWidth={860} label={t('inbox.table')}>
          <Table
            striped
            verticalSpacing={6}
            horizontalSpacing="sm"
            aria-label={t('inbox.table')}
            aria-busy={inbox.isFetching}
            layout="fixed"
            className="desk-table"
            data-testid="inbox-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={140}>
                  {t('list.notation')}
                </Table.Th>
                <Table.Th scope="col">{t('list.subject')}</Table.Th>
                <Table.Th scope="col" w={200}>
                  {t('inbox.from')}
                </Table.Th>
                <Table.Th scope="col" w={140}>
                  {t('inbox.sentAt')}
                </Table.Th>
                {clerk && (
                  <Table.Th scope="col" w={190}>
                    <span className="office-sr-only">{t('inbox.actions')}</span>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => {
                const name = item.notation ?? item.subject;
                return (
                  <Table.Tr key={item.deliveryId} data-testid="inbox-row" data-delivery={item.deliveryId}>
                    <Table.Td>
                      <Text size="sm" fw={600} className="congso-code">
                        {item.notation ?? tt('app.common.none')}
                      </Text>
                      {item.issuedDate && (
                        <Text size="xs" c="dimmed">
                          {formatDate(item.issuedDate, language)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" className="office-subject">
                        {item.subject}
                      </Text>
                      <Group gap={6} mt={2}>
                        <Text size="xs" c="dimmed">
                          {labels.type(item.typeCode)}
                        </Text>
                        <PriorityBadge priority={item.priority} />
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{item.fromAgencyName}</Text>
                      {item.source === 'edxml' && (
                        <Badge variant="light" color="blue" tt="none" size="sm" data-testid="inbox-edxml">
                          {t('inbox.edxml')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{formatDateTime(item.sentAt, language)}</Text>
                    </Table.Td>
                    {clerk && (
                      <Table.Td>
                        <Button
                          size="xs"
                          onClick={() => register.mutate(item.deliveryId)}
                          loading={register.isPending && register.variables === item.deliveryId}
                          aria-label={t('inbox.registerLabel', { name })}
                          data-testid="inbox-register"
                        >
                          {t('inbox.register')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          ml={6}
                          onClick={() => setRefusing(item)}
                          aria-label={t('inbox.refuseLabel', { name })}
                          data-testid="inbox-refuse"
                        >
                          {t('inbox.refuse')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
              {!inbox.isPending && items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={clerk ? 5 : 4}>
                    <Text size="sm" c="dimmed" ta="center" py="lg" data-testid="inbox-empty">
                      {t('inbox.empty')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
    </Stack>
  );
}

/** The clerk refuses an inbox item with a reason; the sender is told (02 back for an edXML package). */
function RefuseModal({
  item,
  onClose,
  onDone,
}: {
  item: InboxItem;
  onClose: () => void;
  onDone: (item: InboxItem) => void;
}) {
  const t = useOfficeT();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const refuse = useMutation({
    mutationFn: () => officeApi.refuseDelivery(item.deliveryId, reason.trim()),
    onSuccess: () => onDone(item),
  });
  const tooShort = reason.trim().length < 5;
  const name = item.notation ?? item.subject;
  return (
    <Modal opened onClose={onClose} title={t('inbox.refuseTitle')} size="lg" data-testid="inbox-refuse-modal">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (!tooShort) refuse.mutate();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('inbox.refuseIntro', { name, from: item.fromAgencyName })}</Text>
          {refuse.isError && <ErrorAlert error={refuse.error} testId="inbox-refuse-error" />}
          <Textarea
            label={t('inbox.refuseReason')}
            description={t('inbox.refuseReasonHint')}
            required
            autosize
            minRows={2}
            maxRows={6}
            maxLength={500}
            data-autofocus
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={touched && tooShort ? t('inbox.refuseReasonHint') : undefined}
            data-testid="inbox-refuse-reason"
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('inbox.cancel')}
            </Button>
            <Button type="submit" color="red.8" loading={refuse.isPending} data-testid="inbox-refuse-submit">
              {t('inbox.refuseSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** /van-ban/nhan: documents delivered by other agencies, waiting to be registered. */
export default function InboxPage() {
  return (
    <OfficePage>
      <Inbox />
    </OfficePage>
  );
}
