import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { deskEn, deskVi } from './messages';

/**
 * The desk is loaded on demand, so its text is added to i18next when its first page loads, under `desk.*`
 * (the same shape as the contexts registered in app/i18n.ts). `useDeskT` gives a `t` typed against
 * `deskVi`, so a missing key is a type error as it is elsewhere.
 */
i18next.addResourceBundle('vi', 'translation', { desk: deskVi }, true, true);
i18next.addResourceBundle('en', 'translation', { desk: deskEn }, true, true);

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Keys of the desk's messages; plural forms are asked for by their base key with `count`. */
export type DeskKey = Exclude<Leaves<typeof deskVi>, `${string}_one`>;

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function useDeskT(): (key: DeskKey, options?: Record<string, unknown>) => string {
  const { t } = useTranslation();
  const translate = t as unknown as Translate;
  return (key, options) => translate(`desk.${key}`, options);
}
