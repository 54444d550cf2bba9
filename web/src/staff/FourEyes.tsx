/**
 * Four eyes, explained before anyone presses a button: who took which step on the claim, the
 * signed-in person's own steps, and (when there are any) why they may not decide, in the words of
 * the FOUR_EYES error. The server enforces the rule (src/domain/four-eyes.ts, imported here for
 * the same reading of the trail); this only says it in advance.
 */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format';
import { involvementsOf, samePerson } from '../verify/core';

export function fourEyesOf(reviews: readonly { actor?: string; kind: string; outcome: string }[], me: string) {
  const earlier = involvementsOf(reviews.map((r) => ({ ...r, actor: r.actor ?? '' })));
  const mine = [...new Set(earlier.filter((s) => samePerson(s.actor, me)).map((s) => s.involvement))];
  const others = [...new Set(earlier.filter((s) => !samePerson(s.actor, me)).map((s) => s.actor))];
  return { mine, others };
}

export function FourEyes({ mine, others }: ReturnType<typeof fourEyesOf>) {
  const { t } = useTranslation();
  const list = new Intl.ListFormat(useFormat().locale);
  const steps = list.format(mine.map((m) => t(`operator.fourEyes.involvements.${m}`)));
  return (
    <section className={`card four-eyes ${mine.length ? 'refused' : ''}`} aria-labelledby="four-eyes" data-testid="four-eyes">
      <h2 id="four-eyes">{mine.length ? t('operator.fourEyes.refused') : t('operator.fourEyes.title')}</h2>
      {mine.length > 0 && <p role="note"><strong>{t('errors.codes.FOUR_EYES')}</strong> {t('operator.fourEyes.mine', { steps })}</p>}
      {mine.length === 0 && <p>{t('operator.fourEyes.free')}</p>}
      {others.length > 0 && <p>{t('operator.fourEyes.others', { actors: list.format(others) })}</p>}
      <p className="hint">{t('operator.fourEyes.rule')}</p>
    </section>
  );
}
