/**
 * "Verify in your browser": what is checked, each check a plain result the page lists.
 *   1. the checkpoint is signed by the published log key;
 *   2. every entry fetched hashes up to the signed root (nothing changed, dropped or inserted);
 *   3. every period the pages show agrees with its logged record (members, share, payouts, fee,
 *      subsidy, billed), so a server that changes one amount in its answer fails here;
 *   4. the tree at the last checkpoint this browser saw (localStorage) is a prefix of this one.
 */
import { bytesEqual, fromBase64, parseVerifierKey, toBase64, verifyCheckpoint, type LogEntry } from './core';
import type { FetchedLog } from './log';

export interface ShownPeriod {
  plan: string; announcedOn: string; status: string; sharingMembers: number; shareFen: number; payoutFen: number; feeFen: number; operatorSubsidyFen: number; billedFen: number;
  /** W, published by the announcement (graded contributions); absent in older API answers. */
  weightTotal?: number;
}

/** One check's outcome: a message key and its values, so the page says it in the reader's language. */
export interface CheckResult { ok: boolean; title: string; detail: string; values: Record<string, string | number> }

export interface SeenCheckpoint { origin: string; size: number; root: string }

export const SEEN_KEY = 'huzhu.log.seen';

const FIELDS = [['sharingMembers', 'sharingMembers'], ['shareFen', 'share'], ['payoutFen', 'payouts'], ['feeFen', 'fee'], ['operatorSubsidyFen', 'subsidy'], ['billedFen', 'billed']] as const;

function periodRecords(entries: readonly LogEntry[]): Map<string, LogEntry> {
  const byPeriod = new Map<string, LogEntry>();
  for (const e of entries) {
    // The charge-day record is final; the announcement stands until then.
    if (e.type === 'period.charged' || (e.type === 'period.announced' && !byPeriod.has(String(e.period)))) byPeriod.set(String(e.period), e);
  }
  return byPeriod;
}

function checkPeriods(entries: readonly LogEntry[], periods: readonly ShownPeriod[]): CheckResult {
  const records = periodRecords(entries);
  const announcements = new Map(entries.filter((e) => e.type === 'period.announced').map((e) => [String(e.period), e as Record<string, unknown>]));
  for (const p of periods) {
    const name = `${p.plan}/${p.announcedOn}`;
    const record = records.get(name);
    if (!record) return { ok: false, title: 'verify.checks.periods', detail: 'verify.failures.missing', values: { period: name } };
    // W is in the announcement only (the charge day repeats the money, not the bands).
    const loggedW = announcements.get(name)?.weightTotal;
    if (p.weightTotal !== undefined && loggedW !== undefined && BigInt(loggedW as number | bigint) !== BigInt(p.weightTotal)) {
      return { ok: false, title: 'verify.checks.periods', detail: 'verify.failures.period', values: { period: name, field: 'weightTotal', shown: p.weightTotal, logged: String(loggedW) } };
    }
    for (const [shown, logged] of FIELDS) {
      const value = (record as Record<string, unknown>)[logged];
      if (value === undefined) continue;
      if (BigInt(value as number | bigint) !== BigInt(p[shown])) {
        return { ok: false, title: 'verify.checks.periods', detail: 'verify.failures.period', values: { period: name, field: shown, shown: p[shown], logged: String(value) } };
      }
    }
  }
  return { ok: true, title: 'verify.checks.periods', detail: 'verify.checks.periodsDetail', values: { n: periods.length } };
}

export function verifyLog(log: FetchedLog, periods: readonly ShownPeriod[], seen: SeenCheckpoint | null): { ok: boolean; checks: CheckResult[]; now?: SeenCheckpoint } {
  const checks: CheckResult[] = [];
  const signed = verifyCheckpoint(log.checkpointText, { log: parseVerifierKey(log.key) });
  if (!signed.ok) {
    checks.push({ ok: false, title: 'verify.checks.signature', detail: 'verify.failures.signature', values: { reason: signed.reason } });
    return { ok: false, checks };
  }
  const cp = signed.checkpoint;
  checks.push({ ok: true, title: 'verify.checks.signature', detail: 'verify.checks.signatureDetail', values: { key: log.key.split('+').slice(0, 2).join('+'), size: cp.size } });
  const rootOk = log.tree.size === cp.size && bytesEqual(log.tree.root(), cp.rootHash);
  checks.push(rootOk
    ? { ok: true, title: 'verify.checks.entries', detail: 'verify.checks.entriesDetail', values: { n: log.entries.length } }
    : { ok: false, title: 'verify.checks.entries', detail: 'verify.failures.root', values: {} });
  checks.push(checkPeriods(log.entries, periods));
  const now: SeenCheckpoint = { origin: cp.origin, size: cp.size, root: toBase64(cp.rootHash) };
  if (!seen || seen.origin !== cp.origin) {
    checks.push({ ok: true, title: 'verify.checks.consistency', detail: 'verify.checks.firstVisit', values: {} });
  } else {
    const grew = seen.size <= cp.size && rootOk && bytesEqual(log.tree.root(seen.size), fromBase64(seen.root, 'seen.root'));
    checks.push(grew
      ? { ok: true, title: 'verify.checks.consistency', detail: 'verify.checks.consistencyDetail', values: { from: seen.size, to: cp.size } }
      : { ok: false, title: 'verify.checks.consistency', detail: 'verify.failures.consistency', values: {} });
  }
  const ok = checks.every((c) => c.ok);
  return ok ? { ok, checks, now } : { ok, checks };
}

export function readSeen(): SeenCheckpoint | null {
  try {
    const v = JSON.parse(localStorage.getItem(SEEN_KEY) ?? 'null') as SeenCheckpoint | null;
    return v && typeof v.size === 'number' && typeof v.root === 'string' && typeof v.origin === 'string' ? v : null;
  } catch {
    return null;
  }
}

export function rememberSeen(cp: SeenCheckpoint): void {
  try { localStorage.setItem(SEEN_KEY, JSON.stringify(cp)); } catch { /* not remembered */ }
}
