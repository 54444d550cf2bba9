/**
 * What an error may show in a log line. Database errors carry the statement's parameters
 * (`params`: names, ID ciphers and hashes, birth dates), the key's values (`detail`, `where`)
 * and quote the offending value in the message; none of that may reach a log. An error is logged
 * as its kind, SQLSTATE, constraint and table, its message with quoted values cut, and its stack.
 * Request bodies are never logged (the logger logs requests by method and URL only).
 */

const QUOTED = /"[^"]*"|'[^']*'/g;
const cut = (text: string): string => text.replace(QUOTED, '"…"');

export interface SafeError {
  type: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
  stack?: string;
  cause?: SafeError;
}

/** The error as it may be logged: no parameters, no details, no quoted values. */
export function safeErrorForLog(err: unknown, depth = 0): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, message: '[not an Error; not logged]' };
  const e = err as Error & Record<string, unknown>;
  const message = cut(e.message);
  const out: SafeError = { type: e.constructor?.name ?? e.name, message };
  for (const k of ['code', 'constraint', 'table', 'column', 'routine'] as const) {
    if (typeof e[k] === 'string') out[k] = e[k];
  }
  // The stack's first line repeats the message; every later line is a code location.
  if (typeof e.stack === 'string') out.stack = [`${e.name}: ${message}`, ...e.stack.split('\n').slice(1).filter((l) => /^\s+at /.test(l))].join('\n');
  if (e.cause !== undefined && depth < 3) out.cause = safeErrorForLog(e.cause, depth + 1);
  return out;
}

/** Pino serializers for the server's logger: every `err` logged anywhere goes through the cut. */
export const logSerializers = { err: (err: unknown) => safeErrorForLog(err) };
