import type { EntityManager } from '@mikro-orm/postgresql';
import type { FulfilmentEvent, FulfilmentStatus, OrderFulfilments, OrderStatus } from '../../src/orders/api.js';
import { atomically } from './mikro-orm-unit-of-work.js';

interface EventRow {
  from_status: string;
  to_status: string;
  actor: string;
  reason: string;
  carrier: string | null;
  tracking_number: string | null;
  at: Date;
}

export const fulfilmentEventOf = (row: EventRow): FulfilmentEvent => ({
  from: row.from_status as FulfilmentStatus,
  to: row.to_status as FulfilmentStatus,
  at: new Date(row.at).toISOString(),
  by: row.actor,
  reason: row.reason,
  ...(row.carrier !== null && row.tracking_number !== null ? { shipment: { carrier: row.carrier, trackingNumber: row.tracking_number } } : {}),
});

export class MikroOrmOrderFulfilments implements OrderFulfilments {
  constructor(private readonly em: EntityManager) {}

  async history(orderId: string): Promise<FulfilmentEvent[]> {
    const rows = await this.em.execute<EventRow[]>(
      `select from_status, to_status, actor, reason, carrier, tracking_number, at from fulfilment_events where order_id = ? order by id`,
      [orderId],
    );
    return rows.map(fulfilmentEventOf);
  }

  /**
   * The conditional update takes the order's row lock: a racing move (or a refund saving the
   * order) waits for it, or this waits and then finds the row changed and updates nothing. The
   * unique (order, status reached) is the last guard.
   */
  async record(orderId: string, event: FulfilmentEvent, orderStatus: OrderStatus): Promise<'recorded' | 'moved_on'> {
    return atomically(this.em, async (em) => {
      const moved = await em.execute<unknown[]>(`update orders set fulfilment_status = ? where id = ? and fulfilment_status = ? and status = ? returning id`, [
        event.to,
        orderId,
        event.from,
        orderStatus,
      ]);
      if (moved.length === 0) {
        const exists = await em.execute<unknown[]>(`select 1 from orders where id = ?`, [orderId]);
        if (exists.length === 0) throw new Error(`no order ${orderId} to record a fulfilment event for (violates fulfilment_events_order_id_fkey)`);
        return 'moved_on';
      }
      await em.execute(`insert into fulfilment_events (order_id, from_status, to_status, actor, reason, carrier, tracking_number, at) values (?, ?, ?, ?, ?, ?, ?, ?)`, [
        orderId,
        event.from,
        event.to,
        event.by,
        event.reason,
        event.shipment?.carrier ?? null,
        event.shipment?.trackingNumber ?? null,
        new Date(event.at),
      ]);
      return 'recorded';
    });
  }
}
