/**
 * SIGTERM and SIGINT stop the server cleanly: it stops accepting connections, lets the requests
 * in flight finish, lets the calendar finish the day it is on (see CalendarScheduler.stop), closes
 * the database (which releases the data folder's lock) and exits 0. A second signal, or a stop
 * that has not finished in `graceSeconds`, exits at once with 1: every step commits in its own
 * transaction, so nothing committed is lost, and whatever was not committed is redone on restart.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';

export interface ShutdownOptions {
  app: FastifyInstance;
  db: Db;
  graceSeconds?: number;
  say?: (line: string) => void;
  exit?: (code: number) => void;
}

export function stopOnSignals(o: ShutdownOptions): { stop: (signal: string) => Promise<void> } {
  const say = o.say ?? ((line: string) => process.stderr.write(line + '\n'));
  const exit = o.exit ?? ((code: number) => process.exit(code));
  let stopping: Promise<void> | undefined;
  const stop = (signal: string): Promise<void> => {
    if (stopping) {
      say(`huzhu: ${signal} again; exiting now`);
      exit(1);
      return stopping;
    }
    say(`huzhu: ${signal}: stopping (finishing requests in flight and the calendar's current day)...`);
    const force = setTimeout(() => {
      say('huzhu: not stopped in time; exiting now');
      exit(1);
    }, (o.graceSeconds ?? 30) * 1000);
    force.unref();
    stopping = (async () => {
      try {
        await o.app.close();
        await o.db.close();
        say('huzhu: stopped');
        exit(0);
      } catch (e) {
        say(`huzhu: stop failed: ${e instanceof Error ? e.message : String(e)}`);
        exit(1);
      } finally {
        clearTimeout(force);
      }
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
  return { stop };
}
