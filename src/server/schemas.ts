/** Zod schemas shared by routes: pagination, errors, dates, money. OpenAPI is generated from them. */
import { z } from 'zod';
import { ERROR_CODES } from '../domain/errors.ts';
import { parseLocalDate } from '../domain/local-date.ts';

export const errorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]),
    message: z.string(),
    field: z.string().optional(),
  }),
}).describe('Every failure: a stable code (see docs/errors.md), a message, and the field at fault when there is one.');

/** The error responses every route may give; documented once, attached to every route. */
export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema } as const;

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Items per page (1-100).'),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('Items to skip.'),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const pageInfo = z.object({ limit: z.number().int(), offset: z.number().int(), next: z.number().int().nullable().describe('Offset of the next page, or null on the last one.') });

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), page: pageInfo });

/** Fetch limit+1 rows, return limit, and know whether there is a next page. */
export function paged<T>(rows: T[], q: PageQuery): { items: T[]; page: { limit: number; offset: number; next: number | null } } {
  return { items: rows.slice(0, q.limit), page: { limit: q.limit, offset: q.offset, next: rows.length > q.limit ? q.offset + q.limit : null } };
}

/**
 * A real calendar date as YYYY-MM-DD, by the one parse the rules use (parseLocalDate), so
 * 2020-02-30 or 2026-13-45 is a VALIDATION naming the field, never a database error.
 */
export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((v) => isRealLocalDate(v), 'not a real calendar date (YYYY-MM-DD, years 1900-2200)');
function isRealLocalDate(v: string): boolean {
  try {
    parseLocalDate(v);
    return true;
  } catch {
    return false;
  }
}
/** The name the routes use. */
export const localDate = localDateSchema;
export const fen = z.number().int().describe('An amount in fen (1 yuan = 100 fen).');
export const instant = z.string().describe('An instant, ISO 8601 UTC.');
export const planId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, '1-40 lower-case letters, digits and dashes');
export const claimRef = z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/, '1-80 letters, digits or ._:-');
export const idParam = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const ok = z.object({ ok: z.literal(true) });
