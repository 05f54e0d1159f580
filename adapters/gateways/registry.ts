import type { GatewayId, PaymentGateway, PaymentGateways } from '../../src/payments/api.js';
import type { CallbackQuery, PaymentReturnParsers } from '../../src/payments/ports/payment-callbacks.js';
import type { DomainError, Result } from '../../src/shared/result.js';
import type { PaymentCallback } from '../../src/payments/api.js';
import { parseKhaltiReturn } from './khalti/webhook-verifier.js';

/** The configured gateway adapters by id. */
export class GatewayRegistry implements PaymentGateways {
  readonly #gateways: ReadonlyMap<GatewayId, PaymentGateway>;

  constructor(gateways: readonly PaymentGateway[]) {
    this.#gateways = new Map(gateways.map((gateway) => [gateway.id, gateway]));
  }

  get(id: GatewayId): PaymentGateway {
    const gateway = this.#gateways.get(id);
    if (gateway === undefined) throw new Error(`gateway ${id} is not configured`);
    return gateway;
  }
}

/** Each gateway's browser-return parser. */
export class GatewayReturnParsers implements PaymentReturnParsers {
  parse(gateway: GatewayId, query: CallbackQuery): Result<PaymentCallback, DomainError> {
    switch (gateway) {
      case 'khalti':
        return parseKhaltiReturn(query);
      default:
        throw new Error(`gateway ${gateway} has no return parser`);
    }
  }
}
