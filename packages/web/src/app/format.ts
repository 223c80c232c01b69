import type { Language } from './i18n';

const locales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };
const timeZone = 'Asia/Ho_Chi_Minh';

const dateFormats = new Map<Language, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<Language, Intl.DateTimeFormat>();
const numberFormats = new Map<Language, Intl.NumberFormat>();

/** A calendar date "YYYY-MM-DD" (no time zone) as 01/07/2025 or 1 Jul 2025. */
export function formatDate(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  let format = dateFormats.get(language);
  if (!format) {
    format =
      language === 'vi'
        ? new Intl.DateTimeFormat(locales.vi, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' })
        : new Intl.DateTimeFormat(locales.en, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(language, format);
  }
  return format.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** An instant (ISO timestamp) in Vietnam's time. */
export function formatDateTime(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  let format = dateTimeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[language], { dateStyle: 'short', timeStyle: 'short', timeZone });
    dateTimeFormats.set(language, format);
  }
  return format.format(date);
}

export function formatNumber(value: number | null | undefined, language: Language): string {
  if (value === null || value === undefined) return '';
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(locales[language]);
    numberFormats.set(language, format);
  }
  return format.format(value);
}

export const vietnameseCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
