import { createRequire } from 'node:module';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import type Koa from 'koa';

/**
 * OpenTelemetry traces from the HTTP request through the Temporal client, the workflow and its
 * activities, to PostgreSQL (pg) and the gateways' HTTP calls (fetch, through undici). Off unless
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set: then spans go over OTLP/HTTP to it (the exporter reads
 * that variable and `OTEL_EXPORTER_OTLP_HEADERS` itself). The Temporal side is one plugin, given
 * to every client and worker of the process.
 */
export interface Tracing {
  /** For `new Client({ plugins })` and `Worker.create({ plugins })`. */
  readonly plugin: OpenTelemetryPlugin;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  readonly serviceName: string;
  /** Spans go here instead of OTLP, each as it ends (tests). */
  readonly exporter?: SpanExporter;
}

/** The workflow interceptors' module, for a workflow bundle built ahead of `Worker.create`. */
export const workflowTracingModule = createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

let active: Tracing | undefined;

/** The process's Temporal plugins: the tracing one while tracing runs, none otherwise. */
export const tracingPlugins = (): OpenTelemetryPlugin[] => (active === undefined ? [] : [active.plugin]);

/** Starts tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (or an exporter is given); `undefined` when off. */
export function startTracing(env: NodeJS.ProcessEnv, options: TracingOptions): Tracing | undefined {
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (options.exporter === undefined && (endpoint === undefined || endpoint === '')) return undefined;
  const resource = new Resource({ 'service.name': env['OTEL_SERVICE_NAME'] ?? options.serviceName });
  const spanProcessor: SpanProcessor = options.exporter ? new SimpleSpanProcessor(options.exporter) : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  // pg is patched when the database driver first loads it, so this runs before the pool opens.
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    // Only inside a trace: the outbox dispatcher's polls and the pool's housekeeping would each start one.
    instrumentations: [new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }), new UndiciInstrumentation({ requireParentforSpans: true })],
  });
  const tracing: Tracing = {
    plugin: new OpenTelemetryPlugin({ resource, spanProcessor }),
    async shutdown() {
      if (active === tracing) active = undefined;
      unregister();
      await provider.shutdown();
    },
  };
  active = tracing;
  return tracing;
}

/**
 * A server span per request, continuing the caller's trace (`traceparent`), named by the route
 * pattern once the router has matched; whatever runs inside (the Temporal client, pg) is its child.
 */
export function httpTracing(): Koa.Middleware {
  const tracer = trace.getTracer('paysaga-http');
  return async (ctx, next) => {
    const parent = propagation.extract(context.active(), ctx.headers);
    const span = tracer.startSpan(ctx.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': ctx.method } }, parent);
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      if (typeof matched === 'string') {
        span.updateName(`${ctx.method} ${matched}`);
        span.setAttribute('http.route', matched);
      }
      span.setAttribute('http.response.status_code', ctx.status);
      if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
