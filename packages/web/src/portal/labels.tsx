import type { Deadline, Fee, ProcedureLevel, ServiceMode } from '@congso/core';
import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
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
