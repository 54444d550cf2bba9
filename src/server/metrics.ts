/** Prometheus metrics at /metrics: process defaults, HTTP requests by route, and the calendar. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  calendarRuns: Counter<'outcome'>;
  calendarThrough: Gauge<'plan'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'huzhu_' });
  return {
    registry,
    httpRequests: new Counter({ name: 'huzhu_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'huzhu_http_request_seconds', help: 'HTTP request duration', labelNames: ['method', 'route'], registers: [registry],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
    calendarRuns: new Counter({ name: 'huzhu_calendar_runs_total', help: 'Sharing calendar runs', labelNames: ['outcome'], registers: [registry] }),
    calendarThrough: new Gauge({ name: 'huzhu_calendar_through_days', help: 'Last calendar day done, as days since 1970-01-01', labelNames: ['plan'], registers: [registry] }),
  };
}
