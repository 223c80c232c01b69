import { Anchor, Breadcrumbs, Button, Card, CloseButton, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDate, formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { hasPermission, useSession } from '../app/session';
import { DemoCodeBadge, useValidityText } from './agency-line';
import { identityApi } from './api';
import { useIdentityLabels } from './labels';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0} data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

interface Props {
  id: string;
  onSelect: (id: string) => void;
  onClose: () => void;
}

export function AgencyDetailPanel({ id, onSelect, onClose }: Props) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { me } = useSession();
  const labels = useIdentityLabels();
  const validity = useValidityText();
  const detail = useQuery({ queryKey: ['agencies', 'detail', id], queryFn: () => identityApi.agency(id) });

  const none = t('app.common.none');
  const agency = detail.data;
  // The path runs from the root to the parent (the server may also end it with the agency itself).
  const ancestors = agency ? agency.path.filter((item) => item.id !== agency.id) : [];
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="agency-detail-title"
      data-testid="agency-detail"
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t('identity.agency.detailTitle')}
          </Text>
          <Title order={2} size="h4" id="agency-detail-title" data-testid="agency-detail-name">
            {agency ? agency.name : <Skeleton h={20} w={200} />}
          </Title>
        </Stack>
        <CloseButton aria-label={t('identity.agency.closeDetail')} onClick={onClose} />
      </Group>
      {detail.isError && <ErrorAlert error={detail.error} onRetry={() => detail.refetch()} />}
      {detail.isPending && (
        <Stack gap="xs">
          <Skeleton h={14} />
          <Skeleton h={14} w="70%" />
          <Skeleton h={14} w="50%" />
        </Stack>
      )}
      {agency && (
        <Stack gap="sm">
          {ancestors.length > 0 && (
            <Breadcrumbs
              separator="›"
              separatorMargin={4}
              style={{ flexWrap: 'wrap' }}
              aria-label={t('identity.agency.path')}
            >
              {ancestors.map((item) => (
                <Anchor key={item.id} component="button" type="button" size="xs" onClick={() => onSelect(item.id)}>
                  {item.name}
                </Anchor>
              ))}
            </Breadcrumbs>
          )}
          <dl style={{ display: 'grid', gap: 'var(--mantine-spacing-sm)', margin: 0 }}>
            <Field label={t('identity.agency.code')} testId="agency-detail-code">
              <Group gap={6} component="span">
                <span className="congso-code" style={{ fontSize: 14 }}>
                  {agency.code}
                </span>
                {agency.isDemoCode && <DemoCodeBadge />}
              </Group>
            </Field>
            <Field label={t('identity.agency.codeLevel')}>
              {t('identity.agency.codeLevelValue', { level: String(agency.codeLevel) })}
            </Field>
            <Field label={t('identity.agency.shortName')}>{agency.shortName || none}</Field>
            <Field label={t('identity.agency.kind')}>{labels.kind(agency.kind)}</Field>
            {(agency.adminUnitCode || agency.adminUnitName) && (
              <Field label={t('identity.agency.adminUnit')} testId="agency-detail-admin-unit">
                {agency.adminUnitName}
                {agency.adminUnitName && agency.adminUnitCode ? ' · ' : ''}
                {agency.adminUnitCode && (
                  <span className="congso-code" title={t('identity.agency.adminUnitCode')}>
                    {agency.adminUnitCode}
                  </span>
                )}
              </Field>
            )}
            <Field label={t('identity.agency.validity')} testId="agency-detail-validity">
              {validity(agency.validFrom, agency.validTo)}
            </Field>
            <Field label={t('identity.agency.parent')}>
              {agency.parent ? (
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => agency.parent && onSelect(agency.parent.id)}
                >
                  {agency.parent.name}
                </Anchor>
              ) : (
                none
              )}
            </Field>
            {agency.predecessors.length > 0 && (
              <Field label={t('identity.agency.predecessors')}>
                {agency.predecessors.map((item) => (
                  <span key={item.id} style={{ display: 'block' }}>
                    <Anchor component="button" type="button" size="sm" onClick={() => onSelect(item.id)}>
                      {item.name}
                    </Anchor>{' '}
                    <span className="congso-code">{item.code}</span>
                    {item.validTo && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({t('identity.agency.until', { date: formatDate(item.validTo, language) })})
                      </Text>
                    )}
                  </span>
                ))}
              </Field>
            )}
            {agency.successors.length > 0 && (
              <Field label={t('identity.agency.successors')}>
                {agency.successors.map((item) => (
                  <span key={item.id} style={{ display: 'block' }}>
                    <Anchor component="button" type="button" size="sm" onClick={() => onSelect(item.id)}>
                      {item.name}
                    </Anchor>{' '}
                    <span className="congso-code">{item.code}</span>
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({t('identity.agency.since', { date: formatDate(item.validFrom, language) })})
                    </Text>
                  </span>
                ))}
              </Field>
            )}
            <Field label={t('identity.agency.officerCount')} testId="agency-detail-officers">
              {formatNumber(agency.officerCount, language)}
            </Field>
          </dl>
          {hasPermission(me, 'officer.read') && (
            <Button
              component={Link}
              to={`/admin/officers?agencyId=${encodeURIComponent(agency.id)}`}
              variant="light"
              size="sm"
              style={{ alignSelf: 'flex-start' }}
            >
              {t('identity.agency.viewOfficers')}
            </Button>
          )}
        </Stack>
      )}
    </Card>
  );
}
