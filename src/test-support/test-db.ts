/**
 * A fresh, migrated database for one test: in-memory PGlite by default, or, when DATABASE_URL
 * is set (CI's second run), a throwaway schema on that server, dropped on close.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseEnv } from '../config/env.ts';
import { openDb, type Db } from '../db/database.ts';

export const onServer = (): boolean => databaseEnv().databaseUrl !== undefined;

export async function testDb(): Promise<Db> {
  const url = databaseEnv().databaseUrl;
  if (!url) return openDb({ dataDir: 'memory' });
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = await openDb({ databaseUrl: url, schema });
  const close = db.close.bind(db);
  return Object.assign(db, {
    close: async () => {
      await close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  });
}
