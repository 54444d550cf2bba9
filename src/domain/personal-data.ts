/**
 * The personal-data check for every free text that goes where it can never be taken back (the
 * public, append-only log) or to people who must not know who the claimant is (jurors).
 *
 * It refuses (PERSONAL_DATA, naming the field and the kind, never the data) instead of masking:
 * a masked text is one nobody reread, and a mask that misses a spelling fails silently. The
 * writer rephrases; nothing personal is ever stored in the public record.
 *
 * Before matching, text is normalised the way a person evading a filter (or a careless one) would
 * vary it: NFKC (full-width digits and letters, ideographic spaces), accents and tone marks
 * dropped, case folded, and spacing and separators inside numbers and names ignored. Names on
 * record are also matched in pinyin ("Chen Xiaodong", "Xiaodong Chen", "chen xiao-dong").
 * Whatever is on record or not, an 18-character ID number with a valid check character, a
 * mainland mobile number and an e-mail address are refused.
 */
import { HuzhuError } from './errors.ts';

/** What is on record about one person (the claimant, or a member of the payer's family). */
export interface KnownPerson {
  name?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
  email?: string | null;
}

export type PersonalDataKind = 'id-number' | 'phone' | 'name' | 'address' | 'email';

// ---- Normalisation ---------------------------------------------------------------------------

/** NFKC, accents and tone marks dropped (ǎ -> a, ü -> u), lower case. */
export function normalise(text: string): string {
  return text.normalize('NFKC').normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC').toLowerCase();
}

/** Only letters, digits and CJK characters: "陈 晓·东", "137-0000 0001" lose their separators. */
function squeeze(normalised: string): string {
  return normalised.replace(/[^\p{L}\p{N}]+/gu, '');
}

// ---- Numbers by pattern ----------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643: 17 digits, a birth date 18xx-20xx in place, and the MOD 11-2 check character. */
export function isChineseIdNumber(candidate: string): boolean {
  const id = candidate.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  if (!/^(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(id.slice(6, 14))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17];
}

const MOBILE = /^(?:0{0,2}86)?1[3-9]\d{9}$/;

/**
 * Runs of digit groups as written: "137 0000 0001", "1-3-7...", "110101 19800101 5030". Each
 * contiguous stretch of groups is joined and tested, so two numbers side by side are each found
 * and the digits of a date next to a time are not glued into a phone number by accident of layout.
 */
function numberKinds(normalised: string): Set<PersonalDataKind> {
  const kinds = new Set<PersonalDataKind>();
  const runs = normalised.match(/[\dx](?:[\s\-–—.·・()/+]*[\dx])*/g) ?? [];
  for (const run of runs) {
    const groups = run.split(/[\s\-–—.·・()/+]+/).filter((g) => g !== '');
    if (groups.length > 64) groups.length = 64; // a bound on the work; longer runs are not free text anyone writes
    for (let i = 0; i < groups.length; i++) {
      let joined = '';
      for (let j = i; j < groups.length && joined.length <= 22; j++) {
        joined += groups[j];
        for (let k = 0; k + 18 <= joined.length; k++) if (isChineseIdNumber(joined.slice(k, k + 18))) kinds.add('id-number');
        if (MOBILE.test(joined)) kinds.add('phone');
      }
    }
  }
  return kinds;
}

const EMAIL = /[\p{L}\p{N}._%+-]+\s*(?:@|＠|\(at\)|\[at\])\s*[\p{L}\p{N}-]+(?:\s*\.\s*[\p{L}\p{N}-]+)+/u;

// ---- Names -----------------------------------------------------------------------------------

const HAN = /\p{Script=Han}/u;

/**
 * Toneless pinyin syllables of a Chinese name, lower case, ü as v (`surname: 'head'` reads the
 * first character as a family name). Handed in by the caller (services/personal-data-check.ts
 * loads pinyin-pro on the first name it spells), so these rules stay free of a dictionary that
 * would load with every command, and testable without one. Without a speller, Latin spellings of
 * names are not looked for.
 */
export type Speller = (han: string, surname: 'head' | 'off') => string[];

/** The Latin spellings of a Chinese name: family name first or last, ü as u, v or yu. */
export function latinSpellings(name: string, syllables?: Speller): string[] {
  if (!syllables) return [];
  const han = [...squeeze(normalise(name))];
  if (han.length < 2 || !han.every((c) => HAN.test(c))) return [];
  const spellings = new Set<string>();
  for (const surname of ['head', 'off'] as const) {
    const spelled = syllables(han.join(''), surname);
    for (const u of ['v', 'u', 'yu']) {
      const s = spelled.map((x) => x.replace(/v/g, u));
      spellings.add(s.join(''));
      spellings.add([...s.slice(1), s[0]].join('')); // given name first, as in "Xiaodong Chen"
    }
  }
  return [...spellings];
}

/** Does the text hold the name: the characters (spacing ignored) or a Latin spelling of whole words? */
function holdsName(normalised: string, name: string, spell?: Speller): boolean {
  const own = squeeze(normalise(name));
  if ([...own].length < 2) return false;
  if (squeeze(normalised).includes(own)) return true;
  const spellings = new Set(HAN.test(own) ? latinSpellings(name, spell) : [own]);
  const words = normalised.match(/[a-z]+/g) ?? [];
  for (let i = 0; i < words.length; i++) {
    let joined = '';
    for (let j = i; j < words.length && joined.length < 40; j++) {
      joined += words[j];
      if (spellings.has(joined)) return true;
    }
  }
  return false;
}

// ---- The check -------------------------------------------------------------------------------

/** Every kind of personal data the text holds, on record or by pattern. */
export function personalDataIn(text: string, known: readonly KnownPerson[] = [], spell?: Speller): PersonalDataKind[] {
  const n = normalise(text);
  const flat = squeeze(n);
  const kinds = numberKinds(n);
  if (EMAIL.test(n)) kinds.add('email');
  for (const p of known) {
    const id = p.idNumber ? squeeze(normalise(p.idNumber)) : '';
    if (id.length >= 6 && flat.includes(id)) kinds.add('id-number');
    const phone = p.phone ? squeeze(normalise(p.phone)).replace(/^(?:00)?86(?=1\d{10}$)/, '') : '';
    if (phone.length >= 7 && flat.includes(phone)) kinds.add('phone');
    if (p.name && holdsName(n, p.name, spell)) kinds.add('name');
    const address = p.address ? squeeze(normalise(p.address)) : '';
    if ([...address].length >= 4 && flat.includes(address)) kinds.add('address');
    const email = p.email ? normalise(p.email).trim() : '';
    if (email.includes('@') && (n.includes(email) || flat.includes(squeeze(email)))) kinds.add('email');
  }
  return [...kinds];
}

/**
 * Refuses (PERSONAL_DATA) the first field whose text holds personal data. The error names the
 * field and the kinds, never the data: an error message is logged and shown, and must not carry
 * what it refuses.
 */
export function assertNoPersonalData(fields: Readonly<Record<string, string | null | undefined>>, known: readonly KnownPerson[] = [], spell?: Speller): void {
  for (const [field, text] of Object.entries(fields)) {
    if (text === null || text === undefined || text === '') continue;
    const kinds = personalDataIn(text, known, spell);
    if (kinds.length > 0) {
      throw new HuzhuError('PERSONAL_DATA', `${field}: holds personal data (${kinds.join(', ')}); rephrase it without names, ID numbers, phone numbers, e-mail or addresses`, {
        field, details: { kinds },
      });
    }
  }
}
