import { randomBytes } from 'node:crypto';

/** The id of the order the fixed-id mothers (`orders`, `aPayment`, …) all belong to. */
export const ORDER_ID = 'ord_01HZX3K9Q8W7E6R5T4Y3U2';
/** The customer of the fixed-id mothers. */
export const CUSTOMER_ID = 'cus_ram';

const run = randomBytes(3).toString('hex');
let counter = 0;

/** A new id, unique in this process and across processes sharing a database (≤ 24 chars). */
export const fresh = (prefix: string): string => `${prefix}_${run}${(counter += 1).toString(36).padStart(4, '0')}`;
