/**
 * The one API client: openapi-fetch typed by schema.d.ts (generated from the server's
 * /openapi.json; never hand-written). Same origin, so the session is the httpOnly cookie.
 * `data()` turns an answer into its body or throws ApiError, which pages show with errorSentence.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export type { paths };

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

export interface ApiErrorBody { code: string; message: string; field?: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(`${body.code}: ${body.message}`);
  }
}

/** The body of a successful answer, else an ApiError (the server's {"error":{code,message,field}}). */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data: body, error, response } = await call;
  if (error !== undefined || body === undefined) {
    const e = (error as { error?: ApiErrorBody } | undefined)?.error;
    throw new ApiError(response.status, e ?? { code: response.status >= 500 ? 'INTERNAL' : 'NOT_FOUND', message: response.statusText });
  }
  return body;
}
