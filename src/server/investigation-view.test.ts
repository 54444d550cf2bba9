/**
 * The investigation view of a claim with a report: the compiled serializer matched the nullable
 * report by validating it against its schema, and the route's extra key (claimId: undefined) made
 * every report a 500. Found by bench/fuzz.ts (271 of 100,000 requests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY, makeNationalId, testServer, type TestServer } from './testing.ts';

let s: TestServer;
beforeAll(async () => { s = await testServer(); });
afterAll(async () => { await s?.close(); });

describe('GET /ops/claims/:ref/investigation', () => {
  it('shows the report once there is one (200, not 500)', async () => {
    await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'plan', preset: 'critical-illness' });
    const p = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '王芳', idNumber: makeNationalId('11', '1980-01-01', 3) });
    await s.call('member', 'POST', '/me/memberships', { plan: 'xhb', person: p.json.id, declaration: HEALTHY });
    const ref = (await s.call('member', 'POST', '/me/claims', { plan: 'xhb', person: p.json.id, diagnosedOn: '2024-03-01', severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' })).json.ref;
    await s.call('operator', 'POST', `/ops/claims/${ref}/assign`, { investigatorId: Number(s.ids.investigator) });
    await s.call('investigator', 'POST', `/ops/claims/${ref}/findings`, { findings: 'Hospital records confirm the accident.' });
    expect((await s.call('investigator', 'POST', `/ops/claims/${ref}/report`, { summary: 'Confirmed on site.', recommendation: 'approve' })).status).toBe(200);
    const view = await s.call('operator', 'GET', `/ops/claims/${ref}/investigation`);
    expect(view.status, view.body).toBe(200);
    expect(view.json.report).toMatchObject({ investigator: expect.any(String), summary: 'Confirmed on site.', recommendation: 'approve', documents: [] });
    expect(view.json.report).not.toHaveProperty('claimId');
  });
});
