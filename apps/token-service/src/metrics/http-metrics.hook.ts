import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Histogram } from 'prom-client';
import { LedgerMetrics } from './ledger-metrics';

/**
 * Observes every answered request in one Fastify `onResponse` hook, after the answer is sent:
 * one histogram observation per request (its labeled child cached, so no label hashing on the
 * hot path). Refresh outcomes are counted by the refresh use case itself, for both transports.
 */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: LedgerMetrics,
  ) {}

  onModuleInit(): void {
    // A bare application context (handler tests, the CLI) has no HTTP adapter: nothing to observe.
    if (!this.adapterHost.httpAdapter) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const durations = new Map<string, Histogram.Internal<'method' | 'route' | 'status_code'>>();
    const { metrics } = this;
    const { httpDuration } = metrics;

    // Fastify attaches hooks to routes when it becomes ready, so one added here (module init,
    // before `listen`) covers every route, including those registered before it.
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const status = reply.statusCode;
      const key = `${request.method} ${route} ${status}`;
      let child = durations.get(key);
      if (!child) {
        child = httpDuration.labels(request.method, route, String(status));
        durations.set(key, child);
      }
      child.observe(reply.elapsedTime / 1000);

      done();
    });
  }
}
