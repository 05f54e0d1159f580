import type { GatewayId, PaymentCallback, PaymentGateway, PaymentGateways, WebhookVerifier } from '../../src/payments/api.js';
import type { OrderReturnHint } from '../../src/payments/ports/payment-gateway.js';
import type { CallbackQuery, PaymentReturnParsers } from '../../src/payments/ports/payment-callbacks.js';
import { domainError, err, type DomainError, type Result } from '../../src/shared/result.js';
import type { GatewayAdapter } from './gateway-adapter.js';

/** The configured gateway adapters by id: their `PaymentGateway`s, return parsers and webhook verifiers. */
export class GatewayRegistry implements PaymentGateways, PaymentReturnParsers {
  readonly #adapters: ReadonlyMap<GatewayId, GatewayAdapter>;

  constructor(adapters: readonly GatewayAdapter[]) {
    this.#adapters = new Map(adapters.map((adapter) => [adapter.gateway.id, adapter]));
  }

  has(id: GatewayId): boolean {
    return this.#adapters.has(id);
  }

  ids(): GatewayId[] {
    return [...this.#adapters.keys()];
  }

  get(id: GatewayId): PaymentGateway {
    const adapter = this.#adapters.get(id);
    if (adapter === undefined) throw new Error(`gateway ${id} is not configured`);
    return adapter.gateway;
  }

  parse(gateway: GatewayId, query: CallbackQuery): Result<PaymentCallback | OrderReturnHint, DomainError> {
    const parser = this.#adapters.get(gateway)?.returnParser;
    if (parser === undefined) return err(domainError('payments.gateway_unavailable', `${gateway} is not offered here`));
    return parser(query);
  }

  webhookVerifier(gateway: GatewayId): WebhookVerifier | undefined {
    return this.#adapters.get(gateway)?.webhookVerifier;
  }
}
