import { type AgencyKind, agencyKindLabels, type OfficerRole, officerRoles, roleLabels } from '@congso/core';
import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../app/i18n';

/** Role and agency-kind labels come from @congso/core; these helpers only pick the language. */
export function useIdentityLabels() {
  const { pick } = useLanguage();
  return {
    role: (role: OfficerRole) => pick(roleLabels[role]) || role,
    kind: (kind: AgencyKind) => pick(agencyKindLabels[kind]) || kind,
    roleOptions: () => officerRoles.map((role) => ({ value: role, label: pick(roleLabels[role]) })),
  };
}

export function RoleBadges({ roles }: { roles: readonly OfficerRole[] }) {
  const { t } = useTranslation();
  const labels = useIdentityLabels();
  if (roles.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('app.home.noRoles')}
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {roles.map((role) => (
        <Badge key={role} variant="light" color={role === 'admin' ? 'red' : 'blue'} tt="none" radius="sm">
          {labels.role(role)}
        </Badge>
      ))}
    </Group>
  );
}
