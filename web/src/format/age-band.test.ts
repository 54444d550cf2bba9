import { describe, expect, it } from 'vitest';
import { en } from '../i18n/messages/en';
import { bandRange } from './age-band';

/** The English catalog's rules messages with {{placeholders}} filled, as i18next does. */
const t = (key: string, o: Record<string, unknown> = {}): string => {
  const msg = (en.rules as Record<string, string>)[key.replace(/^rules\./, '')]!;
  return msg.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(o[k]));
};

describe('bandRange', () => {
  it('names each band from its fromAge to the year before the next, the last open-ended', () => {
    const bands = [{ fromAge: 0 }, { fromAge: 30 }, { fromAge: 50 }];
    expect(bands.map((_, i) => bandRange(t, bands, i))).toEqual(['0 to 29', '30 to 49', '50 and over']);
    expect(bandRange(t, [{ fromAge: 0 }], 0)).toBe('0 and over');
  });
});
