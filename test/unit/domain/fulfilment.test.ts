import { describe, expect, it } from 'vitest';
import {
  decideFulfilment,
  evolveFulfilment,
  FULFILMENT_STATUSES,
  FULFILMENT_TRANSITIONS,
  fulfilmentOf,
  unfulfilled,
  type FulfilmentCommand,
  type FulfilmentCommandType,
  type FulfilmentStatus,
} from '../../../src/orders/domain/fulfilment.js';
import type { OrderStatus } from '../../../src/orders/domain/order.js';
import { aFulfilmentEvent, eventsUpTo, PARCEL } from '../../support/mothers/fulfilment.js';
import { errorOf, okValue } from '../../support/result.js';

const AT = '2026-01-11T08:00:00.000Z';
const COMMANDS: readonly FulfilmentCommandType[] = ['StartProcessing', 'Ship', 'MarkDelivered', 'RequestReturn', 'ReceiveReturn'];
const ORDER_STATUSES: readonly OrderStatus[] = ['pending_payment', 'paid', 'confirmed', 'partially_refunded', 'refunded', 'cancelled'];

const command = (type: FulfilmentCommandType, overrides: Partial<{ carrier: string; trackingNumber: string; by: string; reason: string }> = {}): FulfilmentCommand =>
  (type === 'Ship'
    ? { type, at: AT, by: 'ops_bikash', reason: 'handed to the carrier', ...PARCEL, ...overrides }
    : { type, at: AT, by: 'ops_bikash', reason: 'as the warehouse said', ...overrides }) as FulfilmentCommand;

/** An order whose fulfilment reached `status` along the only path there. */
const at = (status: FulfilmentStatus) => fulfilmentOf(eventsUpTo(status));

const decide = (type: FulfilmentCommandType, status: FulfilmentStatus, orderStatus: OrderStatus = 'confirmed', overrides = {}) =>
  decideFulfilment(command(type, overrides), { orderStatus, fulfilment: at(status) });

const ORDER = FULFILMENT_STATUSES;
const reached = (target: FulfilmentStatus, status: FulfilmentStatus) => ORDER.indexOf(target) <= ORDER.indexOf(status);

describe('decideFulfilment: every command from every status of a confirmed order', () => {
  const cases = COMMANDS.flatMap((type) => FULFILMENT_STATUSES.map((status) => [type, status] as const));

  it.each(cases)('%s from %s', (type, status) => {
    const { from, to } = FULFILMENT_TRANSITIONS[type];
    const decided = decide(type, status);
    if (status === from) {
      // The one move it makes, stamped with the command's time, operator and reason.
      expect(okValue(decided)).toStrictEqual([
        { from, to, at: AT, by: 'ops_bikash', reason: type === 'Ship' ? 'handed to the carrier' : 'as the warehouse said', ...(type === 'Ship' ? { shipment: PARCEL } : {}) },
      ]);
    } else if (reached(to, status)) {
      // Made before: a repeat decides nothing.
      expect(okValue(decided)).toStrictEqual([]);
    } else {
      const error = errorOf(decided);
      expect(error.code).toBe('fulfilment.transition_refused');
      expect(error.details).toStrictEqual({ status, command: type });
    }
  });

  it('the moves lead from unfulfilled to returned, one status at a time, and nowhere else', () => {
    let fulfilment = unfulfilled;
    const path: FulfilmentStatus[] = [fulfilment.status];
    for (const type of COMMANDS) {
      const [event] = okValue(decideFulfilment(command(type), { orderStatus: 'confirmed', fulfilment }));
      fulfilment = evolveFulfilment(fulfilment, event!);
      path.push(fulfilment.status);
    }
    expect(path).toStrictEqual([...FULFILMENT_STATUSES]);
    expect(fulfilment).toStrictEqual({ status: 'returned', shipment: PARCEL, history: fulfilment.history });
    expect(fulfilment.history).toHaveLength(5);
  });
});

describe('decideFulfilment: the payment status', () => {
  const cases = (['StartProcessing', 'Ship'] as const).flatMap((type) => ORDER_STATUSES.map((orderStatus) => [type, orderStatus] as const));

  it.each(cases)('%s for an order that is %s: only a confirmed or partly refunded order lets goods leave', (type, orderStatus) => {
    const decided = decide(type, FULFILMENT_TRANSITIONS[type].from, orderStatus);
    if (orderStatus === 'confirmed' || orderStatus === 'partially_refunded') {
      expect(okValue(decided)).toHaveLength(1);
    } else {
      const error = errorOf(decided);
      expect(error.code).toBe('fulfilment.order_not_confirmed');
      expect(error.details).toStrictEqual({ orderStatus, command: type });
    }
  });

  it.each(['refunded', 'cancelled', 'partially_refunded'] as const)('delivery and returns of goods already sent are recorded for an order that is %s', (orderStatus) => {
    expect(okValue(decide('MarkDelivered', 'shipped', orderStatus))).toHaveLength(1);
    expect(okValue(decide('RequestReturn', 'delivered', orderStatus))).toHaveLength(1);
    expect(okValue(decide('ReceiveReturn', 'return_requested', orderStatus))).toHaveLength(1);
  });

  it('given a shipped order refunded since, when the same shipment is asked again, then it is a repeat, not a refusal', () => {
    expect(okValue(decide('Ship', 'shipped', 'refunded'))).toStrictEqual([]);
  });
});

describe('decideFulfilment: shipping', () => {
  it.each([
    [{ carrier: '' }, ['carrier']],
    [{ trackingNumber: '   ' }, ['trackingNumber']],
    [{ carrier: ' ', trackingNumber: '' }, ['carrier', 'trackingNumber']],
  ])('given a processing order, when shipped with %o, then a shipment is required and nothing is decided', (overrides, missing) => {
    const error = errorOf(decide('Ship', 'processing', 'confirmed', overrides));
    expect(error.code).toBe('fulfilment.shipment_required');
    expect(error.details).toStrictEqual({ missing });
  });

  it('given a processing order, when shipped with padded carrier and number, then the shipment is recorded trimmed', () => {
    const [event] = okValue(decide('Ship', 'processing', 'confirmed', { carrier: '  DHL ', trackingNumber: ' JD014600 ' }));
    expect(event?.shipment).toStrictEqual({ carrier: 'DHL', trackingNumber: 'JD014600' });
  });

  it('given a shipped order, when shipped again by another operator with another reason but the same parcel, then it is a repeat', () => {
    expect(okValue(decide('Ship', 'delivered', 'confirmed', { by: 'ops_chandra', reason: 'retry' }))).toStrictEqual([]);
  });

  it.each([[{ trackingNumber: 'NP000000000' }], [{ carrier: 'DHL' }]])(
    'given a shipped order, when shipped again with %o, then it is refused: the parcel is already on its way',
    (overrides) => {
      const error = errorOf(decide('Ship', 'shipped', 'confirmed', overrides));
      expect(error.code).toBe('fulfilment.transition_refused');
      expect(error.message).toContain(PARCEL.trackingNumber);
    },
  );
});

describe('evolveFulfilment', () => {
  it('keeps the shipment from shipped on, and appends each event to the history', () => {
    expect(at('unfulfilled')).toStrictEqual({ status: 'unfulfilled', history: [] });
    expect(at('processing')).toStrictEqual({ status: 'processing', history: [aFulfilmentEvent('processing')] });
    for (const status of ['shipped', 'delivered', 'return_requested', 'returned'] as const) {
      expect(at(status)).toMatchObject({ status, shipment: PARCEL });
    }
    expect(at('returned').history.map((event) => event.to)).toStrictEqual(['processing', 'shipped', 'delivered', 'return_requested', 'returned']);
  });

  it('refuses to fold a move past shipped when no shipment was ever recorded', () => {
    expect(() => evolveFulfilment(at('processing'), aFulfilmentEvent('delivered', { from: 'processing' }))).toThrow('without a shipment');
  });
});
