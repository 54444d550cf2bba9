/**
 * The password policy: at least 10 characters, and not guessable. "Guessable" is zxcvbn's
 * estimate (a maintained package, with its list of common passwords, keyboard walks, repeats and
 * sequences), so `aaaaaaaaaa`, `password123` and `qwertyuiop` are refused while a long phrase
 * passes. The e-mail's parts count as known to a guesser.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { HuzhuError } from './errors.ts';

export const MIN_PASSWORD_CHARS = 10;
/** zxcvbn score 3: about 10^8 guesses, "safely unguessable" against an online attack with back-off. */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  // Built on first use: the dictionaries take a moment to load and most processes never need them.
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return estimator;
}

/** Throws VALIDATION (field `password`) for a short or guessable password. */
export function assertPasswordAcceptable(password: string, known: readonly string[] = [], field = 'password'): void {
  if ([...password].length < MIN_PASSWORD_CHARS) throw new HuzhuError('VALIDATION', `${field}: at least ${MIN_PASSWORD_CHARS} characters`, { field });
  const hints = known.flatMap((k) => {
    const [local = '', domain = ''] = k.toLowerCase().split('@');
    return [local, local.replace(/[._+-]/g, ''), ...local.split(/[._+-]+/), ...domain.split('.')];
  }).filter((k) => k.length >= 3);
  const r = zxcvbn().check(password, hints);
  if (r.score < MIN_PASSWORD_SCORE) {
    throw new HuzhuError('VALIDATION', `${field}: too easy to guess (a common password, a pattern or a repeat); use a longer phrase of unrelated words`, { field });
  }
}
