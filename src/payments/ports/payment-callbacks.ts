import type { DomainError, Result } from '../../shared/result.js';
import type { GatewayId, OrderReturnHint, PaymentCallback } from './payment-gateway.js';

export type CallbackQuery = Readonly<Record<string, string | string[] | undefined>>;

/** Reads a gateway's browser return into a callback. Unsigned returns are hints, never proof. */
export interface PaymentReturnParsers {
  parse(gateway: GatewayId, query: CallbackQuery): Result<PaymentCallback | OrderReturnHint, DomainError>;
}
