/** Input checked against a zod schema, refused as the one error type naming the first bad field. */
import type { z } from 'zod';
import { HuzhuError } from './errors.ts';

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [field, ...issue.path.map(String)].join('.');
  throw new HuzhuError('VALIDATION', `${path}: ${issue.message}`, { field: path });
}
