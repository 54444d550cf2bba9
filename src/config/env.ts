/**
 * Every environment variable huzhu reads, in one schema: this module is the only place in src
 * that touches `process.env` (env.test.ts fails otherwise). Each part of the program parses only
 * its own section, so a bad server variable does not stop `huzhu books check`; the server
 * validates its section at start (server/config.ts), naming the variable, never its value.
 *
 * | variable                                     | section  | default                                      | what                                                             |
 * |----------------------------------------------|----------|----------------------------------------------|------------------------------------------------------------------|
 * | `DATABASE_URL`                               | database | none: PGlite in `HUZHU_DATA`                 | a PostgreSQL server (`postgres://` or `postgresql://`)           |
 * | `HUZHU_DB_SCHEMA`                            | database | none: the server's default search path       | with DATABASE_URL, a schema of its own (made if missing): the browser tests run one server each |
 * | `HUZHU_DATA`                                 | database | `./data`                                     | the data folder (PGlite, secret.key, log keys); `memory` in tests |
 * | `HOST`, `PORT`                               | server   | `127.0.0.1`, `3000`                          | where the server listens                                         |
 * | `HUZHU_SECRET_KEY`                           | server   | made once in `HUZHU_DATA/secret.key` (PGlite) | 64 hex characters; encrypts national IDs; required with DATABASE_URL |
 * | `HUZHU_LOG_LEVEL`                            | server   | `info`                                       | pino level, or `silent`                                          |
 * | `HUZHU_SESSION_HOURS`                        | server   | 168                                          | session lifetime                                                 |
 * | `HUZHU_COOKIE_SECURE`                        | server   | `false`                                      | `true` behind HTTPS                                              |
 * | `HUZHU_TRUST_PROXY`                          | server   | `0`                                          | behind a TLS proxy: `1`, or the proxies' addresses; Secure cookies |
 * | `HUZHU_REQUEST_TIMEOUT_SECONDS`              | server   | 15                                           | a request not fully received by then gets 408 and is closed       |
 * | `HUZHU_SCRYPT_LOG_N`                         | server   | 15                                           | scrypt cost as log2(N): 15 is 32 MiB and ~50 ms a hash           |
 * | `HUZHU_LOGIN_PER_MINUTE`, `HUZHU_REGISTER_PER_HOUR` | server | 10, 20                                 | per address                                                      |
 * | `HUZHU_COSIGN_PER_MINUTE`                    | server   | 30                                           | witness cosignatures (POST /log/cosignature) per address         |
 * | `HUZHU_LOCKOUT_FAILURES`, `HUZHU_LOCKOUT_MINUTES` | server | 5, 15                                    | failed log-ins before a lock, and its length                     |
 * | `HUZHU_CALENDAR`, `HUZHU_CALENDAR_POLL_SECONDS` | server | `true`, 30                                   | the background sharing calendar                                  |
 * | `HUZHU_PAYMENT_PROVIDER`                     | server   | `simulated`                                  | or `batch-file`                                                  |
 * | `HUZHU_SIM_FAILURE_RATE`                     | server   | 0.01                                         | the simulated provider's failure share                           |
 * | `HUZHU_MAX_UPLOAD_BYTES`                     | server   | 10 MiB                                       | evidence files                                                   |
 * | `HUZHU_SEED_DEMO`                            | server   | `true`                                       | seed the demo on an empty database                               |
 * | `HUZHU_DB_POOL`                              | server   | 2 per core, at least 4                       | connections per server process (PostgreSQL server)               |
 * | `HUZHU_WORKER_INDEX`                         | server   | `0`                                          | set by `huzhu serve --workers` in each process; 0 seeds the demo |
 * | `HUZHU_WEB_DIST`                             | server   | `web/dist` beside the code                   | the built web app served at `/` (`npm run build:web` makes it)    |
 * | `HUZHU_LOG_SIGNER_KEY`                       | log      | `HUZHU_DATA/log-signer.key`, made once       | the transparency log's C2SP signer key                           |
 * | `HUZHU_LOG_ORIGIN`                           | log      | `huzhu.local/log`                            | the name (origin) of a newly made log key                        |
 * | `HUZHU_LOG_WITNESSES`                        | log      | `HUZHU_DATA/log-witnesses` if present        | witness verifier keys, comma- or newline-separated               |
 * | `HUZHU_SHARING_CHUNK`                        | sharing  | 500000                                       | memberships billed per chunk of a sharing run                    |
 * | `HUZHU_SHARING_PARALLEL`                     | sharing  | 2 (PostgreSQL), 1 (PGlite, always)           | chunks billed at once on a PostgreSQL server                     |
 *
 * The same table is in docs/api.md ("Configuration").
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

/** The process's environment, read here and nowhere else. */
export function processEnv(): Env {
  return process.env;
}

/** Unset and empty mean the same: the default. */
export function cleanedEnv(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** A tuning knob: a bad value is ignored (the default applies), as it always was. */
const knob = z.coerce.number().refine((n) => Number.isFinite(n) && n !== 0).optional().catch(undefined);

export const databaseEnvSchema = z.object({
  DATABASE_URL: z.string().optional(),
  HUZHU_DATA: z.string().default('./data'),
  HUZHU_DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'HUZHU_DB_SCHEMA: lower-case letters, digits and _').optional(),
});

/** The server's section, validated at start by server/config.ts. */
export const serverEnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//).optional(),
  HUZHU_DATA: z.string().default('./data'),
  HUZHU_SECRET_KEY: z.string().regex(/^[0-9a-f]{64}$/i, 'HUZHU_SECRET_KEY: 64 hex characters').optional(),
  HUZHU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HUZHU_SESSION_HOURS: int(1, 24 * 90).default(24 * 7),
  HUZHU_COOKIE_SECURE: bool.default(false),
  /**
   * Behind a reverse proxy that ends TLS: '1' trusts X-Forwarded-Proto/-For/-Host from any
   * proxy, or a comma-separated list of proxy addresses/CIDRs trusts those only. Then requests
   * that came over https get a `Secure` session cookie and HSTS, and rate limits see the client.
   */
  HUZHU_TRUST_PROXY: z.string().default('0').transform((v): boolean | string => (v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : v))
    .refine((v) => typeof v === 'boolean' || /^[0-9a-fA-F.:/, ]+$/.test(v), 'HUZHU_TRUST_PROXY: 0, 1, or proxy addresses separated by commas'),
  HUZHU_SCRYPT_LOG_N: int(10, 20).default(15),
  HUZHU_LOGIN_PER_MINUTE: int(1, 100_000).default(10),
  HUZHU_REGISTER_PER_HOUR: int(1, 100_000).default(20),
  HUZHU_COSIGN_PER_MINUTE: int(1, 100_000).default(30),
  HUZHU_LOCKOUT_FAILURES: int(1, 1000).default(5),
  HUZHU_LOCKOUT_MINUTES: int(1, 24 * 60).default(15),
  /** A request whose headers and body have not all arrived by then is answered 408 and closed. */
  HUZHU_REQUEST_TIMEOUT_SECONDS: int(1, 3600).default(15),
  HUZHU_CALENDAR: bool.default(true),
  HUZHU_CALENDAR_POLL_SECONDS: int(1, 3600).default(30),
  HUZHU_PAYMENT_PROVIDER: z.enum(['simulated', 'batch-file']).default('simulated'),
  HUZHU_SIM_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.01),
  HUZHU_MAX_UPLOAD_BYTES: int(1024, 100 * 1024 * 1024).default(10 * 1024 * 1024),
  HUZHU_SEED_DEMO: bool.default(true),
  /** Two per core: more backends than the cores can run only add switching between them (measured in bench:api). */
  HUZHU_DB_POOL: int(2, 200).default(Math.max(4, 2 * availableParallelism())),
});

/** The transparency log's key and witnesses (read by transparency-log/signer-config.ts and witness-config.ts). */
export const logEnvSchema = z.object({
  HUZHU_LOG_SIGNER_KEY: z.string().optional(),
  HUZHU_LOG_ORIGIN: z.string().optional(),
  HUZHU_LOG_WITNESSES: z.string().optional(),
  HUZHU_DATA: z.string().default('./data'),
});

export const sharingEnvSchema = z.object({ HUZHU_SHARING_CHUNK: knob, HUZHU_SHARING_PARALLEL: knob });

export type ServerEnv = z.infer<typeof serverEnvSchema>;

/** Where the database is: DATABASE_URL, else PGlite in HUZHU_DATA. */
export function databaseEnv(env: Env = processEnv()): { databaseUrl: string | undefined; dataDir: string; schema: string | undefined } {
  const e = databaseEnvSchema.parse(cleanedEnv(env));
  return { databaseUrl: e.DATABASE_URL, dataDir: e.HUZHU_DATA, schema: e.DATABASE_URL ? e.HUZHU_DB_SCHEMA : undefined };
}

export function logEnv(env: Env = processEnv()): z.infer<typeof logEnvSchema> {
  return logEnvSchema.parse(cleanedEnv(env));
}

/** The sharing run's tuning; undefined means the run's own default. */
export function sharingEnv(env: Env = processEnv()): { chunkSize: number | undefined; parallel: number | undefined } {
  const e = sharingEnvSchema.parse(cleanedEnv(env));
  return { chunkSize: e.HUZHU_SHARING_CHUNK, parallel: e.HUZHU_SHARING_PARALLEL };
}

/** The scrypt cost for a command that hashes a password outside the server (`huzhu admin reset-password`). */
export function scryptLogNEnv(env: Env = processEnv()): number {
  return serverEnvSchema.shape.HUZHU_SCRYPT_LOG_N.parse(cleanedEnv(env).HUZHU_SCRYPT_LOG_N);
}

/** Is the log's signing key given in the environment (HUZHU_LOG_SIGNER_KEY), not in the data folder? */
export function logSignerKeyInEnv(env: Env = processEnv()): boolean {
  return Boolean(env.HUZHU_LOG_SIGNER_KEY?.trim());
}

/** The folder of the built web app that `huzhu serve` serves at / (undefined: web/dist beside the code). */
export function webDistEnv(env: Env = processEnv()): string | undefined {
  return env.HUZHU_WEB_DIST || undefined;
}

/** The index `huzhu serve --workers` gives each process (0 when it runs alone). */
export function workerIndex(env: Env = processEnv()): string {
  return env.HUZHU_WORKER_INDEX ?? '0';
}
