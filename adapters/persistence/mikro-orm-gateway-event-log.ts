import type { MikroORM } from '@mikro-orm/postgresql';
import type { GatewayEvent } from '../../src/payments/api.js';
import type { GatewayEventLog, GatewayEventStatus } from '../../src/payments/ports/gateway-event-log.js';

export class MikroOrmGatewayEventLog implements GatewayEventLog {
  constructor(private readonly orm: MikroORM) {}

  async receive(event: GatewayEvent, receivedAt: string): Promise<{ isNew: boolean; status: GatewayEventStatus }> {
    const em = this.orm.em.fork();
    const inserted = await em.execute<{ status: GatewayEventStatus }[]>(
      `insert into gateway_events (gateway, event_id, type, gateway_payment_id, status, received_at, updated_at)
       values (?, ?, ?, ?, 'received', ?, ?) on conflict (gateway, event_id) do nothing returning status`,
      [event.gateway, event.eventId, event.type.slice(0, 128), event.gatewayPaymentId ?? null, new Date(receivedAt), new Date(receivedAt)],
    );
    if (inserted.length === 1) return { isNew: true, status: 'received' };
    const existing = await em.execute<{ status: GatewayEventStatus }[]>(`select status from gateway_events where gateway = ? and event_id = ?`, [event.gateway, event.eventId]);
    return { isNew: false, status: existing[0]!.status };
  }

  async mark(gateway: string, eventId: string, status: Exclude<GatewayEventStatus, 'received'>, orderId?: string): Promise<void> {
    await this.orm.em
      .fork()
      .execute(`update gateway_events set status = ?, order_id = coalesce(?, order_id), updated_at = now() where gateway = ? and event_id = ?`, [
        status,
        orderId ?? null,
        gateway,
        eventId,
      ]);
  }

  async rejected(gateway: string, code: string, detail: string, receivedAt: string): Promise<void> {
    const at = new Date(receivedAt);
    const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
    await this.orm.em.fork().execute(
      `insert into webhook_rejects (gateway, code, minute, count, first_seen_at, last_seen_at, sample_detail)
       values (?, ?, ?, 1, ?, ?, ?)
       on conflict (gateway, code, minute) do update set
         count = webhook_rejects.count + 1,
         first_seen_at = least(webhook_rejects.first_seen_at, excluded.first_seen_at),
         last_seen_at = greatest(webhook_rejects.last_seen_at, excluded.last_seen_at),
         sample_detail = excluded.sample_detail`,
      [gateway.slice(0, 32), code.slice(0, 64), minute, at, at, detail.slice(0, 500)],
    );
  }
}
