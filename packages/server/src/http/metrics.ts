import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventDispatcher } from '../events/event-dispatcher.js';

/**
 * Prometheus metrics at `/metrics`: process defaults, request counts and durations by route, and
 * each event subscriber's backlog (events committed that it has not handled yet).
 */
export function installMetrics(app: FastifyInstance, events: EventDispatcher): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'touchstone_event_backlog',
    help: 'Domain events committed and not yet handled, by subscriber',
    labelNames: ['subscriber'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const state of await events.states()) {
        this.set({ subscriber: state.name }, state.backlog);
      }
    },
  });
  new Gauge({
    name: 'touchstone_event_position',
    help: 'The last domain event each subscriber handled (its cursor)',
    labelNames: ['subscriber'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const state of events.positions()) this.set({ subscriber: state.name }, state.position);
    },
  });
  const requests = new Counter({
    name: 'touchstone_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'touchstone_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, keeps label cardinality bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  return registry;
}
