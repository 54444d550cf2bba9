/**
 * Test support for the server: a fresh database, the app with a clock the test moves, and
 * one logged-in account per role. Used by the *.test.ts files beside it.
 */
import type { Db } from '../db/database.ts';
import { testDb } from '../test-support/test-db.ts';
import { buildServer, type BuildOptions, type Server } from './app.ts';
import { testConfig, type ServerConfig } from './config.ts';
import { ROLES, type Role } from '../domain/principal.ts';
import { hashPassword } from './passwords.ts';
import { insertAccount } from '../repositories/accounts-repo.ts';
import { upsertPayer } from '../repositories/members-repo.ts';
import { makeNationalId } from './national-id.ts';

export interface TestServer extends Server {
  db: Db;
  now: { t: Date };
  tokens: Record<Role, string>;
  ids: Record<Role, bigint>;
  close(): Promise<void>;
  /** inject with a bearer token for a role (or none). */
  call(role: Role | null, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; body: string; headers: Record<string, unknown> }>;
}

export const PASSWORD = 'correct horse battery';

export async function testServer(opts: { start?: string; config?: Partial<ServerConfig>; logStream?: BuildOptions['logStream'] } = {}): Promise<TestServer> {
  const db = await testDb();
  const now = { t: new Date(opts.start ?? '2024-03-01T10:00:00+08:00') };
  const server = await buildServer({ db, config: testConfig(opts.config), clock: () => now.t, ...(opts.logStream ? { logStream: opts.logStream } : {}) });
  const hash = await hashPassword(PASSWORD, 10);
  const ids = {} as Record<Role, bigint>;
  for (const role of ROLES) {
    const payerId = role === 'member' ? await upsertPayer(db, `account:test-${role}`) : null;
    ids[role] = await insertAccount(db, { email: `${role}@test.huzhu`, passwordHash: hash, role, payerId, at: now.t });
  }
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await server.ctx.sessions.create(ids[role], now.t)).token;
  const call: TestServer['call'] = async (role, method, url, body, headers = {}) => {
    const res = await server.app.inject({
      method: method as 'GET', url,
      headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...headers },
      ...(body === undefined ? {} : typeof body === 'string' || Buffer.isBuffer(body) ? { payload: body } : { payload: body as object }),
    });
    let json: unknown;
    try { json = res.json(); } catch { json = undefined; }
    return { status: res.statusCode, json, body: res.body, headers: res.headers };
  };
  return {
    ...server, db, now, tokens, ids, call,
    close: async () => {
      await server.app.close();
      await db.close();
    },
  };
}

export const HEALTHY = {
  'hospitalised-or-advised': false, 'critical-illness-history': false, 'chronic-organ-disease': false, 'abnormal-results': false, 'unable-to-work': false,
};

/** A concrete URL for a route pattern: ids that do not exist, so allowed calls end in 4xx/2xx, never 401/403. */
export function concrete(url: string): string {
  return url
    .replace(':plan', 'no-such-plan').replace(':announcedOn', '2020-01-07').replace(':ref', 'NO-SUCH-CLAIM').replace(':id', '999999')
    .replace(':sha256', '0'.repeat(64)).replace('*', 'index.html');
}

export { makeNationalId };
