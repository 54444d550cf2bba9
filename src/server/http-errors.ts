/**
 * The ONE place error codes become HTTP statuses, and the one error handler: every failure leaves
 * the server as {"error":{"code","message","field"?}}. Domain code never knows about HTTP.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { fromDatabaseError } from '../db/database-errors.ts';
import { ERROR_CODES, HuzhuError, isHuzhuError, type ErrorCode } from '../domain/errors.ts';
import { safeErrorForLog } from './log-redaction.ts';

// Total over ErrorCode: a code added to domain/errors.ts without a status here fails to compile.
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_ELIGIBLE_AGE: 422,
  NOT_ELIGIBLE_HEALTH: 422,
  NOT_ELIGIBLE_CREDIT: 422,
  ALREADY_MEMBER: 409,
  NOT_ACTIVE: 409,
  TRANSFER_NOT_ALLOWED: 422,
  INSUFFICIENT_BALANCE: 422,
  BALANCE_LIMIT: 422,
  RECHARGE_FAILED: 402,
  NOT_PREPAID: 422,
  PLAN_CLOSING: 409,
  AFTER_CUT_OFF: 422,
  CLAIM_WINDOW_CLOSED: 422,
  NOT_A_MEMBER: 422,
  PRE_EXISTING: 422,
  WAITING_PERIOD: 422,
  DUPLICATE_PAYOUT: 422,
  FOUR_EYES: 409,
  WINDOW_CLOSED: 409,
  NOT_ENTITLED: 403,
  NOT_QUALIFIED: 403,
  NOT_DRAWN: 403,
  WRONG_PHASE: 409,
  ALREADY_VOTED: 409,
  REVEAL_MISMATCH: 422,
  NOT_ENOUGH_JURORS: 409,
  PERSONAL_DATA: 422,
  OUT_OF_ORDER: 409,
  BOOKS_UNBALANCED: 500,
  DEMO_ONLY: 409,
  UNKNOWN_WITNESS: 403,
  UNKNOWN_CHECKPOINT: 422,
  BAD_SIGNATURE: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CROSS_SITE: 403,
  RATE_LIMITED: 429,
  IDEMPOTENCY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
};

export const statusOf = (code: ErrorCode): number => HTTP_STATUS[code];

export interface ErrorBody { error: { code: ErrorCode; message: string; field?: string } }

export const errorBody = (e: HuzhuError): ErrorBody => ({ error: e.toJSON() });

/** Turns anything thrown into a HuzhuError: framework errors by their code, the rest INTERNAL. */
export function toHuzhuError(err: unknown): HuzhuError {
  if (isHuzhuError(err)) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issue = err.validation[0];
    const where = err.validationContext ?? 'body';
    const path = issue ? [where, ...String(issue.instancePath ?? '').split('/').filter(Boolean)].join('.') : where;
    const field = path;
    return new HuzhuError('VALIDATION', `${field}: ${issue?.message ?? 'invalid'}`, { field });
  }
  const fromDb = fromDatabaseError(err);
  if (fromDb) return fromDb;
  const fe = err as Partial<FastifyError> & { statusCode?: number };
  switch (fe.code) {
    case 'FST_ERR_BAD_URL':
      return new HuzhuError('VALIDATION', 'url: not valid percent-encoding', { field: 'url' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new HuzhuError('VALIDATION', 'url: a path segment is too long', { field: 'url' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HuzhuError('PAYLOAD_TOO_LARGE', 'body: larger than this route accepts', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? new HuzhuError('UNSUPPORTED_MEDIA_TYPE', 'body: Content-Type not accepted by this route', { field: 'content-type' })
        : new HuzhuError('VALIDATION', 'body: Content-Length does not match the body', { field: 'body' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HuzhuError('VALIDATION', 'body: not valid JSON', { field: 'body' });
    case 'FST_ERR_VALIDATION':
      return new HuzhuError('VALIDATION', `${fe.message ?? 'invalid input'}`, { field: 'body' });
    default:
      break;
  }
  if (err instanceof SyntaxError && fe.statusCode === 400) return new HuzhuError('VALIDATION', 'body: not valid JSON', { field: 'body' });
  // Any other 4xx from the framework or a plugin (bad header, bad URL encoding, ...).
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 413) return new HuzhuError('PAYLOAD_TOO_LARGE', 'body: too large', { field: 'body' });
    if (fe.statusCode === 415) return new HuzhuError('UNSUPPORTED_MEDIA_TYPE', 'body: Content-Type not accepted', { field: 'content-type' });
    if (fe.statusCode === 404) return new HuzhuError('NOT_FOUND', 'no such resource');
    return new HuzhuError('VALIDATION', 'request: malformed', { field: 'request' });
  }
  return new HuzhuError('INTERNAL', 'unexpected failure; nothing was written', { cause: err });
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const e = toHuzhuError(err);
  const status = statusOf(e.code);
  if (status >= 500) {
    // Never the raw error: a database error carries the statement's parameters (see log-redaction.ts).
    const logged = isResponseSerializationError(err) ? { message: 'response schema mismatch', issues: err.cause.issues.map((i) => ({ path: i.path, message: i.message })) } : safeErrorForLog(err);
    req.log.error({ error: logged, code: e.code }, 'request failed');
  }
  void reply.code(status).type('application/json; charset=utf-8').send(errorBody(e));
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).send(errorBody(new HuzhuError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`)));
}

export const ALL_CODES = Object.keys(ERROR_CODES) as ErrorCode[];
