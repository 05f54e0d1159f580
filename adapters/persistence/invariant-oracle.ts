import type { MikroORM } from '@mikro-orm/postgresql';
import { pointsToReverse } from '../../src/loyalty/domain/points.js';

/** One broken rule, naming the rows that break it. */
export interface InvariantViolation {
  readonly invariant: string;
  readonly detail: string;
}

export interface InvariantReport {
  readonly ok: boolean;
  readonly violations: InvariantViolation[];
  /** How many rows each check looked at: a check over nothing proves nothing. */
  readonly counted: Readonly<Record<string, number>>;
}

export interface InvariantOptions {
  /** Units on hand per SKU before the run: then on hand must equal it less what confirmed orders took. */
  readonly initialStock?: Readonly<Record<string, number>>;
}

const FULFILLED = `('confirmed', 'partially_refunded', 'refunded')`;
const TAKEN = `('completed', 'partially_refunded', 'refunded')`;

/**
 * The money and stock rules, checked over PostgreSQL as it stands — after a test, a simulation or
 * a chaos run. Read-only; each check is one SQL query whose rows are the violations.
 *
 * - wallets: per (customer, currency) the entries sum to the balance, never below zero;
 * - verifications: each (gateway, transaction) bound once, to one order or top-up; every
 *   completed gateway payment's transaction verified for its own order;
 * - no order fulfilled without its money: each gateway part verified, each wallet part debited;
 * - every verified payment accounted for: what the gateway took equals what a fulfilled order
 *   kept plus what went back to the wallet outside refunds (out of stock, an operator's credit, a
 *   late payment); refunds never exceed what was kept; a cancelled order keeps nothing;
 * - wallet parts: a cancelled order's debit is given back, a fulfilled one's kept less refunds;
 * - top-ups: a verified top-up is credited exactly its amount, once; no credit without one;
 * - stock: reserved and on hand never negative, reserved equal to open reservations, each
 *   reservation's state matching its order's (and on hand = initial − committed, when given);
 * - points: one award per order, only for a fulfilled order; reversals never beyond the
 *   refunded share; each ledger sums to its account;
 * - fulfilment: goods moved only for an order that was paid and confirmed, and each order's
 *   fulfilment status is where its last event took it;
 * - idempotency keys: none left in progress.
 */
export async function checkInvariants(orm: MikroORM, options: InvariantOptions = {}): Promise<InvariantReport> {
  const em = orm.em.fork();
  const violations: InvariantViolation[] = [];
  const counted: Record<string, number> = {};
  const rows = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => em.execute<T[]>(sql, params);
  const report = async (invariant: string, sql: string, describe: (row: Record<string, unknown>) => string, params: unknown[] = []) => {
    for (const row of await rows(sql, params)) violations.push({ invariant, detail: describe(row) });
  };
  const count = async (name: string, sql: string) => {
    counted[name] = Number((await rows<{ n: string }>(`select count(*)::text as n from (${sql}) counted`))[0]?.n ?? 0);
  };

  // Wallets.
  await count('wallet accounts', `select 1 from wallet_accounts`);
  await report(
    'wallet balance equals the sum of its entries, never below zero',
    `select coalesce(a.customer_id, e.customer_id) as customer_id, coalesce(a.currency, e.currency) as currency,
            coalesce(a.balance_minor, 0)::text as balance, coalesce(e.total, 0)::text as total
       from wallet_accounts a
       full join (select customer_id, currency, sum(amount_minor) as total from wallet_entries group by 1, 2) e
         on e.customer_id = a.customer_id and e.currency = a.currency
      where coalesce(a.balance_minor, 0) <> coalesce(e.total, 0) or coalesce(a.balance_minor, 0) < 0`,
    (r) => `wallet ${r['customer_id']} ${r['currency']}: balance ${r['balance']}, entries sum to ${r['total']}`,
  );

  // The verification ledger.
  await count('verifications', `select 1 from payment_verifications`);
  await report(
    'a gateway transaction is bound at most once',
    `select gateway, transaction_id, count(*)::text as n from payment_verifications group by 1, 2 having count(*) > 1`,
    (r) => `${r['gateway']} transaction ${r['transaction_id']} bound ${r['n']} times`,
  );
  await report(
    'a verification belongs to exactly one order or top-up',
    `select gateway, transaction_id from payment_verifications where (order_id is null) = (top_up_id is null)`,
    (r) => `${r['gateway']} transaction ${r['transaction_id']}`,
  );
  await report(
    "a completed gateway payment's transaction is verified for its own order",
    `select p.id, p.order_id, p.gateway, p.transaction_id
       from payments p
       left join payment_verifications v on v.gateway = p.gateway and v.transaction_id = p.transaction_id
      where p.gateway <> 'wallet' and p.status in ${TAKEN} and (v.id is null or v.order_id is distinct from p.order_id)`,
    (r) => `payment ${r['id']} of order ${r['order_id']} (${r['gateway']} ${r['transaction_id']})`,
  );

  // No order fulfilled without its money.
  await count('fulfilled orders', `select 1 from orders where status in ${FULFILLED}`);
  await report(
    'no order is confirmed without a verified payment',
    `select o.id, p.id as payment_id, p.gateway, p.status
       from orders o join payments p on p.order_id = o.id
      where o.status in ${FULFILLED}
        and (p.status not in ${TAKEN}
             or (p.gateway <> 'wallet' and not exists (
                   select 1 from payment_verifications v where v.gateway = p.gateway and v.transaction_id = p.transaction_id and v.order_id = o.id))
             or (p.gateway = 'wallet' and not exists (
                   select 1 from wallet_entries w where w.payment_id = p.id and w.kind = 'order_payment' and w.amount_minor = -p.amount_minor)))`,
    (r) => `order ${r['id']}: ${r['gateway']} payment ${r['payment_id']} is ${r['status']} without its money`,
  );
  await report(
    'a fulfilled order has all its payment parts',
    `select o.id, o.total_minor::text as total, coalesce(sum(p.amount_minor), 0)::text as paid
       from orders o left join payments p on p.order_id = o.id
      where o.status in ${FULFILLED}
      group by o.id, o.total_minor having coalesce(sum(p.amount_minor), 0) <> o.total_minor`,
    (r) => `order ${r['id']}: total ${r['total']}, payment parts ${r['paid']}`,
  );

  // Every verified payment of an order accounted for.
  await count('verified order payments', `select 1 from payment_verifications where order_id is not null`);
  await report(
    'every verified payment is kept for a confirmed order, refunded, or credited to the wallet',
    `with paid as (
       select v.order_id, v.gateway, sum(v.amount_minor) as paid from payment_verifications v where v.order_id is not null group by 1, 2
     )
     select paid.order_id, paid.gateway, paid.paid::text as paid, o.status as order_status, p.id as payment_id,
            (case when o.status in ${FULFILLED} and p.status in ${TAKEN} then p.amount_minor else 0 end)::text as kept,
            coalesce((select sum(w.amount_minor) from wallet_entries w
                       where w.payment_id = p.id and w.kind = 'refund_credit' and w.refund_id is null), 0)::text as credited
       from paid
       join orders o on o.id = paid.order_id
       left join payments p on p.order_id = paid.order_id and p.gateway = paid.gateway
      where p.id is null
         or paid.paid <> (case when o.status in ${FULFILLED} and p.status in ${TAKEN} then p.amount_minor else 0 end)
                       + coalesce((select sum(w.amount_minor) from wallet_entries w
                                    where w.payment_id = p.id and w.kind = 'refund_credit' and w.refund_id is null), 0)`,
    (r) =>
      `order ${r['order_id']} (${r['order_status']}), ${r['gateway']} payment ${r['payment_id'] ?? '(none)'}: paid ${r['paid']}, kept ${r['kept']}, credited to the wallet ${r['credited']}`,
  );
  await report(
    'refunds never exceed what an order kept',
    `select p.id, p.order_id, p.amount_minor::text as amount, sum(r.amount_minor)::text as refunded, o.status as order_status
       from refunds r join payments p on p.id = r.payment_id join orders o on o.id = p.order_id
      where r.status in ('completed', 'pending')
      group by p.id, p.order_id, p.amount_minor, o.status
     having sum(r.amount_minor) > (case when o.status in ${FULFILLED} then p.amount_minor else 0 end)`,
    (r) => `payment ${r['id']} of order ${r['order_id']} (${r['order_status']}): ${r['refunded']} refunded or pending of ${r['amount']}`,
  );
  await report(
    'a completed refund to the wallet is credited exactly once',
    `select r.id, r.amount_minor::text as amount, coalesce(sum(w.amount_minor), 0)::text as credited, count(w.id)::text as entries
       from refunds r left join wallet_entries w on w.refund_id = r.id
      where r.destination = 'wallet' and r.status = 'completed'
      group by r.id, r.amount_minor having coalesce(sum(w.amount_minor), 0) <> r.amount_minor or count(w.id) <> 1`,
    (r) => `refund ${r['id']} of ${r['amount']}: ${r['entries']} wallet entries summing to ${r['credited']}`,
  );

  // Wallet parts of orders.
  await report(
    "a cancelled order's wallet part is given back; a fulfilled one's is kept",
    `select p.id, p.order_id, o.status as order_status,
            coalesce(sum(w.amount_minor) filter (where w.refund_id is null), 0)::text as net
       from payments p join orders o on o.id = p.order_id
       left join wallet_entries w on w.payment_id = p.id and w.kind in ('order_payment', 'order_payment_return')
      where p.gateway = 'wallet'
      group by p.id, p.order_id, p.amount_minor, o.status
     having (o.status = 'cancelled' and coalesce(sum(w.amount_minor) filter (where w.refund_id is null), 0) <> 0)
         or (o.status in ${FULFILLED} and coalesce(sum(w.amount_minor) filter (where w.refund_id is null), 0) <> -p.amount_minor)`,
    (r) => `wallet part ${r['id']} of order ${r['order_id']} (${r['order_status']}): the wallet is ${r['net']} net`,
  );

  // Top-ups.
  await count('verified top-ups', `select 1 from payment_verifications where top_up_id is not null`);
  await report(
    'a verified top-up is credited exactly its amount, once',
    `select v.top_up_id, v.amount_minor::text as paid, coalesce(sum(w.amount_minor), 0)::text as credited, count(w.id)::text as entries
       from payment_verifications v left join wallet_entries w on w.top_up_id = v.top_up_id and w.kind = 'top_up'
      where v.top_up_id is not null
      group by v.top_up_id, v.amount_minor having coalesce(sum(w.amount_minor), 0) <> v.amount_minor or count(w.id) <> 1`,
    (r) => `top-up ${r['top_up_id']}: paid ${r['paid']}, ${r['entries']} credits summing to ${r['credited']}`,
  );
  await report(
    'no top-up credit without a verified payment',
    `select w.top_up_id, w.amount_minor::text as amount from wallet_entries w
      where w.top_up_id is not null and not exists (select 1 from payment_verifications v where v.top_up_id = w.top_up_id)`,
    (r) => `top-up ${r['top_up_id']} credited ${r['amount']} unverified`,
  );

  // Stock.
  await count('products', `select 1 from products`);
  await report(
    'stock on hand and reserved are never negative, and reserved is what open reservations hold',
    `select p.sku, p.on_hand, p.reserved, coalesce(h.held, 0)::text as held
       from products p
       left join (select line->>'sku' as sku, sum((line->>'quantity')::int) as held
                    from stock_reservations r, jsonb_array_elements(r.lines) line where r.status = 'reserved' group by 1) h on h.sku = p.sku
      where p.on_hand < 0 or p.reserved < 0 or p.reserved > p.on_hand or p.reserved <> coalesce(h.held, 0)`,
    (r) => `${r['sku']}: on hand ${r['on_hand']}, reserved ${r['reserved']}, open reservations hold ${r['held']}`,
  );
  await report(
    "a reservation's state matches its order's",
    `select r.order_id, r.status, o.status as order_status from stock_reservations r join orders o on o.id = r.order_id
      where (r.status = 'committed' and o.status not in ${FULFILLED})
         or (r.status = 'reserved' and o.status not in ('pending_payment', 'paid'))`,
    (r) => `order ${r['order_id']} is ${r['order_status']} with its stock ${r['status']}`,
  );
  await report(
    'a fulfilled order took its stock',
    `select o.id from orders o where o.status in ${FULFILLED}
        and not exists (select 1 from stock_reservations r where r.order_id = o.id and r.status = 'committed')`,
    (r) => `order ${r['id']} confirmed without committed stock`,
  );
  if (options.initialStock !== undefined) {
    const committed = await rows<{ sku: string; on_hand: number; taken: string; restocked: string }>(
      `select p.sku, p.on_hand, coalesce(c.taken, 0)::text as taken, coalesce(s.added, 0)::text as restocked from products p
         left join (select line->>'sku' as sku, sum((line->>'quantity')::int) as taken
                      from stock_reservations r, jsonb_array_elements(r.lines) line where r.status = 'committed' group by 1) c on c.sku = p.sku
         left join (select sku, sum((details->>'quantity')::int) as added from catalog_changes where action = 'restock' group by 1) s on s.sku = p.sku`,
    );
    for (const row of committed) {
      const initial = options.initialStock[row.sku];
      if (initial !== undefined && row.on_hand !== initial + Number(row.restocked) - Number(row.taken)) {
        violations.push({
          invariant: 'stock on hand equals what confirmed orders left',
          detail: `${row.sku}: ${initial} at start, ${row.restocked} restocked, ${row.taken} committed, ${row.on_hand} on hand`,
        });
      }
    }
  }

  // Points.
  await count('loyalty entries', `select 1 from loyalty_entries`);
  await report(
    'at most one points award per order, and only for a fulfilled order',
    `select e.order_id, count(*)::text as awards, o.status from loyalty_entries e join orders o on o.id = e.order_id
      where e.kind = 'earn' group by e.order_id, o.status having count(*) > 1 or o.status not in ${FULFILLED}`,
    (r) => `order ${r['order_id']} (${r['status']}) has ${r['awards']} awards`,
  );
  await report(
    'loyalty balance equals the sum of its entries, never below zero',
    `select coalesce(a.customer_id, e.customer_id) as customer_id, coalesce(a.balance, 0) as balance, coalesce(e.total, 0)::text as total
       from loyalty_accounts a full join (select customer_id, sum(points) as total from loyalty_entries group by 1) e on e.customer_id = a.customer_id
      where coalesce(a.balance, 0) <> coalesce(e.total, 0) or coalesce(a.balance, 0) < 0`,
    (r) => `points of ${r['customer_id']}: balance ${r['balance']}, entries sum to ${r['total']}`,
  );
  const reversals = await rows<{ order_id: string; earned: string; reversed: string; refunded: string; total: string }>(
    `select o.id as order_id, o.refunded_minor::text as refunded, o.total_minor::text as total,
            coalesce(sum(e.points) filter (where e.kind = 'earn'), 0)::text as earned,
            (-coalesce(sum(e.points) filter (where e.kind = 'reverse'), 0))::text as reversed
       from orders o join loyalty_entries e on e.order_id = o.id
      group by o.id, o.refunded_minor, o.total_minor having count(*) filter (where e.kind = 'reverse') > 0`,
  );
  for (const row of reversals) {
    const due = pointsToReverse({ earned: Number(row.earned), alreadyReversed: 0, refundedTotalMinor: Number(row.refunded), paidMinor: Number(row.total) });
    if (Number(row.reversed) > due) {
      violations.push({
        invariant: 'points are reversed in proportion to refunds',
        detail: `order ${row.order_id}: ${row.reversed} reversed, at most ${due} due for ${row.refunded} of ${row.total} refunded`,
      });
    }
  }

  // Fulfilment.
  await count('fulfilment events', `select 1 from fulfilment_events`);
  await report(
    "goods move only for a confirmed order, and its fulfilment status is its last event's",
    `select o.id, o.status, o.fulfilment_status, last.to_status from orders o
       left join lateral (select e.to_status from fulfilment_events e where e.order_id = o.id order by e.id desc limit 1) last on true
      where coalesce(last.to_status, 'unfulfilled') <> o.fulfilment_status or (last.to_status is not null and o.status not in ${FULFILLED})`,
    (r) => `order ${r['id']} (${r['status']}) is ${r['fulfilment_status']}, its last event moved it to ${r['to_status'] ?? 'nothing'}`,
  );

  // Idempotency keys.
  await report('every idempotency key is settled', `select caller, key from idempotency_keys where status <> 'done'`, (r) => `${r['caller']} ${r['key']} still in progress`);

  return { ok: violations.length === 0, violations, counted };
}
