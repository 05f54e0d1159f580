import { createServer } from 'node:http';
import Koa from 'koa';
import type { Metrics } from './metrics.js';
import { metricsRoutes } from './instrumentation.js';

/**
 * A worker-only process's `GET /metrics` on its own `host:port` (the API serves them on its port):
 * the activities' counters and the gateway calls they make. Resolves once listening, with how to stop it.
 */
export async function serveMetrics(metrics: Metrics, address: string, token?: string): Promise<() => Promise<void>> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(colon + 1));
  const app = new Koa();
  app.silent = true;
  app.use(metricsRoutes({ metrics, token }).routes());
  const server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
}
