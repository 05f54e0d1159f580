import { decideFulfilment, earlierEvent, fulfilmentOf, type Fulfilment, type FulfilmentCommand, type FulfilmentError, type FulfilmentEvent } from '../domain/fulfilment.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { OrderFulfilments } from '../ports/order-fulfilments.js';
import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import { tell, type NotificationOutbox } from '../../notifications/api.js';

export interface FulfilmentRepositories {
  readonly orders: OrderRepository;
  readonly fulfilments: OrderFulfilments;
  /** Messages about what changed, written in the same transaction. */
  readonly notifications: NotificationOutbox;
}

/** An operator's fulfilment command, before the clock stamps it. */
export type FulfilmentRequest = FulfilmentCommand extends infer C ? (C extends FulfilmentCommand ? Omit<C, 'at'> : never) : never;

export type FulfilmentUseCaseError = FulfilmentError | DomainError<'fulfilment.order_not_found'>;

const notFound = (orderId: string) => domainError('fulfilment.order_not_found', `no order ${orderId}`);

/** The operators' fulfilment use cases: move an order's goods on, and read where they are. */
export function makeFulfilment(deps: { readonly store: UnitOfWork<FulfilmentRepositories>; readonly clock: Clock }) {
  /**
   * Decides and records one move in a transaction. The record is conditional on the statuses the
   * decision saw; when another request moved the order first (or a refund changed its payment
   * status), the decision is taken again on what it left, so a raced repeat answers the event the
   * winner recorded and a shipment raced by a full refund is refused.
   */
  async function move(orderId: string, request: FulfilmentRequest): Promise<Result<FulfilmentEvent, FulfilmentUseCaseError>> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const outcome = await deps.store.transaction(async ({ orders, fulfilments, notifications }): Promise<Result<FulfilmentEvent, FulfilmentUseCaseError> | 'moved_on'> => {
        const order = await orders.byId(orderId);
        if (order === undefined) return err(notFound(orderId));
        const fulfilment = fulfilmentOf(await fulfilments.history(orderId));
        const command = { ...request, at: deps.clock.now().toISOString() } as FulfilmentCommand;
        const decided = decideFulfilment(command, { orderStatus: order.status, fulfilment });
        if (!decided.ok) return decided;
        const [event] = decided.value;
        if (event === undefined) return ok(earlierEvent(fulfilment, command.type)!);
        if ((await fulfilments.record(orderId, event, order.status)) !== 'recorded') return 'moved_on';
        if (event.to === 'shipped' && event.shipment !== undefined) {
          await tell(notifications, { type: 'order_shipped', orderId, customerId: order.customerId, ...event.shipment }, order.contact);
        } else if (event.to === 'delivered') {
          await tell(notifications, { type: 'order_delivered', orderId, customerId: order.customerId }, order.contact);
        }
        return ok(event);
      });
      if (outcome !== 'moved_on') return outcome;
    }
    throw new Error(`order ${orderId} kept moving while its fulfilment was decided`);
  }

  /** Where the order's goods are, with every move that took them there. */
  async function of(orderId: string): Promise<Result<Fulfilment, FulfilmentUseCaseError>> {
    return deps.store.read(async ({ orders, fulfilments }) => {
      const order = await orders.byId(orderId);
      if (order === undefined) return err(notFound(orderId));
      return ok(fulfilmentOf(await fulfilments.history(orderId)));
    });
  }

  return { move, of };
}

export type FulfilmentUseCases = ReturnType<typeof makeFulfilment>;
