/**
 * The platform server: Fastify 5 with zod schemas on every request and response, OpenAPI 3.1
 * from them, sessions, roles, idempotency, the audit trail, metrics and the calendar.
 * `buildServer` makes the app without listening, so tests drive it with `inject`.
 */
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { serializerCompiler } from './serializer.ts';

import type { Db } from '../db/database.ts';
import { batchFileProvider } from '../payments/batch-file-provider.ts';
import { simulatedProvider } from '../payments/simulated-provider.ts';
import type { PaymentProvider } from '../payments/payment-provider.ts';
import { installAccess, type RouteRule } from './access.ts';
import { CalendarScheduler } from './calendar-scheduler.ts';
import { CaseCache } from './case-cache.ts';
import { DemoClock } from './demo/demo-clock.ts';
import { demoRoutes } from './routes/demo-routes.ts';
import type { ServerConfig } from './config.ts';
import type { ServerContext } from './context.ts';
import { errorHandler, notFoundHandler } from './http-errors.ts';
import { installBrowserProtections, setSecurityHeaders } from './browser-protections.ts';
import { installIdempotency } from './idempotency.ts';
import { installInputGuards } from './input-guards.ts';
import { logSerializers } from './log-redaction.ts';
import { createMetrics } from './metrics.ts';
import { LoginThrottle } from './login-throttle.ts';
import { idVault } from './national-id.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { outlookRoutes } from './routes/outlook-routes.ts';
import { logRoutes } from './routes/log-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { regulatorRoutes } from './routes/regulator-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { claimRoutes } from './routes/claim-routes.ts';
import { decisionRoutes } from './routes/decision-routes.ts';
import { voteRoutes } from './routes/vote-routes.ts';
import { juryRoutes } from './routes/jury-routes.ts';
import { walletRoutes } from './routes/wallet-routes.ts';
import { windDownRoutes } from './routes/wind-down-routes.ts';
import { memberRoutes } from './routes/member-routes.ts';
import { opsRoutes } from './routes/ops-routes.ts';
import { publicRoutes } from './routes/public-routes.ts';
import { systemRoutes } from './routes/system-routes.ts';
import { SessionStore } from './sessions.ts';
import { webAppOr } from './web-app.ts';

export interface BuildOptions {
  db: Db;
  config: ServerConfig;
  clock?: () => Date;
  provider?: PaymentProvider;
  /** A pino logger config or false; defaults to the configured level. */
  logger?: boolean | object;
  /** Where the server's own log lines go (at least at info), with its redaction; the secrets scan reads them. */
  logStream?: { write(line: string): void };
}

export interface Server {
  app: FastifyInstance;
  ctx: ServerContext;
  calendar: CalendarScheduler;
  /** Every route with its access rule (the authorization test walks it). */
  routes: RouteRule[];
}

export function providerFor(config: ServerConfig): PaymentProvider {
  return config.paymentProvider === 'batch-file' ? batchFileProvider() : simulatedProvider({ failureRate: config.simFailureRate, seed: 1 });
}

/** Headers and fields that must never reach a log line. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.idNumber', '*.token'];

/** Counts and times every response by route (the /metrics endpoint). */
function installMetrics(app: FastifyInstance, ctx: ServerContext): void {
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    done();
  });
}

export async function buildServer(o: BuildOptions): Promise<Server> {
  const config = o.config;
  const app = Fastify({
    logger: o.logger ?? (o.logStream ? { level: 'info', redact: { paths: REDACT, censor: '[redacted]' }, serializers: logSerializers, stream: o.logStream }
      : config.logLevel === 'silent' ? false : { level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' }, serializers: logSerializers }),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    // Unfinished or slow bodies: Node answers 408 and closes once the whole request has not
    // arrived in time; it checks every second (its default, 30 s, would let them hang on).
    requestTimeout: config.requestTimeoutSeconds * 1000,
    http: { headersTimeout: config.requestTimeoutSeconds * 1000, connectionsCheckingInterval: 1000 },
    routerOptions: { maxParamLength: 200 },
    // A bad URL (e.g. "%zz") gets the documented error body, not Fastify's own; no hook runs for it.
    frameworkErrors: (err, req, reply) => {
      setSecurityHeaders(req, reply);
      errorHandler(err, req, reply);
    },
  });
  const demo = new DemoClock(o.clock ?? (() => new Date()));
  await demo.load(o.db); // a demo installation's clock survives a restart
  const ctx: ServerContext = {
    db: o.db, config, clock: () => demo.now(), demo, provider: o.provider ?? providerFor(config), vault: idVault(config.secretKey),
    sessions: new SessionStore(o.db, config.sessionHours), metrics: createMetrics(),
    loginThrottle: new LoginThrottle({ freeFailures: config.lockoutFailures, accountMaxMs: 60_000, addressMaxMs: config.lockoutMinutes * 60_000 }),
  };
  const calendar = new CalendarScheduler(ctx);
  const cases = new CaseCache();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(webAppOr(notFoundHandler)); // the web app at / (web-app.ts), else the API's 404
  // Evidence files arrive as raw bytes; results files as text.
  app.addContentTypeParser(['application/pdf', 'image/png', 'image/jpeg'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  await app.register(fastifyCookie);
  installBrowserProtections(app);
  installInputGuards(app);
  const routes = installAccess(app, ctx);
  installIdempotency(app, ctx);
  installMetrics(app, ctx);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'huzhu (互助) platform API', version: '0.1.0',
        description: 'An open, verifiable online mutual-aid health plan. JSON everywhere; amounts are integers in fen; every list is paginated (limit, offset); ' +
          'every POST accepts an Idempotency-Key; every error is {"error":{"code","message","field"?}} with a code from docs/errors.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'huzhu_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  systemRoutes(app, ctx);
  authRoutes(app, ctx);
  publicRoutes(app, ctx, cases);
  memberRoutes(app, ctx, cases);
  walletRoutes(app, ctx); // prepaid wallets (issue 13)
  windDownRoutes(app, ctx); // the wind-down of a plan (issue 13)
  claimRoutes(app, ctx);
  decisionRoutes(app, ctx);
  opsRoutes(app, ctx, calendar);
  demoRoutes(app, ctx, calendar); // the demo clock (a demo installation only)
  auditRoutes(app, ctx);
  regulatorRoutes(app, ctx); // the regulator's view (issue 13)
  adminRoutes(app, ctx);
  outlookRoutes(app, ctx);
  logRoutes(app, ctx);
  juryRoutes(app, ctx); // the member jury (docs/jury.md)
  voteRoutes(app, ctx); // rule changes by member vote (issue 14)
  app.addHook('onClose', async () => calendar.stop());
  await app.ready();
  return { app, ctx, calendar, routes };
}
