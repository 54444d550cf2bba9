/** Uploaded files: the raw request body, checked to be the type it claims by its first bytes. */
import { sha256Hex } from '../domain/sha256.ts';
import type { FastifyRequest } from 'fastify';
import { HuzhuError } from '../domain/errors.ts';

export const UPLOAD_TYPES: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

/** Reads an uploaded file (the raw body) and checks its type by its first bytes. */
export function uploadedFile(req: FastifyRequest): { type: string; body: Buffer; sha256: string } {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const check = UPLOAD_TYPES[type];
  if (!check) throw new HuzhuError('UNSUPPORTED_MEDIA_TYPE', `content-type: one of ${Object.keys(UPLOAD_TYPES).join(', ')}`, { field: 'content-type' });
  const body = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0) throw new HuzhuError('VALIDATION', 'body: the file\'s bytes', { field: 'body' });
  if (!check(body)) throw new HuzhuError('UNSUPPORTED_MEDIA_TYPE', `body: the bytes are not a ${type} file`, { field: 'content-type' });
  return { type, body, sha256: sha256Hex(body) };
}
