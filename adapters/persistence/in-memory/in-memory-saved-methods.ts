import type { PaidWith, SavedMethod, SavedMethodRepository } from '../../../src/payments/api.js';

const byDefaultThenAge = (a: SavedMethod, b: SavedMethod): number =>
  Number(b.isDefault) - Number(a.isDefault) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** The in-memory twin of `MikroOrmSavedMethods`, for unit tests. */
export class InMemorySavedMethods implements SavedMethodRepository {
  private readonly customers = new Map<string, string>();
  private readonly methods = new Map<string, SavedMethod>();
  private readonly paid = new Map<string, PaidWith>();

  async gatewayCustomer(customerId: string, gateway: string): Promise<string | undefined> {
    return this.customers.get(`${customerId}\u0000${gateway}`);
  }

  async recordGatewayCustomer(customerId: string, gateway: string, gatewayCustomerId: string): Promise<string> {
    const key = `${customerId}\u0000${gateway}`;
    const kept = this.customers.get(key);
    if (kept !== undefined) return kept;
    for (const [other, id] of this.customers) {
      if (id === gatewayCustomerId && other.endsWith(`\u0000${gateway}`)) throw new Error(`gateway customer ${gatewayCustomerId} belongs to another shopper`);
    }
    this.customers.set(key, gatewayCustomerId);
    return gatewayCustomerId;
  }

  async listByCustomer(customerId: string): Promise<SavedMethod[]> {
    return [...this.methods.values()].filter((m) => m.customerId === customerId).sort(byDefaultThenAge);
  }

  async byId(id: string): Promise<SavedMethod | undefined> {
    return this.methods.get(id);
  }

  async save(method: SavedMethod): Promise<SavedMethod> {
    const existing = [...this.methods.values()].find((m) => m.gateway === method.gateway && m.gatewayMethodId === method.gatewayMethodId);
    if (existing !== undefined) return existing;
    const hasDefault = [...this.methods.values()].some((m) => m.customerId === method.customerId && m.isDefault);
    const kept = { ...method, isDefault: !hasDefault };
    this.methods.set(kept.id, kept);
    return kept;
  }

  async setDefault(customerId: string, id: string): Promise<boolean> {
    const target = this.methods.get(id);
    if (target === undefined || target.customerId !== customerId) return false;
    for (const m of this.methods.values()) if (m.customerId === customerId) this.methods.set(m.id, { ...m, isDefault: m.id === id });
    return true;
  }

  async remove(customerId: string, id: string): Promise<boolean> {
    const target = this.methods.get(id);
    if (target === undefined || target.customerId !== customerId) return false;
    return this.methods.delete(id);
  }

  async recordPaidWith(paymentId: string, paidWith: PaidWith): Promise<void> {
    this.paid.set(paymentId, paidWith);
  }

  async paidWith(paymentId: string): Promise<PaidWith | undefined> {
    return this.paid.get(paymentId);
  }
}
