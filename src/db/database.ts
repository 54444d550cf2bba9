/**
 * One small interface over the two PostgreSQL engines huzhu runs on:
 * embedded PGlite (default, data in a folder) and a PostgreSQL server (when DATABASE_URL is set).
 * Both speak the same SQL; int8 comes back as bigint on both, so money is never a float.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { databaseEnv } from '../config/env.ts';

import { lockDataFolder, type DataFolderLock } from './data-folder-lock.ts';
import { migrate } from './migrate.ts';

/**
 * `name` makes the statement a named prepared statement on a PostgreSQL server: parsed and
 * planned once per pooled connection, then only bound and executed (the hot reads of the server
 * use it; planning costs them more than running). Each name must always go with the same text.
 * PGlite ignores it.
 */
export interface QueryOptions { name?: string }

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], opts?: QueryOptions): Promise<T[]>;
  /** Several statements, no parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

/** A transaction's connection: queries, and COPY into a table of the same transaction (a temporary stage). */
export interface Transaction extends Queryable {
  /** Bulk load rows (tab-separated text, COPY format) inside this transaction: rolled back with it. */
  copyIn(table: string, columns: string[], tsv: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: everything it writes commits together or not at all. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Bulk load rows (tab-separated text, COPY format) into a table. */
  copyIn(table: string, columns: string[], tsv: string): Promise<void>;
  close(): Promise<void>;
}

const INT8 = 20;
const parseInt8 = (v: string): bigint => BigInt(v);

// ---- PGlite ---------------------------------------------------------------------------------

class PGliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(private readonly pg: PGlite, private readonly lock?: DataFolderLock) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pg.query<T>(sql, params)).rows;
  }
  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
  }
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) =>
      fn({
        query: async <R>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows,
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
        copyIn: async (table: string, columns: string[], tsv: string) => {
          await tx.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob([tsv]) });
        },
      }),
    );
  }
  async copyIn(table: string, columns: string[], tsv: string): Promise<void> {
    await this.pg.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob([tsv]) });
  }
  async close(): Promise<void> {
    try {
      await this.pg.close();
    } finally {
      this.lock?.release();
    }
  }
}

const copySql = (table: string, columns: string[], source: string): string => `COPY ${table} (${columns.join(', ')}) FROM ${source}`;

async function copyOnClient(client: pg.PoolClient, table: string, columns: string[], tsv: string): Promise<void> {
  const { from } = await import('pg-copy-streams');
  const { pipeline } = await import('node:stream/promises');
  const { Readable } = await import('node:stream');
  await pipeline(Readable.from([tsv]), client.query(from(copySql(table, columns, 'STDIN'))));
}

// ---- PostgreSQL server ----------------------------------------------------------------------

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  async query<T>(sql: string, params: unknown[] = [], opts?: QueryOptions): Promise<T[]> {
    const r = opts?.name ? await this.pool.query({ name: opts.name, text: sql, values: params }) : await this.pool.query(sql, params);
    return r.rows as T[];
  }
  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({
        query: async <R>(sql: string, params: unknown[] = [], opts?: QueryOptions) =>
          (opts?.name ? await client.query({ name: opts.name, text: sql, values: params }) : await client.query(sql, params)).rows as R[],
        exec: async (sql: string) => {
          await client.query(sql);
        },
        copyIn: (table: string, columns: string[], tsv: string) => copyOnClient(client, table, columns, tsv),
      });
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
  async copyIn(table: string, columns: string[], tsv: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await copyOnClient(client, table, columns, tsv);
    } finally {
      client.release();
    }
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}

// ---- Opening --------------------------------------------------------------------------------

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; 'memory' (or undefined with inMemory) for a throwaway database. */
  dataDir?: string | undefined;
  /** Schema to use on a server (tests give each run its own); created if missing. */
  schema?: string | undefined;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Connections in the pool on a server (default 8). */
  poolSize?: number | undefined;
}

export async function openDb(opts: OpenOptions = {}): Promise<Db> {
  let db: Db;
  if (opts.databaseUrl) {
    const schema = opts.schema;
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 8,
      types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8 ? parseInt8 : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    db = new PostgresDb(pool);
  } else {
    const dir = opts.dataDir && opts.dataDir !== 'memory' ? opts.dataDir : undefined;
    if (!dir && opts.migrate !== false) return new PGliteDb(await freshMemoryDb());
    // One process per data folder, taken before PGlite reads a byte of it (data-folder-lock.ts).
    const lock = dir ? lockDataFolder(dir) : undefined;
    try {
      const lite = new PGlite({ ...(dir ? { dataDir: dir } : {}), parsers: { [INT8]: parseInt8 } });
      await lite.waitReady;
      db = new PGliteDb(lite, lock);
    } catch (e) {
      lock?.release();
      throw e;
    }
  }
  if (opts.migrate !== false) await migrate(db);
  return db;
}

// Creating and migrating a PGlite database costs seconds; an in-memory one (replays, tests) is
// cloned from a migrated image made once per process, which takes a fraction of that.
let memoryTemplate: Promise<Blob> | undefined;

async function freshMemoryDb(): Promise<PGlite> {
  memoryTemplate ??= (async () => {
    const lite = new PGlite({ parsers: { [INT8]: parseInt8 } });
    await migrate(new PGliteDb(lite));
    const image = await lite.dumpDataDir('none');
    await lite.close();
    return image;
  })();
  const lite = new PGlite({ loadDataDir: await memoryTemplate, parsers: { [INT8]: parseInt8 } });
  await lite.waitReady;
  return lite;
}

/** The database named by the environment: DATABASE_URL, else PGlite in HUZHU_DATA (default ./data). */
export function openFromEnv(overrides: Partial<OpenOptions> = {}): Promise<Db> {
  return openDb({ ...databaseEnv(), ...overrides });
}

/** Reaches the database with the smallest statement (the health check). */
export async function ping(q: Queryable): Promise<void> {
  await q.query('SELECT 1');
}
