/**
 * The log's signing key, from configuration:
 *   HUZHU_LOG_SIGNER_KEY   a C2SP signer key, `PRIVATE+KEY+<name>+<key id>+<base64>`;
 * otherwise the file `log-signer.key` in the data folder (HUZHU_DATA, default ./data). A new
 * installation has neither: it generates a key, stores it there (mode 0600), writes the public
 * verifier key next to it (`log-verifier.key`) and prints the verifier key once.
 * The key's name is the log's origin (the first checkpoint line); HUZHU_LOG_ORIGIN names a new key.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processEnv, type Env } from '../../config/env.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { decodeSignerKey, generateNoteKeys, parseSignerKey, type NoteSigner } from '../core/note.ts';

export const DEFAULT_LOG_ORIGIN = 'huzhu.local/log';

export interface LogKey {
  signer: NoteSigner;
  /** `<name>+<key id>+<base64>`: what members, auditors and witnesses are given. */
  verifierKey: string;
  origin: string;
}

/** The signer and verifier for a signer key string. */
export function logKeyFromSignerKey(signerKey: string): LogKey {
  const signer = parseSignerKey(signerKey.trim());
  const { name, seed } = decodeSignerKey(signerKey.trim());
  return { signer, verifierKey: generateNoteKeys(name, seed).verifierKey, origin: name };
}

export interface LoadLogKeyOptions {
  env?: Env;
  /** Where to print the verifier key of a newly generated key (default stderr). */
  announce?: (line: string) => void;
}

export async function loadLogKey(opts: LoadLogKeyOptions = {}): Promise<LogKey & { generated: boolean }> {
  const env = opts.env ?? processEnv();
  const configured = env.HUZHU_LOG_SIGNER_KEY?.trim();
  if (configured) {
    try {
      return { ...logKeyFromSignerKey(configured), generated: false };
    } catch (e) {
      throw new HuzhuError('VALIDATION', `HUZHU_LOG_SIGNER_KEY: ${e instanceof Error ? e.message : 'not a signer key'}`, { field: 'HUZHU_LOG_SIGNER_KEY' });
    }
  }
  const dir = env.HUZHU_DATA || './data';
  const file = join(dir, 'log-signer.key');
  let existing: string | undefined;
  try {
    existing = await readFile(file, 'utf8');
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && e.code === 'ENOENT')) throw e;
  }
  if (existing !== undefined) return { ...logKeyFromSignerKey(existing), generated: false };

  const origin = env.HUZHU_LOG_ORIGIN?.trim() || DEFAULT_LOG_ORIGIN;
  const keys = generateNoteKeys(origin);
  await mkdir(dir, { recursive: true });
  // 'wx': two processes starting at once cannot both create (and print) a key.
  try {
    await writeFile(file, keys.signerKey + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'EEXIST') return { ...logKeyFromSignerKey(await readFile(file, 'utf8')), generated: false };
    throw e;
  }
  await chmod(file, 0o600).catch(() => undefined);
  await writeFile(join(dir, 'log-verifier.key'), keys.verifierKey + '\n');
  (opts.announce ?? ((line) => process.stderr.write(line + '\n')))(
    `huzhu: generated a new transparency log key in ${file}\nhuzhu: publish this verifier key (members and auditors check the log with it):\n${keys.verifierKey}`);
  return { ...logKeyFromSignerKey(keys.signerKey), generated: true };
}
