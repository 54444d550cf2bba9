import { describe, expect, it } from 'vitest';
import { parseLocalDate as d } from '../domain/local-date.ts';
import { DEFAULT_INVESTIGATION } from '../domain/decision-settings.ts';
import { riskSignals, type RiskFacts } from './risk-signals.ts';

const S = DEFAULT_INVESTIGATION.riskSignals;
const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

function facts(over: Partial<RiskFacts> = {}): RiskFacts {
  return {
    claimId: 'C1', filedOn: d('2020-06-01'), diagnosedOn: d('2020-05-20'), cause: 'illness',
    joinedOn: d('2019-01-01'), waitingEndsOn: d('2019-04-01'),
    evidenceHashes: [H1], otherClaimsEvidence: [], payerClaims: [], hospitalDiagnosedOn: d('2020-05-20'),
    ...over,
  };
}

describe('risk signals', () => {
  it('raises nothing for an ordinary claim', () => {
    expect(riskSignals(S, facts())).toEqual([]);
  });

  it('flags the same evidence document on another claim, whatever the hash case, and names the claims', () => {
    const [s] = riskSignals(S, facts({ otherClaimsEvidence: [{ claimId: 'C9', evidenceHashes: [H1.toUpperCase(), H2] }, { claimId: 'C1', evidenceHashes: [H1] }] }));
    expect(s?.code).toBe('shared-evidence');
    expect(s?.details.otherClaims).toEqual(['C9']); // its own claim is not "another claim"
    expect(s?.reason).toContain('C9');
  });

  it('flags a diagnosis soon after the waiting period, at the threshold boundary', () => {
    const at = (diag: string) => riskSignals(S, facts({ waitingEndsOn: d('2020-05-01'), diagnosedOn: d(diag), hospitalDiagnosedOn: null })).map((x) => x.code);
    expect(at('2020-05-30')).toEqual(['soon-after-waiting']); // 29 days
    expect(at('2020-05-31')).toEqual([]); // 30 days: not under 30
    const [acc] = riskSignals(S, facts({ waitingEndsOn: d('2020-05-01'), diagnosedOn: d('2020-04-01'), cause: 'accident', hospitalDiagnosedOn: null }));
    expect(acc?.reason).toMatch(/before the waiting period ended.*accident/);
  });

  it('counts a payer account\'s claims inside the window only', () => {
    const payer = [{ claimId: 'C0', filedOn: d('2019-06-03') }, { claimId: 'C1', filedOn: d('2020-06-01') }];
    expect(riskSignals(S, facts({ payerClaims: payer })).map((x) => x.code)).toEqual(['payer-many-claims']); // the 365 days up to 2020-06-01 (a leap year) start on 2019-06-03
    const outside = [{ claimId: 'C0', filedOn: d('2019-06-02') }];
    expect(riskSignals(S, facts({ payerClaims: outside }))).toEqual([]);
    expect(riskSignals({ ...S, payerClaimsAtLeast: 3 }, facts({ payerClaims: payer }))).toEqual([]);
  });

  it('flags a join shortly before the hospital-reported diagnosis, and says when the hospital differs from the claim', () => {
    const [s] = riskSignals(S, facts({ joinedOn: d('2019-12-01'), waitingEndsOn: d('2020-02-29'), diagnosedOn: d('2020-05-20'), hospitalDiagnosedOn: d('2020-03-01') }));
    expect(s?.code).toBe('joined-shortly-before-diagnosis');
    expect(s?.details.daysFromJoinToDiagnosis).toBe(91);
    expect(s?.reason).toContain('the claim gives 2020-05-20');
    const [before] = riskSignals(S, facts({ joinedOn: d('2020-01-10'), waitingEndsOn: d('2020-04-09'), diagnosedOn: d('2020-06-01'), hospitalDiagnosedOn: d('2019-12-01') }));
    expect(before?.reason).toContain('BEFORE the member joined');
  });

  it('lists several signals in the issue\'s order', () => {
    const codes = riskSignals(S, facts({
      otherClaimsEvidence: [{ claimId: 'C2', evidenceHashes: [H1] }],
      joinedOn: d('2020-01-01'), waitingEndsOn: d('2020-03-31'), diagnosedOn: d('2020-04-02'), hospitalDiagnosedOn: d('2020-04-02'),
      payerClaims: [{ claimId: 'C3', filedOn: d('2020-05-01') }],
    })).map((x) => x.code);
    expect(codes).toEqual(['shared-evidence', 'soon-after-waiting', 'payer-many-claims', 'joined-shortly-before-diagnosis']);
  });
});
