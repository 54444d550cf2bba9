/** Bad scenarios are refused whole, with a message naming the event index and the field. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../domain/errors.ts';
import { parseScenario } from './scenario.ts';
import { approveEv, claimEv, joinEv, scenario } from './scenario-builder.ts';

function refusal(input: unknown): { field: string | undefined; message: string } {
  try {
    parseScenario(input);
  } catch (e) {
    expect(e).toBeInstanceOf(HuzhuError);
    const err = e as HuzhuError;
    expect(err.code).toBe('VALIDATION');
    return { field: err.field, message: err.message };
  }
  throw new Error('expected the scenario to be refused');
}

const ok = [joinEv('2020-01-01', 'a', '1990-01-01'), claimEv('2020-04-02', 'c1', 'a', '2020-04-01')];

describe('replay scenario validation', () => {
  it('accepts a well-formed scenario', () => {
    expect(parseScenario(scenario(ok, '2020-04-30')).events).toHaveLength(2);
  });
  it('names the index and field of an unknown event type', () => {
    expect(refusal(scenario([...ok, { at: '2020-05-01T10:00:00+08:00', type: 'explode' }], '2020-05-31')))
      .toMatchObject({ field: 'events[2].type', message: expect.stringContaining('unknown event type') });
  });
  it('names a missing field', () => {
    const { birthDate: _b, ...noBirth } = joinEv('2020-01-02', 'b', '1990-01-01');
    expect(refusal(scenario([...ok.slice(0, 1), noBirth as never], '2020-05-31')).field).toBe('events[1].birthDate');
  });
  it('refuses events out of time order', () => {
    const s = { plans: [{ id: 'ci', preset: 'critical-illness' }], until: '2020-05-31', events: [ok[1], ok[0]] };
    expect(refusal(s).field).toMatch(/^events\[\d\]\.(at|member)$/);
    const s2 = { ...s, events: [ok[0], { ...joinEv('2019-12-31', 'b', '1990-01-01') }] };
    expect(refusal(s2).field).toBe('events[1].at');
  });
  it('refuses an unknown member or claim', () => {
    expect(refusal(scenario([joinEv('2020-01-01', 'a', '1990-01-01'), claimEv('2020-04-02', 'c1', 'ghost', '2020-04-01')], '2020-05-31')).field).toBe('events[1].member');
    expect(refusal(scenario([...ok, approveEv('2020-04-03', 'nope')], '2020-05-31')).field).toBe('events[2].claim');
  });
  it('refuses malformed dates and instants', () => {
    expect(refusal(scenario([joinEv('2020-01-01', 'a', '1990-02-30')], '2020-05-31')).field).toBe('events[0].birthDate');
    expect(refusal(scenario([{ ...joinEv('2020-01-01', 'a', '1990-01-01'), at: '2020-01-01 10:00' }], '2020-05-31')).field).toBe('events[0].at');
    expect(refusal(scenario([{ ...joinEv('2020-01-01', 'a', '1990-01-01'), at: '2020-01-01T10:00:00' }], '2020-05-31')).field).toBe('events[0].at');
    expect(refusal(scenario(ok, '2020-13-01')).field).toBe('until');
  });
  it('refuses unknown fields and plans', () => {
    expect(refusal(scenario([{ ...joinEv('2020-01-01', 'a', '1990-01-01'), colour: 'red' }], '2020-05-31')).field).toMatch(/^events\[0\]/);
    expect(refusal(scenario([{ ...joinEv('2020-01-01', 'a', '1990-01-01'), plan: 'other' }], '2020-05-31')).field).toBe('events[0].plan');
  });
});

describe('huzhu replay (command line)', () => {
  const bin = fileURLToPath(new URL('../../bin/huzhu.js', import.meta.url));
  const runCli = async (content: string, ...args: string[]) => {
    const dir = await mkdtemp(join(tmpdir(), 'huzhu-replay-'));
    const file = join(dir, 's.json');
    await writeFile(file, content);
    return spawnSync(process.execPath, [bin, 'replay', file, ...args], { encoding: 'utf8' });
  };
  it('exits non-zero naming the event index and field, and prints no result', async () => {
    const r = await runCli(JSON.stringify(scenario([joinEv('2020-01-01', 'a', '1990-01-01'), claimEv('2020-04-02', 'c1', 'a', 'yesterday')], '2020-05-31')), '--json');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('events[1].diagnosedOn');
    expect(r.stdout).toBe('');
  });
  it('refuses a file that is not JSON', async () => {
    const r = await runCli('{ not json', '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('VALIDATION');
  });
  it('prints the contract JSON for a good scenario', async () => {
    const r = await runCli(JSON.stringify(scenario([...ok, approveEv('2020-04-03', 'c1')], '2020-04-30')), '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['periods', 'members', 'claims', 'joins', 'ledger']));
    expect(out.claims.c1).toEqual({ status: 'paid', payoutFen: 30_000_000, reason: null });
    expect(out.ledger).toEqual({ balanced: true });
    for (const p of out.periods) {
      expect(Object.keys(p)).toEqual(['plan', 'announcedOn', 'chargedOn', 'claims', 'payoutFen', 'feeFen', 'carriedInFen', 'sharingMembers',
        'shareFen', 'operatorSubsidyFen', 'surplusOutFen', 'billedFen', 'uncollectedFen', 'weightTotal']);
    }
  });
});
