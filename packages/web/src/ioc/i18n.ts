import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { iocEn, iocVi } from './messages';

/**
 * The ioc is loaded on demand, so its text is added to i18next when its first page loads, under `ioc.*`
 * (the same shape as the contexts registered in app/i18n.ts). `useIocT` gives a `t` typed against
 * `iocVi`, so a missing key is a type error as it is elsewhere.
 */
i18next.addResourceBundle('vi', 'translation', { ioc: iocVi }, true, true);
i18next.addResourceBundle('en', 'translation', { ioc: iocEn }, true, true);

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Keys of the ioc's messages; plural forms are asked for by their base key with `count`. */
export type IocKey = Exclude<Leaves<typeof iocVi>, `${string}_one`>;

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function useIocT(): (key: IocKey, options?: Record<string, unknown>) => string {
  const { t } = useTranslation();
  const translate = t as unknown as Translate;
  return (key, options) => translate(`ioc.${key}`, options);
}
