/** The response serializer writes exactly what the route's schema declares, and nothing else. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serializerCompiler } from './serializer.ts';

const compile = (schema: z.ZodType) => serializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' } as never) as (d: unknown) => string;

describe('response serializer', () => {
  it('drops fields the schema does not declare (a national ID cannot leak by accident)', () => {
    const out = compile(z.object({ name: z.string(), amountFen: z.number().int(), note: z.string().nullable() }));
    const json = JSON.parse(out({ name: '李明', amountFen: 18_800, note: null, idNumber: '110101199003071234', idCipher: 'x' }));
    expect(json).toEqual({ name: '李明', amountFen: 18_800, note: null });
  });
  it('serialises nested lists the same as JSON.stringify would', () => {
    const schema = z.object({ items: z.array(z.object({ plan: z.string(), cases: z.array(z.object({ age: z.number().int(), severity: z.enum(['severe', 'mild']) })) })), page: z.object({ next: z.number().int().nullable() }) });
    const data = { items: [{ plan: 'ci', cases: [{ age: 41, severity: 'mild' }, { age: 30, severity: 'severe' }] }], page: { next: null } };
    expect(compile(schema)(data)).toBe(JSON.stringify(data));
  });
});
