/**
 * The server's configuration, from environment variables, validated once at start. Secrets are
 * held in a `Secret` wrapper whose string form is "[secret]", so a logged config shows none.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { HuzhuError } from '../domain/errors.ts';
import { loadWitnessKeys } from '../transparency-log/witness-config.ts';

export class Secret {
  readonly #value: Buffer;
  constructor(value: Buffer) {
    this.#value = value;
  }
  reveal(): Buffer {
    return this.#value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
}

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//).optional(),
  HUZHU_DATA: z.string().default('./data'),
  /** 64 hex characters (32 bytes). Encrypts national ID numbers and keys their hashes. */
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
  /** scrypt cost as log2(N): 15 is 32 MiB and ~50 ms a hash. */
  HUZHU_SCRYPT_LOG_N: int(10, 20).default(15),
  HUZHU_LOGIN_PER_MINUTE: int(1, 100_000).default(10),
  HUZHU_REGISTER_PER_HOUR: int(1, 100_000).default(20),
  /** Witness cosignatures (POST /log/cosignature) per address per minute. */
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
  /**
   * Database connections per server process (a PostgreSQL server only). Two per core: more
   * backends than the cores can run only add switching between them (measured in bench:api).
   */
  HUZHU_DB_POOL: int(2, 200).default(Math.max(4, 2 * availableParallelism())),
});

export interface ServerConfig {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  secretKey: Secret;
  logLevel: string;
  sessionHours: number;
  cookieSecure: boolean;
  /** HUZHU_TRUST_PROXY: false, true, or the trusted proxies' addresses (Fastify's trustProxy). */
  trustProxy: boolean | string;
  scryptLogN: number;
  loginPerMinute: number;
  registerPerHour: number;
  cosignPerMinute: number;
  /** Verifier keys of the witnesses whose cosignatures the log accepts (HUZHU_LOG_WITNESSES, else HUZHU_DATA/log-witnesses). */
  logWitnesses: readonly string[];
  lockoutFailures: number;
  lockoutMinutes: number;
  requestTimeoutSeconds: number;
  calendar: boolean;
  calendarPollSeconds: number;
  paymentProvider: 'simulated' | 'batch-file';
  simFailureRate: number;
  maxUploadBytes: number;
  seedDemo: boolean;
  dbPool: number;
}

/**
 * Reads and validates the environment. Without HUZHU_SECRET_KEY on the embedded database, a key
 * is made once and kept beside the data (`secret.key`, mode 0600) so `npm start` just works;
 * on a PostgreSQL server the key must be given.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    // The message names the variable, never its value.
    throw new HuzhuError('VALIDATION', `${field}: ${issue.message}`, { field });
  }
  const e = parsed.data;
  let key: Buffer;
  if (e.HUZHU_SECRET_KEY) key = Buffer.from(e.HUZHU_SECRET_KEY, 'hex');
  else if (e.DATABASE_URL) throw new HuzhuError('VALIDATION', 'HUZHU_SECRET_KEY: required with DATABASE_URL (64 hex characters)', { field: 'HUZHU_SECRET_KEY' });
  else key = localKey(e.HUZHU_DATA);
  return {
    host: e.HOST, port: e.PORT, databaseUrl: e.DATABASE_URL, dataDir: e.HUZHU_DATA, secretKey: new Secret(key), logLevel: e.HUZHU_LOG_LEVEL,
    sessionHours: e.HUZHU_SESSION_HOURS, cookieSecure: e.HUZHU_COOKIE_SECURE, trustProxy: e.HUZHU_TRUST_PROXY, scryptLogN: e.HUZHU_SCRYPT_LOG_N,
    loginPerMinute: e.HUZHU_LOGIN_PER_MINUTE, registerPerHour: e.HUZHU_REGISTER_PER_HOUR, lockoutFailures: e.HUZHU_LOCKOUT_FAILURES,
    cosignPerMinute: e.HUZHU_COSIGN_PER_MINUTE, logWitnesses: loadWitnessKeys({ ...cleaned, HUZHU_DATA: e.HUZHU_DATA }).map((w) => w.verifierKey),
    lockoutMinutes: e.HUZHU_LOCKOUT_MINUTES, requestTimeoutSeconds: e.HUZHU_REQUEST_TIMEOUT_SECONDS, calendar: e.HUZHU_CALENDAR, calendarPollSeconds: e.HUZHU_CALENDAR_POLL_SECONDS,
    paymentProvider: e.HUZHU_PAYMENT_PROVIDER, simFailureRate: e.HUZHU_SIM_FAILURE_RATE, maxUploadBytes: e.HUZHU_MAX_UPLOAD_BYTES,
    seedDemo: e.HUZHU_SEED_DEMO, dbPool: e.HUZHU_DB_POOL,
  };
}

function localKey(dataDir: string): Buffer {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  return key;
}

/** A configuration for tests: fast password hashing, no background calendar, no demo seed. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: '127.0.0.1', port: 0, databaseUrl: undefined, dataDir: 'memory', secretKey: new Secret(Buffer.alloc(32, 7)), logLevel: 'silent',
    sessionHours: 24, cookieSecure: false, trustProxy: false, scryptLogN: 10, loginPerMinute: 1000, registerPerHour: 1000, cosignPerMinute: 1000, logWitnesses: [], lockoutFailures: 5,
    lockoutMinutes: 15, requestTimeoutSeconds: 15, calendar: false, calendarPollSeconds: 30, paymentProvider: 'simulated', simFailureRate: 0, maxUploadBytes: 1024 * 1024,
    seedDemo: false, dbPool: 4, ...overrides,
  };
}
