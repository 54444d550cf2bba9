/**
 * What the member pages share: the account's people, memberships and claims (one query key each,
 * so a page that changes one refreshes the others), the evidence upload, and the upload limits.
 */
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, data, type paths } from '../../api/client';

export const usePeople = () => useQuery({
  queryKey: ['me', 'people'], queryFn: () => data(api.GET('/me/people', { params: { query: { limit: 100, offset: 0 } } })),
});

export const useMemberships = () => useQuery({
  queryKey: ['me', 'memberships'], queryFn: () => data(api.GET('/me/memberships', { params: { query: { limit: 100, offset: 0 } } })),
});

export const useMyClaims = () => useQuery({
  queryKey: ['me', 'claims'], queryFn: () => data(api.GET('/me/claims', { params: { query: { limit: 100, offset: 0 } } })),
});

/**
 * The server's limits on an evidence file. The API does not publish them, so these are its
 * defaults (HUZHU_MAX_UPLOAD_BYTES, 10 MiB; the types src/server/uploads.ts accepts, checked by
 * their first bytes); the page says they are the defaults.
 */
export const UPLOAD_LIMITS = { maxBytes: 10 * 1024 * 1024, types: ['application/pdf', 'image/png', 'image/jpeg'], accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg' } as const;

/** Why a file cannot be sent, checked before the upload (the server checks again). */
export function uploadProblem(file: File): 'type' | 'size' | 'empty' | null {
  if (!(UPLOAD_LIMITS.types as readonly string[]).includes(file.type)) return 'type';
  if (file.size === 0) return 'empty';
  return file.size > UPLOAD_LIMITS.maxBytes ? 'size' : null;
}

type Uploaded = paths['/me/challenge-evidence']['post']['responses'][201]['content']['application/json'];

/**
 * Sends one file as the raw body. The schema declares no request body for these raw uploads, so
 * the typed client cannot send one: fetched directly, the answer typed by the schema.
 */
export async function uploadEvidence(path: string, file: File): Promise<Uploaded> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${path}${sep}name=${encodeURIComponent(file.name)}`, {
    method: 'POST', credentials: 'same-origin', headers: { 'content-type': file.type }, body: file,
  });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const e = (body as { error?: { code: string; message: string; field?: string } } | undefined)?.error;
    throw new ApiError(res.status, e ?? { code: res.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL', message: res.statusText });
  }
  return body as Uploaded;
}
