/**
 * `huzhu serve`: the platform as a service. On the embedded database (or DATABASE_URL), seeded on
 * first start with the demo platform, whose accounts are printed once.
 */
import cluster from 'node:cluster';
import type { Command } from 'commander';
import { databaseEnv, processEnv, workerIndex } from '../config/env.ts';
import { openDb } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { buildServer } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { stopOnSignals } from '../server/graceful-shutdown.ts';
import { DEMO_PLAN, isSeeded, seedDemo } from '../server/seed.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the platform server (HTTP API, docs at /docs, the sharing calendar); configured by environment variables, see docs/api.md')
    .option('--port <n>', 'port (overrides PORT)')
    .option('--host <h>', 'address to listen on (overrides HOST)')
    .option('--no-seed', 'do not seed the demo platform on an empty database')
    .option('--workers <n>', 'server processes sharing the port (a PostgreSQL server only; the calendar runs in one of them)', '1')
    .action(async (opts: { port?: string; host?: string; seed: boolean; workers: string }) => {
      const config = loadConfig({ ...processEnv(), ...(opts.port ? { PORT: opts.port } : {}), ...(opts.host ? { HOST: opts.host } : {}) });
      const workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new HuzhuError('VALIDATION', '--workers: a whole number from 1 to 64', { field: 'workers' });
      if (workers > 1 && !config.databaseUrl) throw new HuzhuError('VALIDATION', '--workers: more than one process needs a PostgreSQL server (DATABASE_URL); PGlite is one process', { field: 'workers' });
      if (workers > 1 && cluster.isPrimary) {
        // The primary only starts the workers (and restarts none: a supervisor should restart the service).
        for (let i = 0; i < workers; i++) cluster.fork({ HUZHU_WORKER_INDEX: String(i), ...(i > 0 ? { HUZHU_CALENDAR: '0' } : {}) });
        process.stdout.write(`huzhu: ${workers} server processes\n`);
        const stopAll = () => {
          for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
          process.exit(0);
        };
        process.once('SIGINT', stopAll);
        process.once('SIGTERM', stopAll);
        return;
      }
      const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: databaseEnv().schema, poolSize: config.dbPool });
      const { app, ctx, calendar } = await buildServer({ db, config });
      // Signals are handled from here on, so a stop during seeding or start-up is clean too.
      stopOnSignals({ app, db });
      const seed = opts.seed && config.seedDemo && workerIndex() === '0' && !(await isSeeded(ctx));
      let demo: Awaited<ReturnType<typeof seedDemo>> = null;
      if (seed) {
        const t = performance.now();
        process.stdout.write('seeding the demo platform (first start)...\n');
        demo = await seedDemo(ctx);
        process.stdout.write(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      }
      let address: string;
      try {
        address = await app.listen({ host: config.host, port: config.port });
      } catch (e) {
        await app.close();
        await db.close();
        if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new HuzhuError('CONFLICT', `PORT: ${config.host}:${config.port} is already in use by another program; nothing was started`, { field: 'PORT' });
        }
        throw e;
      }
      // Only once the server listens: a start that fails (port in use) has run no calendar step.
      if (config.calendar) calendar.start(app.log);
      const url = address.replace('[::1]', 'localhost');
      const logKey = (await app.inject({ method: 'GET', url: '/log/key' })).body.trim();
      process.stdout.write(`\nhuzhu is serving the web app at ${url}/  (database: ${db.kind}${db.kind === 'pglite' ? ` in ${config.dataDir}` : ''})\n`);
      process.stdout.write(`  log key:    ${logKey}   (check the log with: huzhu verify --log ${url}/log --key <this key>)\n`);
      process.stdout.write(`  API docs:   ${url}/docs      OpenAPI: ${url}/openapi.json\n`);
      process.stdout.write(`  public:     ${url}/public/plans/${DEMO_PLAN}/periods\n`);
      if (demo) {
        process.stdout.write('\nDemo accounts. The passwords are shown ONCE, now; they are stored only as hashes:\n');
        for (const a of demo) process.stdout.write(`  ${a.role.padEnd(13)} ${a.email.padEnd(26)} ${a.password}\n`);
        process.stdout.write(`\nLog in:\n  curl -s ${url}/auth/login -H 'content-type: application/json' \\\n` +
          `    -d '{"email":"member@demo.huzhu","password":"<password above>"}'\n` +
          `then send the token as 'Authorization: Bearer <token>' (browsers get an httpOnly cookie), e.g.\n` +
          `  curl -s ${url}/me/bills -H 'authorization: Bearer <token>'\n\n`);
      }
    });
}
