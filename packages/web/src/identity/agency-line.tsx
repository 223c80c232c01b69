import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../app/format';
import { useLanguage } from '../app/i18n';
import type { AgencySummary } from './api';
import { useIdentityLabels } from './labels';

export function useValidityText() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (validFrom: string, validTo: string | null): string =>
    validTo
      ? t('identity.agency.validRange', { from: formatDate(validFrom, language), to: formatDate(validTo, language) })
      : t('identity.agency.validSince', { from: formatDate(validFrom, language) });
}

export function DemoCodeBadge() {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('identity.agency.demoCodeHint')} withArrow>
      <Badge size="xs" color="yellow" variant="light" tt="none" radius="sm" data-testid="demo-code-badge">
        {t('identity.agency.demoCode')}
      </Badge>
    </Tooltip>
  );
}

/** One agency as a compact line: name, short name, code, kind, demo badge and, if historical, its dates. */
export function AgencyLine({ agency }: { agency: AgencySummary }) {
  const { t } = useTranslation();
  const labels = useIdentityLabels();
  const validity = useValidityText();
  return (
    <div>
      <Text size="sm" fw={500} className="congso-agency-name" span>
        {agency.name}
      </Text>
      <Group gap={6} mt={2} wrap="wrap">
        <span className="congso-code" data-testid="agency-code">
          {agency.code}
        </span>
        {agency.shortName && (
          <Text size="xs" c="dimmed" span>
            {agency.shortName}
          </Text>
        )}
        <Badge size="xs" variant="outline" color="gray" tt="none" radius="sm">
          {labels.kind(agency.kind)}
        </Badge>
        {agency.adminUnitName && agency.adminUnitName !== agency.name && (
          <Text size="xs" c="dimmed" span>
            {agency.adminUnitName}
          </Text>
        )}
        {agency.isDemoCode && <DemoCodeBadge />}
        {agency.validTo && (
          <Text size="xs" c="dimmed" span data-testid="agency-validity">
            {t('identity.agency.historical')} · {validity(agency.validFrom, agency.validTo)}
          </Text>
        )}
      </Group>
    </div>
  );
}
