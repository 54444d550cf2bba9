/** The server's liveness check (GET /health): the database answers a trivial query. */
import { ping, type Queryable } from '../db/database.ts';

export async function checkDatabase(db: Queryable): Promise<void> {
  await ping(db);
}
