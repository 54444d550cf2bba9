/**
 * Response serialisation. Each route's zod response schema is turned into JSON Schema once, at
 * start-up, and compiled with fast-json-stringify (Fastify's own serialiser): it writes only the
 * fields the schema declares, so nothing undeclared (a national ID, a hash) can leak into a
 * response, and it costs a fraction of validating every response with zod on the hot routes.
 * A schema that JSON Schema cannot express falls back to zod's encode-then-stringify.
 */
import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type SerializerCompiler = typeof zodSerializerCompiler;

export const serializerCompiler: SerializerCompiler = (route) => {
  try {
    const schema = route.schema as z.ZodType;
    const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'throw' }) as Record<string, unknown>;
    delete json.$schema;
    const stringify = fastJson(json as unknown as Parameters<typeof fastJson>[0]);
    return (data: unknown) => stringify(data);
  } catch {
    return zodSerializerCompiler(route);
  }
};
