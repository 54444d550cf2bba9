/** API error codes as sentences in the reader's language, naming the field the server named. */
import type { TFunction } from 'i18next';
import { ApiError } from './client';

export function errorSentence(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('errors.network');
  const field = err.body.field ? t(`fields.${err.body.field}`, { defaultValue: err.body.field }) : '';
  const key = `errors.codes.${err.body.code}`;
  const sentence = t(key, { field, defaultValue: '' });
  return sentence || t('errors.unknown', { code: err.body.code, field });
}
