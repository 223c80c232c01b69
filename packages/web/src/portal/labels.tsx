import type { Deadline, Fee, ProcedureLevel, RequiredDocument, ServiceMode } from '@congso/core';
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../app/format';
import { type Language, useLanguage } from '../app/i18n';

const vndFormats = new Map<Language, Intl.NumberFormat>();

/** 25.000 ₫ / ₫25,000 */
export function formatVnd(amount: number, language: Language): string {
  let format = vndFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
      style: 'currency',
      currency: 'VND',
      maximumFractionDigits: 0,
    });
    vndFormats.set(language, format);
  }
  return format.format(amount);
}

/** A procedure's name without the stray leading punctuation some published names carry (". Đăng ký…"). */
export function displayName(name: string): string {
  return name.replace(/^[\s.,;:·•-]+/, '') || name;
}

/** A published text that says nothing beyond a bare number ("1", "05") or nothing at all. */
function isBareNumber(text: string): boolean {
  return /^\s*[\d.,]*\s*$/.test(text);
}

/** Deadline and fee labels in the current language, built from the structured values. */
export function useCatalogLabels() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const deadline = (value: Deadline | undefined): string => {
    if (!value) return t('app.common.none');
    if (value.unit === 'same_day' || value.unit === 'none') return t(`portal.deadline.${value.unit}`);
    return t(`portal.deadline.${value.unit}`, { count: value.amount, amount: formatNumber(value.amount, language) });
  };
  /** The text as published when it says more than the structured label. */
  const deadlineNote = (value: Deadline | undefined): string | null => {
    if (!value || isBareNumber(value.text)) return null;
    const label = deadline(value);
    return value.text.trim().toLocaleLowerCase('vi') === label.toLocaleLowerCase('vi') ? null : value.text;
  };
  const fee = (value: Fee | undefined): string => {
    if (!value) return t('app.common.none');
    if (value.amountVnd === 0)
      return /không thu|không phải|^\s*không\b/i.test(value.text) ? t('portal.fee.none') : t('portal.fee.free');
    if (value.amountVnd !== null) return formatVnd(value.amountVnd, language);
    return value.text.trim() || t('portal.fee.unknown');
  };
  /** The published explanation, when it says more than the amount shown ("500 VNĐ" does not). */
  const feeNote = (value: Fee | undefined): string | null => {
    if (!value || value.amountVnd === null) return null;
    const text = value.text.trim();
    const rest = text
      .toLocaleLowerCase('vi')
      .replace(/miễn phí|không thu phí|không|vnđ|vnd|đồng|đ/g, '')
      .replace(/[\d\s.,:;()/-]/g, '');
    return rest ? text : null;
  };
  return { deadline, deadlineNote, fee, feeNote };
}

const serviceModeColors: Record<ServiceMode, string> = {
  full_online: 'green',
  partial_online: 'blue',
  offline: 'gray',
};

export function ServiceModeBadge({ mode, size = 'sm' }: { mode: ServiceMode; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={serviceModeColors[mode] ?? 'gray'}
      tt="none"
      radius="sm"
      size={size}
      title={t(`portal.serviceModeHint.${mode}`)}
      data-testid="service-mode"
    >
      {t(`portal.serviceMode.${mode}`)}
    </Badge>
  );
}

export function LevelBadges({ levels }: { levels: readonly ProcedureLevel[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap" component="span">
      {levels.map((level) => (
        <Badge key={level} variant="outline" color="gray" tt="none" radius="sm" size="sm">
          {t(`portal.level.${level}`)}
        </Badge>
      ))}
    </Group>
  );
}

/** A titled card of a portal page (a procedure's or a dossier's). */
export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card component="section" withBorder radius="md" padding="md" data-testid={testId}>
      <Title order={2} size="h3" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** A required document's badges: mandatory or optional, how many originals and copies. */
export function DocumentBadges({
  document,
  mandatoryTestId,
}: {
  document: RequiredDocument;
  mandatoryTestId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      {document.mandatory ? (
        <Badge color="red" variant="light" size="sm" tt="none" radius="sm" data-testid={mandatoryTestId}>
          {t('portal.detail.mandatory')}
        </Badge>
      ) : (
        <Badge color="gray" variant="light" size="sm" tt="none" radius="sm">
          {t('portal.detail.optional')}
        </Badge>
      )}
      {document.original > 0 && (
        <Badge color="blue" variant="outline" size="sm" tt="none" radius="sm">
          {t('portal.detail.original', { count: document.original })}
        </Badge>
      )}
      {document.copy > 0 && (
        <Badge color="blue" variant="outline" size="sm" tt="none" radius="sm">
          {t('portal.detail.copy', { count: document.copy })}
        </Badge>
      )}
    </Group>
  );
}

/** No procedure has this code (the procedure page, the filing form). */
export function ProcedureNotFound({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start" py="lg" gap="sm" data-testid="procedure-not-found">
      <Title order={1}>{t('portal.detail.notFoundTitle')}</Title>
      <Text>{t('portal.detail.notFoundText', { code })}</Text>
      <Button component={Link} to="/thu-tuc" variant="light">
        {t('portal.detail.backToList')}
      </Button>
    </Stack>
  );
}
