/**
 * Messages: zh-CN by default, English by the header's switch; the choice is kept in localStorage
 * and <html lang> follows it. Every string a page shows comes from messages/zh-CN.ts and
 * messages/en.ts (the English catalog must have every key: its type is the Chinese one's shape).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './messages/en';
import { zhCN } from './messages/zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'huzhu.language';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(v ?? '') ? (v as Language) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export async function initI18n(): Promise<typeof i18next> {
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    try { localStorage.setItem(STORAGE_KEY, lng); } catch { /* private mode: not remembered */ }
  });
  await i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: storedLanguage(), fallbackLng: false, supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}

/** The locale for Intl formatting of the current language. */
export const localeOf = (lng: string): string => (lng === 'en' ? 'en-GB' : 'zh-CN');
