import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { officeEn, officeVi } from './messages';

/**
 * The documents office is loaded on demand, so its text is added to i18next when its first page loads,
 * under `office.*` (as the desk does). `useOfficeT` gives a `t` typed against `officeVi`.
 */
i18next.addResourceBundle('vi', 'translation', { office: officeVi }, true, true);
i18next.addResourceBundle('en', 'translation', { office: officeEn }, true, true);

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type OfficeKey = Leaves<typeof officeVi>;

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function useOfficeT(): (key: OfficeKey, options?: Record<string, unknown>) => string {
  const { t } = useTranslation();
  const translate = t as unknown as Translate;
  return (key, options) => translate(`office.${key}`, options);
}
