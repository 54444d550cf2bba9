/** Records a staff action (operator, investigator, admin) with actor, time and before/after. */
import type { FastifyRequest } from 'fastify';
import { who, type ServerContext } from './context.ts';
import { appendAudit } from '../repositories/audit-repo.ts';

export async function audit(ctx: ServerContext, req: FastifyRequest, action: string, subject: string, before: unknown, after: unknown): Promise<void> {
  const p = who(req);
  await appendAudit(ctx.db, { at: ctx.clock(), actorId: p.accountId, actorRole: p.role, action, subject, before, after });
}
