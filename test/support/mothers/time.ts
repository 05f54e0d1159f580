/** The moments of one order's life, in order: placed, paid, confirmed, cancelled, then later. */
export const PLACED_AT = '2026-01-10T09:00:00.000Z';
export const PAID_AT = '2026-01-10T09:05:00.000Z';
export const CONFIRMED_AT = '2026-01-10T09:06:00.000Z';
export const CANCELLED_AT = '2026-01-10T09:30:00.000Z';
/** When an initiated payment's gateway page expires. */
export const EXPIRES_AT = '2026-01-10T09:35:00.000Z';
export const LATER = '2026-01-10T10:00:00.000Z';
