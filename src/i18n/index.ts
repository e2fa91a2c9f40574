/**
 * The one i18n layer: Swedish first, English complete. Keys are English; texts live in sv.json and
 * en.json beside this file (a test checks that both have the same keys).
 */
import i18next, { type TFunction } from 'i18next';
import en from './en.json';
import sv from './sv.json';

export const locales = ['sv', 'en'] as const;
export type Locale = (typeof locales)[number];

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  resources: { sv: { translation: sv }, en: { translation: en } },
  lng: 'sv',
  fallbackLng: 'sv',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function translator(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}

/** Maps a Teams/BCP-47 locale such as "en-US" or "sv-SE" to one we have, else the fallback. */
export function toLocale(tag: string | undefined, fallback: Locale): Locale {
  const lang = tag?.toLowerCase().split(/[-_]/)[0];
  return (locales as readonly string[]).includes(lang ?? '') ? (lang as Locale) : fallback;
}

export const resources = { sv, en } as const;
