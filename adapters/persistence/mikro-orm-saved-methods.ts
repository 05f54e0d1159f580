import type { MikroORM } from '@mikro-orm/postgresql';
import type { PaidWith, SavedMethod, SavedMethodRepository } from '../../src/payments/api.js';

interface MethodRow {
  id: string;
  customer_id: string;
  gateway: string;
  gateway_customer_id: string;
  gateway_method_id: string;
  type: 'card';
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  wallet: string | null;
  is_default: boolean;
  created_at: Date | string;
}

const COLUMNS = 'id, customer_id, gateway, gateway_customer_id, gateway_method_id, type, brand, last4, exp_month, exp_year, wallet, is_default, created_at';

const toMethod = (r: MethodRow): SavedMethod => ({
  id: r.id,
  customerId: r.customer_id,
  gateway: r.gateway,
  gatewayCustomerId: r.gateway_customer_id,
  gatewayMethodId: r.gateway_method_id,
  type: r.type,
  brand: r.brand,
  last4: r.last4,
  expMonth: Number(r.exp_month),
  expYear: Number(r.exp_year),
  ...(r.wallet === null ? {} : { wallet: r.wallet }),
  isDefault: r.is_default,
  createdAt: new Date(r.created_at).toISOString(),
});

const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown }).code === '23505';

/** Saved methods in `saved_payment_methods`, gateway customers in `gateway_customers`, how payments were paid on `payments`. */
export class MikroOrmSavedMethods implements SavedMethodRepository {
  constructor(private readonly orm: MikroORM) {}

  private execute<T extends object[] = object[]>(sql: string, params: unknown[]): Promise<T> {
    return this.orm.em.fork().execute<T>(sql, params);
  }

  async gatewayCustomer(customerId: string, gateway: string): Promise<string | undefined> {
    const rows = await this.execute<{ gateway_customer_id: string }[]>(`select gateway_customer_id from gateway_customers where customer_id = ? and gateway = ?`, [
      customerId,
      gateway,
    ]);
    return rows[0]?.gateway_customer_id;
  }

  async recordGatewayCustomer(customerId: string, gateway: string, gatewayCustomerId: string): Promise<string> {
    await this.execute(`insert into gateway_customers (customer_id, gateway, gateway_customer_id) values (?, ?, ?) on conflict (customer_id, gateway) do nothing`, [
      customerId,
      gateway,
      gatewayCustomerId,
    ]);
    const kept = await this.gatewayCustomer(customerId, gateway);
    if (kept === undefined) throw new Error(`gateway customer for ${customerId} at ${gateway} not recorded`);
    return kept;
  }

  async listByCustomer(customerId: string): Promise<SavedMethod[]> {
    const rows = await this.execute<MethodRow[]>(`select ${COLUMNS} from saved_payment_methods where customer_id = ? order by is_default desc, created_at, id`, [customerId]);
    return rows.map(toMethod);
  }

  async byId(id: string): Promise<SavedMethod | undefined> {
    const rows = await this.execute<MethodRow[]>(`select ${COLUMNS} from saved_payment_methods where id = ?`, [id]);
    return rows[0] === undefined ? undefined : toMethod(rows[0]);
  }

  async save(method: SavedMethod): Promise<SavedMethod> {
    await this.execute(`insert into saved_payment_methods (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?) on conflict (gateway, gateway_method_id) do nothing`, [
      method.id,
      method.customerId,
      method.gateway,
      method.gatewayCustomerId,
      method.gatewayMethodId,
      method.type,
      method.brand,
      method.last4,
      method.expMonth,
      method.expYear,
      method.wallet ?? null,
      method.createdAt,
    ]);
    const rows = await this.execute<MethodRow[]>(`select ${COLUMNS} from saved_payment_methods where gateway = ? and gateway_method_id = ?`, [
      method.gateway,
      method.gatewayMethodId,
    ]);
    const kept = toMethod(rows[0]!);
    try {
      // The first method becomes the default; a concurrent first save loses on the partial unique index.
      await this.execute(
        `update saved_payment_methods set is_default = true where id = ? and not exists (select 1 from saved_payment_methods where customer_id = ? and is_default)`,
        [kept.id, kept.customerId],
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return (await this.byId(kept.id)) ?? kept;
  }

  async setDefault(customerId: string, id: string): Promise<boolean> {
    return this.orm.em.fork().transactional(async (em) => {
      const owned = await em.execute<{ id: string }[]>(`select id from saved_payment_methods where customer_id = ? for update`, [customerId]);
      if (!owned.some((row) => row.id === id)) return false;
      await em.execute(`update saved_payment_methods set is_default = false where customer_id = ? and is_default and id <> ?`, [customerId, id]);
      await em.execute(`update saved_payment_methods set is_default = true where id = ?`, [id]);
      return true;
    });
  }

  async remove(customerId: string, id: string): Promise<boolean> {
    const removed = await this.execute<{ id: string }[]>(`delete from saved_payment_methods where id = ? and customer_id = ? returning id`, [id, customerId]);
    return removed.length > 0;
  }

  async recordPaidWith(paymentId: string, paidWith: PaidWith): Promise<void> {
    await this.execute(`update payments set paid_with_type = ?, paid_with_brand = ?, paid_with_last4 = ?, paid_with_wallet = ? where id = ?`, [
      paidWith.type,
      paidWith.brand ?? null,
      paidWith.last4 ?? null,
      paidWith.wallet ?? null,
      paymentId,
    ]);
  }

  async paidWith(paymentId: string): Promise<PaidWith | undefined> {
    const rows = await this.execute<{ type: string | null; brand: string | null; last4: string | null; wallet: string | null }[]>(
      `select paid_with_type as type, paid_with_brand as brand, paid_with_last4 as last4, paid_with_wallet as wallet from payments where id = ?`,
      [paymentId],
    );
    const row = rows[0];
    if (row?.type == null) return undefined;
    return {
      type: row.type,
      ...(row.brand === null ? {} : { brand: row.brand }),
      ...(row.last4 === null ? {} : { last4: row.last4 }),
      ...(row.wallet === null ? {} : { wallet: row.wallet }),
    };
  }
}
