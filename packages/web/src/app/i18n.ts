import type { LocalizedText } from '@congso/core';
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { digitisationEn, digitisationVi } from '../digitisation/messages';
import { exchangeEn, exchangeVi } from '../exchange/messages';
import { feesEn, feesVi } from '../fees/messages';
import { gatewayEn, gatewayVi } from '../gateway/messages';
import { identityEn, identityVi } from '../identity/messages';
import { paymentsEn, paymentsVi } from '../payments/messages';
import { portalEn, portalVi } from '../portal/messages';
import { signingEn, signingVi } from '../signing/messages';
import { webhooksEn, webhooksVi } from '../webhooks/messages';
import { appEn, appVi } from './messages';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'congso.language';

const vi = {
  app: appVi,
  digitisation: digitisationVi,
  exchange: exchangeVi,
  fees: feesVi,
  gateway: gatewayVi,
  identity: identityVi,
  payments: paymentsVi,
  portal: portalVi,
  signing: signingVi,
  webhooks: webhooksVi,
};
const en = {
  app: appEn,
  digitisation: digitisationEn,
  exchange: exchangeEn,
  fees: feesEn,
  gateway: gatewayEn,
  identity: identityEn,
  payments: paymentsEn,
  portal: portalEn,
  signing: signingEn,
  webhooks: webhooksEn,
};

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(storageKey);
    return value === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

function applyDocumentLanguage(language: string): void {
  document.documentElement.lang = language === 'en' ? 'en' : 'vi';
}

export function initI18n(): typeof i18next {
  const lng = storedLanguage();
  void i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'vi',
    supportedLngs: [...languages],
    resources: { vi: { translation: vi }, en: { translation: en } },
    interpolation: { escapeValue: false }, // React escapes.
    returnNull: false,
    initAsync: false,
  });
  applyDocumentLanguage(lng);
  i18next.on('languageChanged', (language) => {
    applyDocumentLanguage(language);
    try {
      localStorage.setItem(storageKey, language);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  });
  return i18next;
}

export function currentLanguage(language: string | undefined): Language {
  return language === 'en' ? 'en' : 'vi';
}

/** The current language plus helpers to pick localized labels (from @congso/core) and format values. */
export function useLanguage() {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n.resolvedLanguage ?? i18n.language);
  return {
    language,
    setLanguage: (next: Language) => void i18n.changeLanguage(next),
    pick: (text: LocalizedText | null | undefined): string => (text ? text[language] : ''),
  };
}
