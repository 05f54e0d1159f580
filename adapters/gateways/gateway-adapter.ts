import type Koa from 'koa';
import type { PaymentGateway, ReturnParser, WebhookVerifier } from '../../src/payments/ports/payment-gateway.js';

/**
 * What one gateway folder hands the composition root: the `PaymentGateway`, how to read its
 * browser return, and how to verify its webhooks (each where the gateway has one).
 */
export interface GatewayAdapter {
  readonly gateway: PaymentGateway;
  readonly returnParser?: ReturnParser;
  readonly webhookVerifier?: WebhookVerifier;
}

/** A gateway's local imitation, mountable under its own path on the shared sandbox server. */
export interface MountableSandbox<Control> {
  readonly app: Koa;
  /** Passes on requests outside `mountPath`, so several sandboxes share one Koa app and port. */
  readonly middleware: Koa.Middleware;
  readonly mountPath: string;
  readonly control: Control;
}
