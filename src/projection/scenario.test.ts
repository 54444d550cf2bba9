import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../domain/errors.ts';
import { loadAssumptions } from './assumptions.ts';
import { loadScenario, parseScenario, resolveScenario, SCENARIOS_DIR } from './scenario.ts';

function expectValidation(f: () => unknown, field: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HuzhuError);
    expect((e as HuzhuError).code).toBe('VALIDATION');
    expect((e as HuzhuError).field).toBe(field);
    return;
  }
  throw new Error('expected a VALIDATION error');
}

describe('scenario files', () => {
  it('every shipped scenario loads and resolves', () => {
    for (const f of readdirSync(SCENARIOS_DIR).filter((x) => x.endsWith('.json'))) {
      const s = loadScenario(join(SCENARIOS_DIR, f));
      const r = resolveScenario(s, { years: 1 });
      expect(r.input.months).toBe(12);
    }
  });

  it('the assumption files each say where their numbers come from', () => {
    const a = loadAssumptions();
    for (const part of [a.incidence, a.leaving, a.mortality, a.joiners]) expect(part.source.length).toBeGreaterThan(40);
  });

  it('extends a parent and overrides only what it names', () => {
    const s = loadScenario(join(SCENARIOS_DIR, 'fee-6pct.json'));
    expect(s.rules).toEqual({ feeBasisPoints: 600 });
    expect(s.start).toEqual({ kind: 'history', asOf: '2020-12' });
    expect(resolveScenario(s, { years: 1 }).input.rules.feeBasisPoints).toBe(600n);
  });

  it('rejects bad input with the field named', () => {
    const ok = { name: 'x', joins: {}, start: { kind: 'empty', asOf: '2024-12' } };
    expectValidation(() => parseScenario({ ...ok, years: 11 }), 'scenario.years');
    expectValidation(() => parseScenario({ ...ok, levers: { shareLimitFen: -1 } }), 'scenario.levers.shareLimitFen');
    expectValidation(() => parseScenario({ ...ok, start: { kind: 'empty', asOf: '2024-13' } }), 'scenario.start.asOf');
    expectValidation(() => parseScenario({ ...ok, surprise: 1 }), 'scenario');
    expectValidation(() => resolveScenario(parseScenario({ ...ok, rules: { feeBasisPoints: -5 } })), 'rules.feeBasisPoints');
    expectValidation(() => resolveScenario(parseScenario({ ...ok, assumptions: { incidence: { mildShare: 2 } } })), 'scenario.assumptions.incidence.mildShare');
    expectValidation(() => resolveScenario(parseScenario({ ...ok, start: { kind: 'state', state: { asOf: '2024-12' } } })), 'scenario.start.state.members');
  });

  it('detects extends loops', () => {
    const dir = mkdtempSync(join(tmpdir(), 'huzhu-scn-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ extends: 'b.json', name: 'a' }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ extends: 'a.json', name: 'b' }));
    expectValidation(() => loadScenario(join(dir, 'a.json')), 'extends');
  });
});
