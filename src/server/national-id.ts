/**
 * The national ID number (居民身份证号码, GB 11643-1999): 18 characters, a region code, the birth
 * date and an ISO 7064 MOD 11-2 check character. It is never stored or logged in clear: it is
 * encrypted (AES-256-GCM) for the rare lawful need to read it back, and hashed with a key
 * (HMAC-SHA-256) so one person can be found, and held to one membership per plan, without it.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { HuzhuError } from '../domain/errors.ts';
import { parseLocalDate, type LocalDate } from '../domain/local-date.ts';
import type { Secret } from './config.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export const PROVINCES: Record<string, string> = {
  11: 'Beijing', 12: 'Tianjin', 13: 'Hebei', 14: 'Shanxi', 15: 'Inner Mongolia', 21: 'Liaoning', 22: 'Jilin', 23: 'Heilongjiang',
  31: 'Shanghai', 32: 'Jiangsu', 33: 'Zhejiang', 34: 'Anhui', 35: 'Fujian', 36: 'Jiangxi', 37: 'Shandong', 41: 'Henan', 42: 'Hubei',
  43: 'Hunan', 44: 'Guangdong', 45: 'Guangxi', 46: 'Hainan', 50: 'Chongqing', 51: 'Sichuan', 52: 'Guizhou', 53: 'Yunnan', 54: 'Tibet',
  61: 'Shaanxi', 62: 'Gansu', 63: 'Qinghai', 64: 'Ningxia', 65: 'Xinjiang', 71: 'Taiwan', 81: 'Hong Kong', 82: 'Macau',
};

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Validates an ID number; returns its birth date and province. Errors never echo the number. */
export function parseNationalId(value: string, field = 'idNumber'): { id: string; birthDate: LocalDate; province: string } {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) throw new HuzhuError('VALIDATION', `${field}: 18 characters, 17 digits then a digit or X`, { field });
  if (checkCharacter(id.slice(0, 17)) !== id[17]) throw new HuzhuError('VALIDATION', `${field}: the check character does not match`, { field });
  const province = PROVINCES[id.slice(0, 2)];
  if (!province) throw new HuzhuError('VALIDATION', `${field}: unknown region code`, { field });
  let birthDate: LocalDate;
  try {
    birthDate = parseLocalDate(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, field);
  } catch {
    throw new HuzhuError('VALIDATION', `${field}: the birth date in the number is not a real date`, { field });
  }
  return { id, birthDate, province };
}

/** A synthetic but valid ID number (demo seed, tests). */
export function makeNationalId(region: string, birthDate: string, seq: number): string {
  const first17 = `${region}0101${birthDate.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export interface IdVault {
  encrypt(id: string): string;
  decrypt(cipher: string): string;
  /** The keyed hash; also the engine's persons.ref. */
  hash(id: string): string;
}

/** Two independent keys are derived from the configured secret: one encrypts, one hashes. */
export function idVault(secret: Secret): IdVault {
  const master = secret.reveal();
  const encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'huzhu national-id encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'huzhu national-id hash', 32));
  return {
    encrypt(id) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(id, 'utf8'), c.final()]);
      return `v1.${iv.toString('base64')}.${c.getAuthTag().toString('base64')}.${body.toString('base64')}`;
    },
    decrypt(cipher) {
      const [v, iv, tag, body] = cipher.split('.');
      if (v !== 'v1' || !iv || !tag || !body) throw new Error('not an encrypted ID number');
      const d = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64'));
      d.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
    },
    hash(id) {
      return `id:${createHmac('sha256', macKey).update(id).digest('hex')}`;
    },
  };
}

/** What a person may see of their own number: region and check character only. */
export function maskId(id: string): string {
  return `${id.slice(0, 2)}${'*'.repeat(15)}${id.slice(17)}`;
}

/** What the public announcement shows of a name: a fixed form (张**), so its length does not show (domain/personal-data.ts). */
export { maskName } from '../domain/personal-data.ts';
