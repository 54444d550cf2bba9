import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from './errors.ts';
import { assertFreshEyes, involvementsOf, personOfActor, samePerson, type EarlierStep } from './four-eyes.ts';

function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return e instanceof HuzhuError ? e.code : 'not-huzhu'; }
  return undefined;
}

describe('four eyes on the person', () => {
  it('keys actors on the account, whatever the role', () => {
    expect(personOfActor('operator:2')).toBe('account:2');
    expect(samePerson('investigator:7', 'operator:7')).toBe(true);
    expect(samePerson('operator:7', 'operator:8')).toBe(false);
    expect(personOfActor('replay')).toBe('replay');
    expect(samePerson('system', 'system')).toBe(false); // the platform is nobody
  });

  it('refuses an operator who recorded findings, with no report at all', () => {
    const earlier = involvementsOf([{ actor: 'operator:2', kind: 'investigation', outcome: 'findings' }]);
    expect(code(() => assertFreshEyes(earlier, 'operator:2', 'claim c1'))).toBe('FOUR_EYES');
    expect(code(() => assertFreshEyes(earlier, 'operator:3', 'claim c1'))).toBeUndefined();
  });

  it('refuses the investigator who wrote the report after being made an operator', () => {
    const earlier = involvementsOf([
      { actor: 'investigator:7', kind: 'investigation', outcome: 'findings' },
      { actor: 'investigator:7', kind: 'report', outcome: 'recommends:approve' },
    ]);
    expect(code(() => assertFreshEyes(earlier, 'operator:7', 'claim c1'))).toBe('FOUR_EYES');
  });

  it('counts approvals, challenge filings and challenge decisions; not the platform\'s own steps', () => {
    const earlier = involvementsOf([
      { actor: 'system', kind: 'automatic-check', outcome: 'passed' },
      { actor: 'operator:1', kind: 'decision', outcome: 'approved' },
      { actor: 'member:5', kind: 'challenge', outcome: 'filed:h1' },
      { actor: 'operator:2', kind: 'challenge', outcome: 'dismissed:h1' },
      { actor: 'jury', kind: 'jury', outcome: 'ruled:pay' },
    ]);
    expect(earlier.map((s) => s.involvement)).toEqual(['decision', 'challenge', 'challenge-decision']);
    for (const who of ['operator:1', 'admin:5', 'operator:2']) expect(code(() => assertFreshEyes(earlier, who, 'challenge h2'))).toBe('FOUR_EYES');
    expect(code(() => assertFreshEyes(earlier, 'operator:9', 'challenge h2'))).toBeUndefined();
  });

  it('refuses exactly the people with an earlier step, in any role (property)', () => {
    const roles = fc.constantFrom('operator', 'investigator', 'admin', 'member');
    const step = fc.record({ role: roles, id: fc.integer({ min: 1, max: 4 }), involvement: fc.constantFrom('finding', 'report', 'decision', 'challenge-decision') as fc.Arbitrary<EarlierStep['involvement']> });
    fc.assert(fc.property(fc.array(step, { maxLength: 6 }), roles, fc.integer({ min: 1, max: 5 }), (steps, role, id) => {
      const earlier = steps.map((s) => ({ actor: `${s.role}:${s.id}`, involvement: s.involvement }));
      const refused = code(() => assertFreshEyes(earlier, `${role}:${id}`, 'claim c')) === 'FOUR_EYES';
      return refused === steps.some((s) => s.id === id);
    }));
  });
});
