/** The in-memory twins of the checkout store's repositories, one module per repository. */
export * from './in-memory-cart-repository.js';
export * from './in-memory-loyalty-ledger.js';
export * from './in-memory-order-repositories.js';
export * from './in-memory-refund-repository.js';
export * from './in-memory-stock-reservations.js';
export * from './in-memory-verification-ledger.js';
export * from './in-memory-wallet-ledger.js';
export * from './in-memory-product-catalog.js';
export * from './in-memory-order-fulfilments.js';
