/** The PostgreSQL repositories of the checkout store, one module per repository. */
export * from './mikro-orm-cart-repository.js';
export * from './mikro-orm-loyalty-ledger.js';
export * from './mikro-orm-order-repositories.js';
export * from './mikro-orm-refund-repository.js';
export * from './mikro-orm-stock-reservations.js';
export * from './mikro-orm-verification-ledger.js';
export * from './mikro-orm-wallet-ledger.js';
export * from './mikro-orm-product-catalog.js';
export * from './mikro-orm-order-fulfilments.js';
