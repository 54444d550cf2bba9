import { describe, expect, it } from 'vitest';
import { fourEyesOf } from './FourEyes';

const trail = [
  { actor: 'system', kind: 'automatic-check', outcome: 'passed' },
  { actor: 'operator:2', kind: 'investigation', outcome: 'findings' },
  { actor: 'investigator:3', kind: 'report', outcome: 'recommends:approve' },
];

describe('four eyes, read from the review trail as the server reads it', () => {
  it('names the signed-in person\'s own steps, whatever role they had then', () => {
    expect(fourEyesOf(trail, 'operator:2')).toEqual({ mine: ['finding'], others: ['investigator:3'] });
    expect(fourEyesOf(trail, 'operator:3').mine).toEqual(['report']);
  });
  it('leaves someone with no earlier step free to decide; the platform is nobody', () => {
    expect(fourEyesOf(trail, 'operator:6')).toEqual({ mine: [], others: ['operator:2', 'investigator:3'] });
    expect(fourEyesOf([{ kind: 'automatic-check', outcome: 'passed' }], 'operator:2')).toEqual({ mine: [], others: [] });
  });
});
