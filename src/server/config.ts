/**
 * The server's configuration, from its section of the environment (config/env.ts, where every
 * variable is listed), validated once at start. Secrets are
 * held in a `Secret` wrapper whose string form is "[secret]", so a logged config shows none.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cleanedEnv, processEnv, serverEnvSchema, type Env } from '../config/env.ts';
import { HuzhuError } from '../domain/errors.ts';
import { loadWitnessKeys } from '../transparency/witness/witness-config.ts';

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
export function loadConfig(env: Env = processEnv()): ServerConfig {
  const cleaned = cleanedEnv(env);
  const parsed = serverEnvSchema.safeParse(cleaned);
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
