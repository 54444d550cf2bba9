/**
 * Control characters are refused in every text a request carries, before any route sees it:
 * a NUL in a name reaches PostgreSQL as an encoding error, and other control characters in
 * names, reasons or look-ups only ever serve to hide or forge text in logs and views.
 * Path parameters and query strings may hold none; text in a JSON body may hold tab, line feed
 * and carriage return (summaries have paragraphs). Raw uploads (evidence bytes) are not text.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HuzhuError } from '../domain/errors.ts';

const IN_LINE = /[\u0000-\u001f\u007f-\u009f]/;
const IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** The path of the first string under value that matches bad, or undefined. */
export function findControlCharacter(value: unknown, bad: RegExp, path: string): string | undefined {
  if (typeof value === 'string') return bad.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (bad.test(k)) return path;
    const found = findControlCharacter(v, bad, `${path}.${k}`);
    if (found) return found;
  }
  return undefined;
}

export function refuseControlCharacters(req: Pick<FastifyRequest, 'params' | 'query' | 'body'>): void {
  const field = findControlCharacter(req.params, IN_LINE, 'params') ?? findControlCharacter(req.query, IN_LINE, 'querystring')
    ?? findControlCharacter(req.body, IN_TEXT, 'body');
  if (field) throw new HuzhuError('VALIDATION', `${field}: control characters are not allowed`, { field });
}

export function installInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => refuseControlCharacters(req));
}
