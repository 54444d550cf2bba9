/**
 * The witnesses the log accepts cosignatures from, read like the log's own key
 * (signer-config.ts): from the environment, else from a file in the data folder.
 *
 *   HUZHU_LOG_WITNESSES   witness verifier keys (c2sp.org/tlog-cosignature, Ed25519, type 0x04):
 *                         `<name>+<key id>+<base64>`, separated by commas or newlines;
 *   otherwise             the file `log-witnesses` in the data folder (HUZHU_DATA, default ./data),
 *                         one key per line, `#` starts a comment line.
 * Neither: the log accepts no cosignatures. A witness is identified by its key name and key ID;
 * `huzhu witness keygen --name NAME` makes a key pair and prints the verifier key to list here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processEnv, type Env } from '../../config/env.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { parseWitnessKeyList } from '../core/cosignature-format.ts';
import type { NoteVerifier } from '../core/note.ts';

export const WITNESSES_ENV = 'HUZHU_LOG_WITNESSES';
export const WITNESSES_FILE = 'log-witnesses';
/** A checkpoint note holds at most 100 signatures (note.ts); one is the log's. */
export const MAX_WITNESSES = 50;

export interface WitnessKey {
  /** `<name>+<key id>+<base64>`, as configured. */
  verifierKey: string;
  verifier: NoteVerifier;
}

function checked(list: WitnessKey[], field: string): WitnessKey[] {
  if (list.length > MAX_WITNESSES) throw new HuzhuError('VALIDATION', `${field}: at most ${MAX_WITNESSES} witnesses`, { field });
  return list;
}

/** Parses a witness list (the variable's value or the file's text); VALIDATION naming `field` if bad. */
export function parseWitnessKeys(text: string, field: string = WITNESSES_ENV): WitnessKey[] {
  return checked(parseWitnessKeyList(text, field), field);
}

/** The configured witnesses: HUZHU_LOG_WITNESSES, else `$HUZHU_DATA/log-witnesses`, else none. */
export function loadWitnessKeys(env: Env = processEnv()): WitnessKey[] {
  const configured = env[WITNESSES_ENV]?.trim();
  if (configured) return parseWitnessKeys(configured, WITNESSES_ENV);
  const dir = env.HUZHU_DATA || './data';
  if (dir === 'memory') return [];
  const file = join(dir, WITNESSES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return [];
    throw e;
  }
  return parseWitnessKeys(text, file);
}
