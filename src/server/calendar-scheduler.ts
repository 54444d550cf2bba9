/**
 * The sharing calendar inside the server. It polls (every HUZHU_CALENDAR_POLL_SECONDS) and runs
 * every plan's calendar through every day that has begun in the plan's time zone, so the 00:00
 * announcement and charge happen within one poll of midnight. After downtime the first poll
 * catches up day by day; the engine's plan clock and idempotency keys mean nothing runs twice,
 * even with two servers. One run at a time in this process: a manual trigger waits for the
 * scheduled run and then runs itself.
 */
import { daysBetween, type LocalDate } from '../domain/local-date.ts';
import { advanceTo } from '../services/calendar-runner.ts';
import type { ServerContext } from './context.ts';
import { clocks } from '../repositories/plans-repo.ts';

/** Thrown between two calendar days when the server is stopping; the run ends there, cleanly. */
class Stopping extends Error {}

export class CalendarScheduler {
  #chain: Promise<unknown> = Promise.resolve();
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;
  #lastError: string | null = null;
  #lastRunAt: Date | null = null;

  constructor(private readonly ctx: ServerContext) {}

  /** Runs every plan through now; resolves when done. Serialised with any run in progress. */
  run(actor = 'calendar'): Promise<void> {
    const next = this.#chain.then(async () => {
      if (this.#stopping) return;
      try {
        // Each day commits its own steps; a stop waits for the day in progress, not the catch-up.
        await advanceTo(this.ctx.db, this.ctx.provider, this.ctx.clock(), { actor, onDay: () => { if (this.#stopping) throw new Stopping(); } })
          .catch((e: unknown) => { if (!(e instanceof Stopping)) throw e; });
        this.#lastError = null;
        this.ctx.metrics.calendarRuns.inc({ outcome: 'ok' });
      } catch (e) {
        this.#lastError = e instanceof Error ? e.message : String(e);
        this.ctx.metrics.calendarRuns.inc({ outcome: 'failed' });
        throw e;
      } finally {
        this.#lastRunAt = this.ctx.clock();
        for (const c of await clocks(this.ctx.db).catch(() => [])) {
          this.ctx.metrics.calendarThrough.set({ plan: c.planId }, daysBetween('1970-01-01' as LocalDate, c.throughOn as LocalDate));
        }
      }
    });
    this.#chain = next.catch(() => undefined);
    return next;
  }

  start(log: { error: (o: object, m: string) => void }): void {
    const tick = () => this.run().catch((e: unknown) => log.error({ err: e }, 'calendar run failed; retrying at the next poll'));
    void tick();
    this.#timer = setInterval(tick, this.ctx.config.calendarPollSeconds * 1000);
    this.#timer.unref();
  }

  /** Stops polling and ends a run in progress after its current day; resolves when it has. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#chain;
  }

  status(): { lastRunAt: string | null; lastError: string | null } {
    return { lastRunAt: this.#lastRunAt?.toISOString() ?? null, lastError: this.#lastError };
  }
}
