import type { EntityManager } from '@mikro-orm/postgresql';
import type { Order, OrderLine, OrderRepository } from '../../src/orders/api.js';
import { paymentIn, type Payment, type PaymentRepository, type PaymentStatus } from '../../src/payments/api.js';
import type { Contact, DeliveryAddress } from '../../src/shared/customer-details.js';
import { presentFields } from '../../src/shared/defined.js';
import { money } from '../../src/shared/money.js';
import { OrderItemRecord, OrderRecord, PaymentRecord } from './schemas.js';

const iso = (date: Date | null | undefined): string | undefined => (date ? date.toISOString() : undefined);
const date = (value: string | undefined): Date | null => (value === undefined ? null : new Date(value));

export class MikroOrmOrderRepository implements OrderRepository {
  constructor(private readonly em: EntityManager) {}

  async byId(orderId: string): Promise<Order | undefined> {
    const row = await this.em.findOne(OrderRecord, { id: orderId });
    if (row === null) return undefined;
    const items = await this.em.find(OrderItemRecord, { orderId }, { orderBy: { position: 'asc' } });
    const lines: OrderLine[] = items.map((item) => ({
      sku: item.sku,
      name: item.name,
      unitPrice: money(item.unitPriceMinor, row.currency),
      quantity: item.quantity,
      lineTotal: money(item.lineTotalMinor, row.currency),
    }));
    const charged = row.discountMinor > 0 || row.taxMinor > 0 || row.deliveryMinor > 0 || row.pointsRedeemed > 0 || row.deliveryOption !== 'pickup';
    const data = {
      id: row.id,
      customerId: row.customerId,
      gateway: row.gateway,
      lines,
      subtotal: money(row.subtotalMinor, row.currency),
      total: money(row.totalMinor, row.currency),
      ...(charged
        ? {
            charges: {
              discount: money(row.discountMinor, row.currency),
              tax: money(row.taxMinor, row.currency),
              delivery: money(row.deliveryMinor, row.currency),
              deliveryOption: row.deliveryOption,
              pointsRedeemed: row.pointsRedeemed,
            },
          }
        : {}),
      placedAt: row.placedAt.toISOString(),
      ...customerDetailsOfRow(row),
    };
    switch (row.status) {
      case 'pending_payment':
        return { ...data, status: 'pending_payment' };
      case 'paid':
        return { ...data, status: 'paid', paidAt: iso(row.paidAt)! };
      case 'confirmed':
        return { ...data, status: 'confirmed', paidAt: iso(row.paidAt)!, confirmedAt: iso(row.confirmedAt)! };
      case 'partially_refunded':
      case 'refunded':
        return { ...data, status: row.status, paidAt: iso(row.paidAt)!, confirmedAt: iso(row.confirmedAt)!, refunded: money(row.refundedMinor, row.currency) };
      case 'cancelled': {
        const paidAt = iso(row.paidAt);
        const cancelled = { ...data, status: 'cancelled' as const, cancelledAt: iso(row.cancelledAt)!, reason: row.cancelReason as never };
        return paidAt === undefined ? cancelled : { ...cancelled, paidAt };
      }
      default:
        throw new Error(`order ${row.id} has unknown status ${row.status}`);
    }
  }

  async save(order: Order): Promise<void> {
    const existing = await this.em.findOne(OrderRecord, { id: order.id });
    const row =
      existing ??
      this.em.create(OrderRecord, {
        id: order.id,
        customerId: order.customerId,
        gateway: order.gateway,
        status: order.status,
        currency: order.total.currency,
        subtotalMinor: order.subtotal.amountMinor,
        totalMinor: order.total.amountMinor,
        discountMinor: order.charges?.discount.amountMinor ?? 0,
        taxMinor: order.charges?.tax.amountMinor ?? 0,
        deliveryMinor: order.charges?.delivery.amountMinor ?? 0,
        deliveryOption: order.charges?.deliveryOption ?? 'pickup',
        pointsRedeemed: order.charges?.pointsRedeemed ?? 0,
        refundedMinor: 0,
        placedAt: new Date(order.placedAt),
        updatedAt: new Date(),
        ...customerDetailsColumns(order),
      });
    row.status = order.status;
    row.paidAt = 'paidAt' in order ? date(order.paidAt) : null;
    row.confirmedAt = 'confirmedAt' in order ? new Date(order.confirmedAt) : null;
    row.refundedMinor = order.status === 'partially_refunded' || order.status === 'refunded' ? order.refunded.amountMinor : 0;
    row.cancelledAt = order.status === 'cancelled' ? new Date(order.cancelledAt) : null;
    row.cancelReason = order.status === 'cancelled' ? order.reason : null;
    row.updatedAt = new Date();
    // Items reference the order, and the mapping knows no relation: the order row goes first.
    await this.em.flush();
    if (existing === null) {
      for (const [position, line] of order.lines.entries()) {
        this.em.create(OrderItemRecord, {
          orderId: order.id,
          position,
          sku: line.sku,
          name: line.name,
          unitPriceMinor: line.unitPrice.amountMinor,
          quantity: line.quantity,
          lineTotalMinor: line.lineTotal.amountMinor,
        } as OrderItemRecord);
      }
      await this.em.flush();
    }
  }
}

/** The contact and address columns of a new order; null where it has none. */
function customerDetailsColumns(order: Order): Partial<OrderRecord> {
  const { contact, deliveryAddress: address } = order;
  return {
    contactName: contact?.name ?? null,
    contactEmail: contact?.email ?? null,
    contactPhone: contact?.phone ?? null,
    deliveryLine1: address?.line1 ?? null,
    deliveryLine2: address?.line2 ?? null,
    deliveryCity: address?.city ?? null,
    deliveryRegion: address?.region ?? null,
    deliveryPostalCode: address?.postalCode ?? null,
    deliveryCountry: address?.country ?? null,
  };
}

function customerDetailsOfRow(row: OrderRecord): { contact?: Contact; deliveryAddress?: DeliveryAddress } {
  const contact: Contact = presentFields({ name: row.contactName, email: row.contactEmail, phone: row.contactPhone });
  const address =
    row.deliveryLine1 && row.deliveryCity && row.deliveryPostalCode && row.deliveryCountry
      ? {
          line1: row.deliveryLine1,
          ...presentFields({ line2: row.deliveryLine2 }),
          city: row.deliveryCity,
          ...presentFields({ region: row.deliveryRegion }),
          postalCode: row.deliveryPostalCode,
          country: row.deliveryCountry,
        }
      : undefined;
  return { ...(Object.keys(contact).length === 0 ? {} : { contact }), ...(address === undefined ? {} : { deliveryAddress: address }) };
}

const toPayment = (row: PaymentRecord): Payment =>
  paymentIn(
    row.status as PaymentStatus,
    {
      id: row.id,
      orderId: row.orderId,
      gateway: row.gateway,
      amount: money(row.amountMinor, row.currency),
      ...(row.gatewayPaymentId ? { gatewayPaymentId: row.gatewayPaymentId } : {}),
      ...(row.redirectUrl ? { redirectUrl: row.redirectUrl } : {}),
      ...(row.action ? { action: row.action as unknown as NonNullable<Payment['action']> } : {}),
      ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
    },
    row.transactionId ?? undefined,
  );

export class MikroOrmPaymentRepository implements PaymentRepository {
  constructor(private readonly em: EntityManager) {}

  async byOrderId(orderId: string): Promise<Payment | undefined> {
    const rows = await this.em.find(PaymentRecord, { orderId }, { orderBy: { createdAt: 'asc' } });
    const row = rows.find((candidate) => candidate.gateway !== 'wallet') ?? rows[0];
    return row === undefined ? undefined : toPayment(row);
  }

  async allForOrder(orderId: string): Promise<Payment[]> {
    return (await this.em.find(PaymentRecord, { orderId }, { orderBy: { createdAt: 'asc' } })).map(toPayment);
  }

  async byId(paymentId: string): Promise<Payment | undefined> {
    const row = await this.em.findOne(PaymentRecord, { id: paymentId });
    return row === null ? undefined : toPayment(row);
  }

  async byGatewayPaymentId(gateway: string, gatewayPaymentId: string): Promise<Payment | undefined> {
    const row = await this.em.findOne(PaymentRecord, { gateway, gatewayPaymentId });
    return row === null ? undefined : toPayment(row);
  }

  async save(payment: Payment): Promise<void> {
    const now = new Date();
    const row =
      (await this.em.findOne(PaymentRecord, { id: payment.id })) ??
      this.em.create(PaymentRecord, {
        id: payment.id,
        orderId: payment.orderId,
        gateway: payment.gateway,
        status: payment.status,
        amountMinor: payment.amount.amountMinor,
        currency: payment.amount.currency,
        createdAt: now,
        updatedAt: now,
      });
    row.status = payment.status;
    row.gatewayPaymentId = payment.gatewayPaymentId ?? null;
    row.transactionId = payment.transactionId ?? null;
    row.redirectUrl = payment.redirectUrl ?? null;
    row.action = payment.action ? { ...payment.action } : null;
    row.expiresAt = date(payment.expiresAt);
    row.updatedAt = now;
    await this.em.flush();
  }
}
