import { representationStatusLabels, representativeRoleLabels } from '@congso/core';
import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/errors';
import { formatDate } from '../app/format';
import { useLanguage } from '../app/i18n';
import { digitisationKeys, type Representation, representationsApi } from './api';

const statusColor = { active: 'green', expired: 'gray', revoked: 'red' } as const;

/** One link: the organisation (or the person), role, how and until when; revoke while in force. */
function LinkLine({ link, who, revokeLabel }: { link: Representation; who: string; revokeLabel: string }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: () => representationsApi.revoke(link.id, { version: link.version, reason: reason.trim() }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: digitisationKeys.representations });
      void queryClient.invalidateQueries({ queryKey: digitisationKeys.store });
    },
  });
  return (
    <Card component="li" withBorder radius="md" padding="sm" data-testid="representation" data-status={link.status}>
      <Stack gap={4}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Text fw={600}>{who}</Text>
          <Badge variant="light" color={statusColor[link.status]}>
            {pick(representationStatusLabels[link.status])}
          </Badge>
        </Group>
        <Text size="sm">
          {pick(representativeRoleLabels[link.role])}
          {' · '}
          {link.validUntil
            ? t('digitisation.representation.validUntil', { date: formatDate(link.validUntil, language) })
            : t('digitisation.representation.noExpiry')}
        </Text>
        {link.grantedBy && (
          <Text size="xs" c="dimmed">
            {t('digitisation.representation.grantedBy', { name: link.grantedBy.name })}
          </Text>
        )}
        {link.status === 'active' && (
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              size="xs"
              label={t('digitisation.representation.reason')}
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.currentTarget.value)}
              data-testid="representation-reason"
            />
            <Button
              size="xs"
              variant="light"
              color="red"
              disabled={reason.trim() === ''}
              loading={revoke.isPending}
              onClick={() => revoke.mutate()}
              data-testid="representation-revoke"
            >
              {revokeLabel}
            </Button>
          </Group>
        )}
        {revoke.isError && <ErrorAlert error={revoke.error} />}
      </Stack>
    </Card>
  );
}

/** The legal representative's view of an organisation: its links, and authorising another person. */
function OrganisationLinks({ organisation }: { organisation: Representation['organisation'] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const links = useQuery({
    queryKey: digitisationKeys.organisation(organisation.id),
    queryFn: () => representationsApi.ofOrganisation(organisation.id),
  });
  const [nationalId, setNationalId] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const grant = useMutation({
    mutationFn: () =>
      representationsApi.grant({ organisationId: organisation.id, nationalId: nationalId.trim(), validUntil }),
    onSuccess: () => {
      setNationalId('');
      setValidUntil('');
      void queryClient.invalidateQueries({ queryKey: digitisationKeys.representations });
    },
  });
  return (
    <Stack gap="xs" data-testid="organisation-links">
      <Title order={3} size="h5">
        {t('digitisation.representation.representatives', { name: organisation.name })}
      </Title>
      {links.isError && <ErrorAlert error={links.error} onRetry={() => links.refetch()} />}
      <ul className="portal-results">
        {(links.data?.items ?? [])
          .filter((l) => l.role === 'authorised_person')
          .map((l) => (
            <LinkLine
              key={l.id}
              link={l}
              who={`${l.person.name} (${l.person.nationalId ?? ''})`}
              revokeLabel={t('digitisation.representation.revoke')}
            />
          ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          grant.mutate();
        }}
      >
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('digitisation.representation.grantTitle')}
          </Text>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              label={t('digitisation.representation.grantNationalId')}
              inputMode="numeric"
              maxLength={12}
              value={nationalId}
              onChange={(event) => setNationalId(event.currentTarget.value)}
              data-testid="grant-national-id"
            />
            <TextInput
              type="date"
              label={t('digitisation.representation.grantUntil')}
              value={validUntil}
              onChange={(event) => setValidUntil(event.currentTarget.value)}
              data-testid="grant-until"
            />
            <Button type="submit" loading={grant.isPending} data-testid="grant-submit">
              {t('digitisation.representation.grant')}
            </Button>
          </Group>
          {grant.isError && <ErrorAlert error={grant.error} />}
          {grant.isSuccess && (
            <Alert color="green" role="status">
              {t('digitisation.representation.granted', { name: grant.data.person.name })}
            </Alert>
          )}
        </Stack>
      </form>
    </Stack>
  );
}

/**
 * The citizen's organisations: the links they hold (give one up), confirming themselves as an enterprise's
 * legal representative from the business registration, and — as legal representative — authorising others.
 */
export function RepresentationsPanel({ links }: { links: Representation[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const confirm = useMutation({
    mutationFn: () => representationsApi.confirm(code.trim()),
    onSuccess: () => {
      setCode('');
      void queryClient.invalidateQueries({ queryKey: digitisationKeys.representations });
    },
  });
  const legal = links.filter((l) => l.status === 'active' && l.role === 'legal_representative');
  return (
    <Card withBorder radius="md" padding="md" data-testid="representations">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('digitisation.representation.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('digitisation.representation.intro')}
        </Text>
        {links.length === 0 ? (
          <Text>{t('digitisation.representation.none')}</Text>
        ) : (
          <ul className="portal-results">
            {links.map((l) => (
              <LinkLine
                key={l.id}
                link={l}
                who={`${l.organisation.name}${l.organisation.taxCode ? ` (${l.organisation.taxCode})` : ''}`}
                revokeLabel={t('digitisation.representation.giveUp')}
              />
            ))}
          </ul>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            confirm.mutate();
          }}
        >
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              label={t('digitisation.representation.code')}
              inputMode="numeric"
              maxLength={14}
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              data-testid="confirm-code"
            />
            <Button type="submit" loading={confirm.isPending} data-testid="confirm-submit">
              {t('digitisation.representation.confirm')}
            </Button>
          </Group>
        </form>
        {confirm.isError && <ErrorAlert error={confirm.error} />}
        {confirm.isSuccess && (
          <Alert color="green" role="status">
            {t('digitisation.representation.confirmed', { name: confirm.data.organisation.name })}
          </Alert>
        )}
        {legal.map((l) => (
          <OrganisationLinks key={l.id} organisation={l.organisation} />
        ))}
      </Stack>
    </Card>
  );
}
