/**
 * The demo clock: on a demo installation (one the demo seed made, marked by a row in demo_clock) the
 * server's clock is the real time plus an offset the demo operator can move forward, to the next
 * announcement or charge day, so a demo shows the whole cycle in minutes instead of weeks. On any
 * other installation the offset is zero and moving it is refused (DEMO_ONLY).
 */
import type { Db } from '../../db/database.ts';
import { demoStopInstant, type DemoStop } from '../../domain/demo-clock.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { localDateOf, type LocalDate } from '../../domain/local-date.ts';
import { getDemoClock, insertDemoClock, setDemoOffset } from '../../repositories/demo-clock-repo.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import { extendLiveSessions } from '../../repositories/accounts-repo.ts';
import { nextRoundDeadline } from '../../repositories/jury-repo.ts';

/**
 * Where the demo operator may move the clock: the demo plan's next announcement or charge day, or
 * one minute past the next jury deadline (a panel's commit phase ends, or a round closes), so a
 * demo shows commit, reveal and the result without waiting two days.
 */
export type DemoMove = DemoStop | 'jury';
export const DEMO_MOVES: readonly DemoMove[] = ['announcement', 'charge', 'jury'];

export class DemoClock {
  #offsetMs = 0;
  #planId: string | null = null;

  constructor(private readonly real: () => Date) {}

  /** Whether this installation is a demo (only then can the clock move). */
  get enabled(): boolean {
    return this.#planId !== null;
  }

  get planId(): string | null {
    return this.#planId;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  realNow(): Date {
    return this.real();
  }

  /** The server's clock: real time, plus the demo offset on a demo installation. */
  now(): Date {
    return new Date(this.real().getTime() + this.#offsetMs);
  }

  /** Reads the stored clock (at start: the offset survives a restart). */
  async load(db: Db): Promise<void> {
    const row = await getDemoClock(db);
    this.#planId = row?.planId ?? null;
    this.#offsetMs = row ? Number(row.offsetMs) : 0;
  }

  /** Marks the installation as a demo of a plan (the demo seed does this). */
  async enable(db: Db, planId: string): Promise<void> {
    await insertDemoClock(db, planId, this.now());
    await this.load(db);
  }

  /** Moves the clock to the morning of the demo plan's next announcement or charge day, or past the next jury deadline; live sessions move with it. */
  async advance(db: Db, to: DemoMove): Promise<{ day: LocalDate; at: Date }> {
    if (!this.#planId) throw demoOnly();
    const plan = await getPlan(db, this.#planId);
    const stop = to === 'jury' ? await juryStop(db, this.now(), plan.rules.timeZone) : demoStopInstant(plan.rules, localDateOf(this.now(), plan.rules.timeZone), to);
    const jump = stop.at.getTime() - this.now().getTime();
    const offset = this.#offsetMs + jump;
    await db.transaction(async (tx) => {
      await setDemoOffset(tx, BigInt(offset), this.real());
      await extendLiveSessions(tx, jump, this.now());
    });
    this.#offsetMs = offset;
    return stop;
  }
}

async function juryStop(db: Db, now: Date, timeZone: string): Promise<{ day: LocalDate; at: Date }> {
  const deadline = await nextRoundDeadline(db, now);
  if (!deadline) throw new HuzhuError('CONFLICT', 'no jury round is open: there is no jury deadline to move the demo clock to');
  const at = new Date(deadline.getTime() + 60_000);
  return { day: localDateOf(at, timeZone), at };
}

export function demoOnly(): HuzhuError {
  return new HuzhuError('DEMO_ONLY', 'the demo clock moves only on a demo installation (one seeded with the demo platform); this server keeps real time');
}
