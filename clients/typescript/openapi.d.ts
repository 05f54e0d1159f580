/**
 * Generated from paysaga's OpenAPI document by `npm run client`; do not edit.
 */

export interface paths {
    "/admin/checkouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sagas that need attention or have waited longer than a given time
         * @description With `manual=true`, also the cash-on-delivery and bank-transfer checkouts waiting for an approval.
         */
        get: operations["getAdminCheckouts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/checkouts/{orderId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a manual payment (cash on delivery, bank transfer) or a parked checkout
         * @description A command to the saga, recorded with who (the token) and why (the body).
         */
        post: operations["postAdminCheckoutsOrderIdApprove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/checkouts/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a checkout that needs attention
         * @description A command to the saga, recorded with who (the token) and why (the body).
         */
        post: operations["postAdminCheckoutsOrderIdCancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/checkouts/{orderId}/refund-to-wallet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credit what the gateway took for a checkout that needs attention to the shopper's wallet, then cancel it; refused (the saga stays parked, saying why) when nothing was taken
         * @description A command to the saga, recorded with who (the token) and why (the body).
         */
        post: operations["postAdminCheckoutsOrderIdRefundToWallet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/checkouts/{orderId}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a manual payment or a parked checkout
         * @description A command to the saga, recorded with who (the token) and why (the body).
         */
        post: operations["postAdminCheckoutsOrderIdReject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/checkouts/{orderId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry the step a checkout is stuck on
         * @description A command to the saga, recorded with who (the token) and why (the body).
         */
        post: operations["postAdminCheckoutsOrderIdRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/customers/{customerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One customer as staff see them: orders, wallet, points and tier, open checkouts
         * @description Orders newest first in keyset pages (`limit`, `cursor` → `orders.nextCursor`), with payment and fulfilment status; the wallet balance in each currency the shop sells in (`wallet.balances`); points and tier; checkouts still awaiting payment or paid and not confirmed, with their saga status. An id with nothing answers empty lists and zero balances.
         */
        get: operations["getAdminCustomersCustomerId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/gateways": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The gateways this deployment has on, each with its kill switch */
        get: operations["getAdminGateways"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/gateways/{gateway}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Turn a gateway on or off (kill switch) for new checkouts and top-ups */
        put: operations["putAdminGatewaysGateway"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/late-payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Late payments: money a gateway took after its checkout or top-up gave up, and how each was resolved
         * @description Newest first. `resolution` is `credited_to_wallet` (the closed checkout's amount went to the shopper's wallet), `top_up_credited`, `not_taken` (the gateway took nothing), `needs_attention` (parked: another currency, or a transaction bound elsewhere; decide with the `operatorDecision` signal of workflow `late-payment-<gateway>-<gatewayPaymentId>`) or `dismissed`.
         */
        get: operations["getAdminLatePayments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The notification outbox, newest first, in keyset pages
         * @description Filter by `status`, `orderId`, `customerId`, `channel`; `limit` and `cursor` (→ `nextCursor`) page. Each row: `id`, `kind` (the event), `channel`, `audience`, `recipient`, `orderId`, `customerId`, `status` (`pending`, `sending`, `sent`, `parked`), `attempts`, `resends`, `nextAttemptAt`, `lastError`, `providerMessageId`, `createdAt`, `sentAt`, `parkedAt`.
         */
        get: operations["getAdminNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/notifications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One notification, with the facts it tells (`event`) and every resend (`resentBy`) */
        get: operations["getAdminNotificationsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/notifications/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a sent or parked notification again, under a new Message-ID
         * @description Puts the row back to `pending`, due now, attempts 0, one more resend, recorded with the operator (the token) and the reason (the body). A row still `pending` or `sending` is going out anyway: 409 `notifications.not_resendable`, so a repeated resend does not send twice.
         */
        post: operations["postAdminNotificationsIdResend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An order as stored, with the shopper's contact and delivery address
         * @description Status, lines, charges, `contact` and `deliveryAddress` (absent when the checkout gave none), `fromCart` (the cart lines the checkout took, empty when it named its items), and `saga` (status and attention) while Temporal keeps the saga.
         */
        get: operations["getAdminOrdersOrderId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{orderId}/fulfilment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where an order's goods are, with every move that took them there */
        get: operations["getAdminOrdersOrderIdFulfilment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{orderId}/fulfilment/deliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that a shipped order was delivered: shipped → delivered
         * @description Recorded with who (the token), when and why (the body). A repeat of a move already made answers the event first recorded; a move that does not apply changes nothing.
         */
        post: operations["postAdminOrdersOrderIdFulfilmentDeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{orderId}/fulfilment/receive-return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that the returned goods came back: return_requested → returned (money goes back through the refund routes)
         * @description Recorded with who (the token), when and why (the body). A repeat of a move already made answers the event first recorded; a move that does not apply changes nothing.
         */
        post: operations["postAdminOrdersOrderIdFulfilmentReceiveReturn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{orderId}/fulfilment/request-return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that the shopper asked to return a delivered order: delivered → return_requested
         * @description Recorded with who (the token), when and why (the body). A repeat of a move already made answers the event first recorded; a move that does not apply changes nothing.
         */
        post: operations["postAdminOrdersOrderIdFulfilmentRequestReturn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{orderId}/fulfilment/ship": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ship a processing order with its carrier and tracking number: processing → shipped
         * @description Recorded with who (the token), when and why (the body). A repeat of a move already made answers the event first recorded; a move that does not apply changes nothing.
         */
        post: operations["postAdminOrdersOrderIdFulfilmentShip"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{orderId}/fulfilment/start-processing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start processing a confirmed order: unfulfilled → processing
         * @description Recorded with who (the token), when and why (the body). A repeat of a move already made answers the event first recorded; a move that does not apply changes nothing.
         */
        post: operations["postAdminOrdersOrderIdFulfilmentStartProcessing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{orderId}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund an order, whole or in part, to the shopper's card (gateway) or wallet
         * @description One refund per payment the request draws on: the gateway part of a split-tender order first, then its wallet part. Wallet parts and manual payments (bank transfer, cash on delivery) always go back to the wallet. Each refund runs as its own saga, started before anything is recorded: a refund that could not be started leaves nothing behind (503 `refunds.saga_unavailable`).
         */
        post: operations["postAdminOrdersOrderIdRefunds"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Payments, filtered, in keyset pages */
        get: operations["getAdminPayments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/payments.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Payments, filtered, streamed as CSV */
        get: operations["getAdminPaymentsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every product with its prices per currency, units on hand, reserved and available, and whether it runs low */
        get: operations["getAdminProducts"];
        put?: never;
        /**
         * Put a product on the shelf: SKU, name, prices per currency, initial stock, low-stock threshold (default 5)
         * @description Audited in `catalog_changes` with the operator and the reason. An Idempotency-Key makes a retry answer the first response.
         */
        post: operations["postAdminProducts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/products/{sku}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename a product or change its low-stock threshold
         * @description Audited in `catalog_changes` with the operator and the reason.
         */
        patch: operations["patchAdminProductsSku"];
        trace?: never;
    };
    "/admin/products/{sku}/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A product's audit trail: who changed what, when and why, oldest first */
        get: operations["getAdminProductsSkuChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/products/{sku}/prices/{currency}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a product's price in one currency (it is then sold in it)
         * @description Audited in `catalog_changes` with the operator and the reason.
         */
        put: operations["putAdminProductsSkuPricesCurrency"];
        post?: never;
        /**
         * Remove a product's price in one currency: it is no longer sold in it
         * @description Audited in `catalog_changes` with the operator and the reason.
         */
        delete: operations["deleteAdminProductsSkuPricesCurrency"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/products/{sku}/restock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add units on hand, once per restock id (or Idempotency-Key)
         * @description Audited in `catalog_changes` with the operator and the reason. Safe beside checkouts reserving the same product: on hand only grows, never below what is reserved. The same restockId with another quantity or SKU is a 422.
         */
        post: operations["postAdminProductsSkuRestock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Refunds parked for an operator (failed, pending past their budget, or not to be told), longest waiting first */
        get: operations["getAdminRefunds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/refunds/{refundId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A refund: its record, why it waits (if it does), every operator decision on it, and its saga state */
        get: operations["getAdminRefundsRefundId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/refunds/{refundId}/credit-wallet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credit the shopper's wallet instead of a gateway refund that failed (refused while the gateway still shows it pending or completed)
         * @description A command to the refund saga, recorded with who (the token), why (the body) and when.
         */
        post: operations["postAdminRefundsRefundIdCreditWallet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/refunds/{refundId}/mark-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Settle a parked refund as failed (refused while the gateway still shows it pending or completed)
         * @description A command to the refund saga, recorded with who (the token), why (the body) and when.
         */
        post: operations["postAdminRefundsRefundIdMarkFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/refunds/{refundId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a parked refund: the gateway is read first, and asked to refund again only if it shows no refund was made
         * @description A command to the refund saga, recorded with who (the token), why (the body) and when.
         */
        post: operations["postAdminRefundsRefundIdRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/stock/low": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SKUs whose available units are at or below their low-stock threshold */
        get: operations["getAdminStockLow"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/verification-failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verifications that failed (amount or currency mismatch, a transaction already bound elsewhere), newest first */
        get: operations["getAdminVerificationFailures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/wallets/{customerId}/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Adjust a shopper's wallet (credit or debit), once per Idempotency-Key */
        post: operations["postAdminWalletsCustomerIdAdjustments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The shopper's cart, priced live from the catalog
         * @description Priced with the same rules as `POST /quotes` and `POST /checkouts`. A SKU no longer sold or short of stock is a problem on its line and on the cart, never an error: the cart keeps the line. `currency` prices it in that currency (default: the first the shop sells in; a product without a price in it is a problem on its line). `delivery` and `country` price the delivery as a checkout with that option and address would.
         */
        get: operations["getCart"];
        put?: never;
        post?: never;
        /** Empty the cart */
        delete: operations["deleteCart"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cart/lines/{sku}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set how many of a SKU the cart holds (adds the line when new)
         * @description A whole number from 1 to 1000, as for a checkout; at most 100 different SKUs. Setting the same quantity again is harmless. Two changes of the same cart apply one after the other.
         */
        put: operations["putCartLinesSku"];
        post?: never;
        /**
         * Remove a SKU from the cart
         * @description Removing a SKU that is not in the cart changes nothing.
         */
        delete: operations["deleteCartLinesSku"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/catalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The catalog in one currency, with prices and stock
         * @description Prices in `currency` (default the shop's first); a product without a price in it is not sold in it and is left out.
         */
        get: operations["getCatalog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checkouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a checkout: prices the cart from the catalog and answers with the payment action
         * @description An Idempotency-Key makes retries safe: the same key and body get the first answer again; the same key with another body is a 422.
         *
         *     Without `items` (or with `fromCart: true`) the shopper's cart is checked out. The cart is emptied only when the order is confirmed, and only of the lines the checkout took, at the quantities it took them: a payment that fails, is cancelled or expires leaves the cart as it was, and lines added or changed meanwhile stay.
         *
         *     The contact and the delivery address are stored with the order and shown back on `GET /checkouts/{orderId}`, `GET /orders/{orderId}` and to operators. The delivery charge depends on the address's country: the shop's own country is domestic, any other international. A `standard` or `express` checkout without an address (as clients sent before addresses existed) is charged the domestic rate and stored without an address, unless the shop sets `DELIVERY_ADDRESS_REQUIRED=true`, which refuses it with 422 `checkout.address_required`.
         */
        post: operations["postCheckouts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checkouts/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The shopper's checkout and its saga's state
         * @description The saga's live state while it runs; once Temporal no longer keeps a closed saga, its final state as the database recorded it (status, cancel reason, transaction id, wallet credit, points). An open order whose saga is gone shows as `needs_attention` with the code `checkout.saga_missing`.
         */
        get: operations["getCheckoutsOrderId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/codec/decode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decrypt workflow payloads (Temporal's remote codec), for operators
         * @description Temporal UI: set the codec endpoint to `<api>/codec` and pass the access token. CLI: `--codec-endpoint <api>/codec --codec-auth "Bearer <operator token>"`.
         */
        post: operations["postCodecDecode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/codec/encode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Encrypt payloads as the service's workers do (Temporal's remote codec)
         * @description Temporal UI: set the codec endpoint to `<api>/codec` and pass the access token. CLI: `--codec-endpoint <api>/codec --codec-auth "Bearer <operator token>"`.
         */
        post: operations["postCodecEncode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dev/mail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Demo mode only: the emails the local mail catcher received, newest first
         * @description Each message once, however many times it was delivered. `to` keeps those sent to one address.
         */
        get: operations["getDevMail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dev/mail/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Demo mode only: one caught email, its HTML body as a page (its text when it has none)
         * @description Served with a Content-Security-Policy that runs no script and loads nothing from elsewhere.
         */
        get: operations["getDevMailId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dev/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Demo mode only: a shopper or operator token for an hour
         * @description The body is optional (no body, or an empty one, issues a shopper token for a new customer). Limited per client IP.
         */
        post: operations["postDevToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A browsable reference, rendered from this document */
        get: operations["getDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether PostgreSQL and Temporal answer */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/loyalty": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shopper's points and loyalty tier */
        get: operations["getLoyalty"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/loyalty/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Points earned and redeemed, newest first, in keyset pages */
        get: operations["getLoyaltyHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/notification-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shopper's notification settings (the defaults when they set none) */
        get: operations["getMeNotificationSettings"];
        /**
         * Replace the shopper's notification settings
         * @description Marketing-like messages (points earned) stop with `marketingOptOut`; order, payment and refund messages always go. WhatsApp messages go only with `whatsappOptIn` and a `phone` in E.164. An order's own contact wins over these.
         */
        put: operations["putMeNotificationSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/payment-methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The shopper's saved payment methods, the default first
         * @description Methods are kept by Stripe (Customers and PaymentMethods) and Razorpay (card tokens of a Customer); no other gateway keeps any. Display data only: `id`, `gateway`, `type`, `brand`, `last4`, `expMonth`, `expYear`, `wallet` (e.g. `google_pay`) when the card came through one, `isDefault`, `createdAt`.
         */
        get: operations["getMePaymentMethods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/payment-methods/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a saved method: detached at its gateway (Stripe) or its token deleted (Razorpay), then removed */
        delete: operations["deleteMePaymentMethodsId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/payment-methods/{id}/default": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a saved method the shopper's default (the only one) */
        post: operations["postMePaymentMethodsIdDefault"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The service's metrics in Prometheus' text format
         * @description HTTP requests, webhooks, payments, verification failures, gateway calls, and what is open or stuck (read at scrape time). Open unless `METRICS_TOKEN` is set; then it needs `Authorization: Bearer <METRICS_TOKEN>`.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document: OpenAPI 3.1, generated from the schemas that validate the requests */
        get: operations["getOpenapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shopper's orders, newest first, in keyset pages */
        get: operations["getOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of the shopper's orders
         * @description The same view as `GET /checkouts/{orderId}`: from the saga while it runs, from the database once Temporal no longer keeps it.
         */
        get: operations["getOrdersOrderId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/payments/{gateway}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the gateway sends the shopper's browser back
         * @description Marks nothing paid by itself: the saga asks the gateway, and the answer is the verified outcome (waited for up to 8 s).
         */
        get: operations["getPaymentsGatewayReturn"];
        put?: never;
        /** Where the gateway posts the shopper's browser back (Razorpay, eSewa forms) */
        post: operations["postPaymentsGatewayReturn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The catalog in one currency, with prices and stock
         * @description Prices in `currency` (default the shop's first); a product without a price in it is not sold in it and is left out.
         */
        get: operations["getProducts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/quotes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Price a cart without ordering it: subtotal, charges (tax, delivery, points) and amount */
        post: operations["postQuotes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/wallet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shopper's wallet balance in one currency */
        get: operations["getWallet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/wallet/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The wallet's entries in one currency (default the shop's first), newest first, in keyset pages */
        get: operations["getWalletEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/wallet/top-ups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Top up the shopper's wallet through a gateway; runs as its own saga
         * @description An Idempotency-Key makes retries safe: the same key and body get the first answer again; the same key with another body is a 422.
         */
        post: operations["postWalletTopUps"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/wallet/top-ups/{topUpId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the shopper's top-ups */
        get: operations["getWalletTopUpsTopUpId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/wallet/top-ups/payments/{gateway}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the gateway sends the shopper's browser back after paying a top-up */
        get: operations["getWalletTopUpsPaymentsGatewayReturn"];
        put?: never;
        /** Where the gateway posts the shopper's browser back after paying a top-up */
        post: operations["postWalletTopUpsPaymentsGatewayReturn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{gateway}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A gateway's signed event
         * @description The signature is verified over the raw bytes (a bad one is a 401, recorded); the event is stored once per (gateway, event id) and handed to its saga; 200 only once the saga has it. Limited per client IP.
         */
        post: operations["postWebhooksGateway"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description An RFC 9457 problem; `code` is the stable machine-readable name. */
        Problem: {
            /** @example request.invalid */
            code: string;
            detail?: string;
            errors?: {
                /** @example body.items.0.quantity */
                field: string;
                message: string;
            }[];
            instance?: string;
            status: number;
            title: string;
            /** @example /problems/request.invalid */
            type: string;
        } & {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAdminCheckouts: {
        parameters: {
            query?: {
                limit?: number;
                manual?: "true" | "false";
                waitedLongerThanSeconds?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the checkouts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            amountMinor?: number;
                            customerId?: string;
                            gateway?: string;
                            orderId: string;
                            startedAt: string;
                            status?: string;
                        }[];
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminCheckoutsOrderIdApprove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the saga's answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        gateway: string;
                        orderId: string;
                        status: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such checkout */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the saga refused the command in its current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminCheckoutsOrderIdCancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the saga's answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        gateway: string;
                        orderId: string;
                        status: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such checkout */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the saga refused the command in its current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminCheckoutsOrderIdRefundToWallet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the saga's answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        gateway: string;
                        orderId: string;
                        status: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such checkout */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the saga refused the command in its current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminCheckoutsOrderIdReject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the saga's answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        gateway: string;
                        orderId: string;
                        status: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such checkout */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the saga refused the command in its current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminCheckoutsOrderIdRetry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the saga's answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        gateway: string;
                        orderId: string;
                        status: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such checkout */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the saga refused the command in its current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminCustomersCustomerId: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                customerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the customer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        customerId: string;
                        loyalty: {
                            lifetimePoints: number;
                            nextTier?: string;
                            points: number;
                            pointsToNextTier?: number;
                            tier: string;
                        };
                        openCheckouts: {
                            currency: string;
                            fulfilmentStatus: string;
                            gateway: string;
                            orderId: string;
                            /** @description ISO-8601 */
                            placedAt: string;
                            sagaStatus?: string;
                            shipment?: {
                                carrier: string;
                                trackingNumber: string;
                            };
                            status: string;
                            totalMinor: number;
                        }[];
                        orders: {
                            items: {
                                currency: string;
                                fulfilmentStatus: string;
                                gateway: string;
                                orderId: string;
                                /** @description ISO-8601 */
                                placedAt: string;
                                shipment?: {
                                    carrier: string;
                                    trackingNumber: string;
                                };
                                status: string;
                                totalMinor: number;
                            }[];
                            nextCursor?: string;
                        };
                        wallet: {
                            balances: {
                                amountMinor: number;
                                currency: string;
                            }[];
                        };
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminGateways: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `items`: each gateway and whether new checkouts may use it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            enabled: boolean;
                            gateway: string;
                        }[];
                    };
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putAdminGatewaysGateway: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                gateway: "khalti" | "esewa" | "ikhokha" | "stripe" | "paypal" | "razorpay";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enabled: boolean;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the gateway and whether it is enabled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        enabled: boolean;
                        gateway: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminLatePayments: {
        parameters: {
            query?: {
                customerId?: string;
                gateway?: "khalti" | "esewa" | "ikhokha" | "stripe" | "paypal" | "razorpay";
                limit?: number;
                resolution?: "credited_to_wallet" | "top_up_credited" | "not_taken" | "needs_attention" | "dismissed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `items`: the late payments */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description an invalid filter */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminNotifications: {
        parameters: {
            query?: {
                channel?: "email" | "whatsapp";
                cursor?: string;
                customerId?: string;
                limit?: number;
                orderId?: string;
                status?: "pending" | "sending" | "sent" | "parked";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page: `items` and the `nextCursor`, if any */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            attempts: number;
                            audience: string;
                            channel: string;
                            createdAt: string;
                            customerId?: string;
                            id: string;
                            kind: string;
                            lastError?: string;
                            nextAttemptAt: string;
                            orderId?: string;
                            parkedAt?: string;
                            recipient: string;
                            resends: number;
                            sentAt?: string;
                            status: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description a bad filter or a cursor this service did not issue */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminNotificationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the notification */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such notification (`notifications.not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminNotificationsIdResend: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the notification, pending again */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        audience: string;
                        channel: string;
                        createdAt: string;
                        customerId?: string;
                        id: string;
                        kind: string;
                        lastError?: string;
                        nextAttemptAt: string;
                        orderId?: string;
                        parkedAt?: string;
                        recipient: string;
                        resends: number;
                        sentAt?: string;
                        status: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such notification (`notifications.not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the notification is pending or sending (`notifications.not_resendable`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminOrdersOrderId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        contact?: {
                            email?: string;
                            name?: string;
                            phone?: string;
                        };
                        customerId: string;
                        gateway: string;
                        id: string;
                        lines: {
                            lineTotal: {
                                amountMinor: number;
                                currency: string;
                            };
                            name: string;
                            quantity: number;
                            sku: string;
                            unitPrice: {
                                amountMinor: number;
                                currency: string;
                            };
                        }[];
                        placedAt: string;
                        refunded?: {
                            amountMinor: number;
                            currency: string;
                        };
                        saga?: {
                            attention?: {
                                code: string;
                            };
                            status: string;
                        };
                        status: string;
                        subtotal: {
                            amountMinor: number;
                            currency: string;
                        };
                        total: {
                            amountMinor: number;
                            currency: string;
                        };
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such order */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminOrdersOrderIdFulfilment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `status`, the `shipment` once shipped, and the `history`, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such order */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminOrdersOrderIdFulfilmentDeliver: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the recorded event: `from`, `to`, `at`, `by`, `reason` and, when shipped, the `shipment` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such order */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `fulfilment.transition_refused`: the move does not apply to where the goods are; `fulfilment.order_not_confirmed`: the order is not paid (pending, cancelled, refunded) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminOrdersOrderIdFulfilmentReceiveReturn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the recorded event: `from`, `to`, `at`, `by`, `reason` and, when shipped, the `shipment` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such order */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `fulfilment.transition_refused`: the move does not apply to where the goods are; `fulfilment.order_not_confirmed`: the order is not paid (pending, cancelled, refunded) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminOrdersOrderIdFulfilmentRequestReturn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the recorded event: `from`, `to`, `at`, `by`, `reason` and, when shipped, the `shipment` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such order */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `fulfilment.transition_refused`: the move does not apply to where the goods are; `fulfilment.order_not_confirmed`: the order is not paid (pending, cancelled, refunded) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminOrdersOrderIdFulfilmentShip: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    carrier?: string;
                    reason: string;
                    trackingNumber?: string;
                };
            };
        };
        responses: {
            /** @description the recorded event: `from`, `to`, `at`, `by`, `reason` and, when shipped, the `shipment` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such order */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `fulfilment.transition_refused`: the move does not apply to where the goods are; `fulfilment.order_not_confirmed`: the order is not paid (pending, cancelled, refunded) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `fulfilment.shipment_required`: no carrier or no tracking number */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminOrdersOrderIdFulfilmentStartProcessing: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the recorded event: `from`, `to`, `at`, `by`, `reason` and, when shipped, the `shipment` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such order */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `fulfilment.transition_refused`: the move does not apply to where the goods are; `fulfilment.order_not_confirmed`: the order is not paid (pending, cancelled, refunded) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminOrdersOrderIdRefunds: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes a retry return the first answer */
                "Idempotency-Key"?: string;
            };
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amountMinor?: number;
                    /** @enum {string} */
                    destination: "gateway" | "wallet";
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the (first) refund, recorded `pending` by its saga, with every refund of the request in `refunds` */
            202: {
                headers: {
                    /** @description the (first) refund */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                            message?: string;
                        };
                        /** @enum {string} */
                        destination: "gateway" | "wallet";
                        failureReason?: string;
                        gatewayRefundId?: string;
                        id: string;
                        orderId: string;
                        paymentId: string;
                        reason: string;
                        refunds: {
                            amount: {
                                amountMinor: number;
                                currency: string;
                            };
                            attention?: {
                                code: string;
                                message?: string;
                            };
                            /** @enum {string} */
                            destination: "gateway" | "wallet";
                            failureReason?: string;
                            gatewayRefundId?: string;
                            id: string;
                            orderId: string;
                            paymentId: string;
                            reason: string;
                            requestedBy: string;
                            status: string;
                        }[];
                        requestedBy: string;
                        status: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such order */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not refundable, or more than was paid (`refunds.exceeds_paid`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description an invalid amount, or a gateway that cannot refund */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the refund saga could not be started; nothing was recorded (`refunds.saga_unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminPayments: {
        parameters: {
            query?: {
                cursor?: string;
                customerId?: string;
                from?: string;
                gateway?: string;
                limit?: number;
                status?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page: `items` (each with `paidWithWallet`, e.g. `google_pay`, when the gateway said) and the `nextCursor`, if any */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            amountMinor: number;
                            completedAt?: string;
                            createdAt: string;
                            currency: string;
                            customerId: string;
                            gateway: string;
                            gatewayTransactionId?: string;
                            orderId: string;
                            paidWithWallet?: string;
                            status: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminPaymentsCsv: {
        parameters: {
            query?: {
                cursor?: string;
                customerId?: string;
                from?: string;
                gateway?: string;
                limit?: number;
                status?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV with a header row; `paid_with_wallet` is the wallet a payment came through */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminProducts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the products, by SKU */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminProducts: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes a retry return the first answer */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    initialStock: number;
                    lowStockThreshold?: number;
                    name: string;
                    prices: {
                        [key: string]: number;
                    };
                    reason: string;
                    sku: string;
                };
            };
        };
        responses: {
            /** @description the product */
            201: {
                headers: {
                    /** @description the product */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a product with this SKU exists (`catalog.product_exists`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description an invalid value, or a currency the shop does not sell in */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchAdminProductsSku: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes a retry return the first answer */
                "Idempotency-Key"?: string;
            };
            path: {
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    lowStockThreshold?: number;
                    name?: string;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the product */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such product (`catalog.product_not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description an invalid value, or a currency the shop does not sell in */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminProductsSkuChanges: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sku: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the changes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putAdminProductsSkuPricesCurrency: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes a retry return the first answer */
                "Idempotency-Key"?: string;
            };
            path: {
                currency: string;
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amountMinor: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the product */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such product (`catalog.product_not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description an invalid value, or a currency the shop does not sell in */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAdminProductsSkuPricesCurrency: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes a retry return the first answer */
                "Idempotency-Key"?: string;
            };
            path: {
                currency: string;
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the product */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such product, or no price in that currency (`catalog.price_not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminProductsSkuRestock: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes a retry return the first answer */
                "Idempotency-Key"?: string;
            };
            path: {
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    quantity: number;
                    reason: string;
                    restockId?: string;
                };
            };
        };
        responses: {
            /** @description the product after the restock (a repeat answers it as it is) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description neither a restockId nor an Idempotency-Key */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such product (`catalog.product_not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a quantity that is not a whole number from 1 to 1000000, or a restockId reused for another restock */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminRefunds: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `items`: each refund with `attention` (reason, since) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            amount: {
                                amountMinor: number;
                                currency: string;
                            };
                            attention?: {
                                code: string;
                                message?: string;
                            };
                            /** @enum {string} */
                            destination: "gateway" | "wallet";
                            failureReason?: string;
                            gatewayRefundId?: string;
                            id: string;
                            orderId: string;
                            paymentId: string;
                            reason: string;
                            requestedBy: string;
                            status: string;
                        }[];
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminRefundsRefundId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                refundId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the refund */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                            message?: string;
                        };
                        /** @enum {string} */
                        destination: "gateway" | "wallet";
                        failureReason?: string;
                        gatewayRefundId?: string;
                        id: string;
                        orderId: string;
                        paymentId: string;
                        reason: string;
                        requestedBy: string;
                        status: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such refund */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminRefundsRefundIdCreditWallet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                refundId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the refund and its saga state after the command */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such refund */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the refund is not parked (`refunds.command_refused`), or carrying the command out could refund twice (`refunds.gateway_refund_pending`, `refunds.already_refunded`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the gateway cannot be read right now (`refunds.gateway_unreachable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminRefundsRefundIdMarkFailed: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                refundId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the refund and its saga state after the command */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such refund */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the refund is not parked (`refunds.command_refused`), or carrying the command out could refund twice (`refunds.gateway_refund_pending`, `refunds.already_refunded`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the gateway cannot be read right now (`refunds.gateway_unreachable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminRefundsRefundIdRetry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                refundId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the refund and its saga state after the command */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such refund */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the refund is not parked (`refunds.command_refused`), or carrying the command out could refund twice (`refunds.gateway_refund_pending`, `refunds.already_refunded`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the gateway cannot be read right now (`refunds.gateway_unreachable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminStockLow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the stock levels */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminVerificationFailures: {
        parameters: {
            query?: {
                gateway?: "khalti" | "esewa" | "ikhokha" | "stripe" | "paypal" | "razorpay";
                limit?: number;
                orderId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `items`: each failure with the gateway, its payment and transaction ids, the code and what the gateway reported */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAdminWalletsCustomerIdAdjustments: {
        parameters: {
            query?: never;
            header: {
                /** @description makes a retry return the first answer */
                "Idempotency-Key": string;
            };
            path: {
                customerId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amountMinor: number;
                    currency?: string;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the new balance, in the currency adjusted */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the debit is more than the balance, or a currency the shop does not sell in */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCart: {
        parameters: {
            query?: {
                country?: string;
                currency?: string;
                delivery?: "standard" | "express" | "pickup";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the cart: `version`, `lines` (each priced from the catalog now, or with its `problem`: `checkout.unknown_sku`, `inventory.insufficient_stock`), the `quote` a checkout of the whole cart would get, and the `problems` that stop one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lines: {
                            available?: number;
                            currency?: string;
                            lineTotalMinor?: number;
                            name?: string;
                            problem?: {
                                code: string;
                                message: string;
                            };
                            quantity: number;
                            sku: string;
                            unitPriceMinor?: number;
                        }[];
                        problems: {
                            code: string;
                            message: string;
                        }[];
                        quote?: {
                            delivery: {
                                amountMinor: number;
                                currency: string;
                            };
                            deliveryOption: string;
                            deliveryZone: string;
                            discount: {
                                amountMinor: number;
                                currency: string;
                            };
                            lines: {
                                lineTotal: {
                                    amountMinor: number;
                                    currency: string;
                                };
                                name: string;
                                quantity: number;
                                sku: string;
                                unitPrice: {
                                    amountMinor: number;
                                    currency: string;
                                };
                            }[];
                            pointsRedeemed: number;
                            subtotal: {
                                amountMinor: number;
                                currency: string;
                            };
                            tax: {
                                amountMinor: number;
                                currency: string;
                            };
                            total: {
                                amountMinor: number;
                                currency: string;
                            };
                        };
                        version: number;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteCart: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the cart: `version`, `lines` (each priced from the catalog now, or with its `problem`: `checkout.unknown_sku`, `inventory.insufficient_stock`), the `quote` a checkout of the whole cart would get, and the `problems` that stop one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lines: {
                            available?: number;
                            currency?: string;
                            lineTotalMinor?: number;
                            name?: string;
                            problem?: {
                                code: string;
                                message: string;
                            };
                            quantity: number;
                            sku: string;
                            unitPriceMinor?: number;
                        }[];
                        problems: {
                            code: string;
                            message: string;
                        }[];
                        quote?: {
                            delivery: {
                                amountMinor: number;
                                currency: string;
                            };
                            deliveryOption: string;
                            deliveryZone: string;
                            discount: {
                                amountMinor: number;
                                currency: string;
                            };
                            lines: {
                                lineTotal: {
                                    amountMinor: number;
                                    currency: string;
                                };
                                name: string;
                                quantity: number;
                                sku: string;
                                unitPrice: {
                                    amountMinor: number;
                                    currency: string;
                                };
                            }[];
                            pointsRedeemed: number;
                            subtotal: {
                                amountMinor: number;
                                currency: string;
                            };
                            tax: {
                                amountMinor: number;
                                currency: string;
                            };
                            total: {
                                amountMinor: number;
                                currency: string;
                            };
                        };
                        version: number;
                    };
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putCartLinesSku: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    quantity: number;
                };
            };
        };
        responses: {
            /** @description the cart: `version`, `lines` (each priced from the catalog now, or with its `problem`: `checkout.unknown_sku`, `inventory.insufficient_stock`), the `quote` a checkout of the whole cart would get, and the `problems` that stop one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lines: {
                            available?: number;
                            currency?: string;
                            lineTotalMinor?: number;
                            name?: string;
                            problem?: {
                                code: string;
                                message: string;
                            };
                            quantity: number;
                            sku: string;
                            unitPriceMinor?: number;
                        }[];
                        problems: {
                            code: string;
                            message: string;
                        }[];
                        quote?: {
                            delivery: {
                                amountMinor: number;
                                currency: string;
                            };
                            deliveryOption: string;
                            deliveryZone: string;
                            discount: {
                                amountMinor: number;
                                currency: string;
                            };
                            lines: {
                                lineTotal: {
                                    amountMinor: number;
                                    currency: string;
                                };
                                name: string;
                                quantity: number;
                                sku: string;
                                unitPrice: {
                                    amountMinor: number;
                                    currency: string;
                                };
                            }[];
                            pointsRedeemed: number;
                            subtotal: {
                                amountMinor: number;
                                currency: string;
                            };
                            tax: {
                                amountMinor: number;
                                currency: string;
                            };
                            total: {
                                amountMinor: number;
                                currency: string;
                            };
                        };
                        version: number;
                    };
                };
            };
            /** @description a quantity that is not a whole number from 1 to the maximum */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a SKU the catalog does not sell (`checkout.unknown_sku`), or a full cart (`checkout.cart_full`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteCartLinesSku: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sku: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the cart: `version`, `lines` (each priced from the catalog now, or with its `problem`: `checkout.unknown_sku`, `inventory.insufficient_stock`), the `quote` a checkout of the whole cart would get, and the `problems` that stop one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lines: {
                            available?: number;
                            currency?: string;
                            lineTotalMinor?: number;
                            name?: string;
                            problem?: {
                                code: string;
                                message: string;
                            };
                            quantity: number;
                            sku: string;
                            unitPriceMinor?: number;
                        }[];
                        problems: {
                            code: string;
                            message: string;
                        }[];
                        quote?: {
                            delivery: {
                                amountMinor: number;
                                currency: string;
                            };
                            deliveryOption: string;
                            deliveryZone: string;
                            discount: {
                                amountMinor: number;
                                currency: string;
                            };
                            lines: {
                                lineTotal: {
                                    amountMinor: number;
                                    currency: string;
                                };
                                name: string;
                                quantity: number;
                                sku: string;
                                unitPrice: {
                                    amountMinor: number;
                                    currency: string;
                                };
                            }[];
                            pointsRedeemed: number;
                            subtotal: {
                                amountMinor: number;
                                currency: string;
                            };
                            tax: {
                                amountMinor: number;
                                currency: string;
                            };
                            total: {
                                amountMinor: number;
                                currency: string;
                            };
                        };
                        version: number;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCatalog: {
        parameters: {
            query?: {
                currency?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the currency and the products sold in it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        currencies: string[];
                        currency: string;
                        items: {
                            available: number;
                            currency: string;
                            name: string;
                            priceMinor: number;
                            sku: string;
                        }[];
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a currency the shop does not sell in (`checkout.unsupported_currency`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postCheckouts: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes a retry return the first answer */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currency?: string;
                    /** @description how to reach the shopper: stored with the order and passed on to the gateway; a malformed email or phone is a 422 `checkout.invalid_contact` */
                    customer?: {
                        email?: string;
                        name?: string;
                        phone?: string;
                    };
                    /** @enum {string} */
                    delivery?: "standard" | "express" | "pickup";
                    /** @description where to deliver; its country prices the delivery (domestic or international, from the shop country). A malformed one is a 422 `checkout.invalid_address`. `pickup` needs none. `standard` or `express` without one keep working as before, delivered at the domestic charge, unless the shop requires an address (`DELIVERY_ADDRESS_REQUIRED`: then a 422 `checkout.address_required`) */
                    deliveryAddress?: {
                        city: string;
                        /** @description ISO 3166-1 alpha-2, such as NP */
                        country: string;
                        line1: string;
                        line2?: string;
                        postalCode: string;
                        region?: string;
                    };
                    /**
                     * @description check out the shopper's cart (`GET /cart`); an empty cart is a 422 `checkout.empty_cart`
                     * @constant
                     */
                    fromCart?: true;
                    /** @enum {string} */
                    gateway: "khalti" | "esewa" | "ikhokha" | "stripe" | "paypal" | "razorpay" | "wallet" | "cash_on_delivery" | "bank_transfer";
                    /** @description what to buy; absent (or with `fromCart`), the shopper's cart */
                    items?: {
                        quantity: number;
                        sku: string;
                    }[];
                    /** @description one of the shopper's saved methods (`GET /me/payment-methods`) of this gateway (Stripe or Razorpay). Stripe charges it off-session: the answer is a redirect straight to the return page, or to the bank's authentication when it asks for it. Razorpay answers its Checkout with the saved card preselected, which the shopper confirms there (CVV / OTP). Another shopper's method is a 404 `payments.payment_method_not_found` */
                    paymentMethodId?: string;
                    pointsToRedeem?: number;
                    /** @description keep the method paid with on the gateway's page for next time (Stripe; Razorpay, as a card token with the shopper's consent on its page); `422 payments.saved_methods_unsupported` elsewhere */
                    savePaymentMethod?: boolean;
                    walletAmountMinor?: number;
                };
            };
        };
        responses: {
            /** @description the checkout, its quote and its payment action (redirect, form_post or instructions) */
            201: {
                headers: {
                    /** @description the checkout */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                        };
                        cancelReason?: string;
                        checkoutStatus: string;
                        /** @description ISO-8601 */
                        expiresAt?: string;
                        fulfilmentStatus: string;
                        gateway: string;
                        lines: {
                            lineTotalMinor: number;
                            name: string;
                            quantity: number;
                            sku: string;
                            unitPriceMinor: number;
                        }[];
                        links: {
                            self: string;
                        };
                        orderId: string;
                        orderStatus: string;
                        paymentAction?: {
                            /** @constant */
                            type: "redirect";
                            url: string;
                        } | {
                            fields: {
                                [key: string]: string;
                            };
                            /** @constant */
                            type: "form_post";
                            url: string;
                        } | {
                            /** @description ISO-8601 */
                            approveBy: string;
                            method: string;
                            reference: string;
                            text: string;
                            /** @constant */
                            type: "instructions";
                        };
                        pointsAwarded?: number;
                        redirectUrl?: string;
                        refundedToWallet?: {
                            amountMinor: number;
                            currency: string;
                        };
                        shipment?: {
                            carrier: string;
                            trackingNumber: string;
                        };
                        subtotal?: {
                            amountMinor: number;
                            currency: string;
                        };
                        transactionId?: string;
                    };
                };
            };
            /** @description the checkout, still waiting for its payment action */
            202: {
                headers: {
                    /** @description the checkout */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                        };
                        cancelReason?: string;
                        checkoutStatus: string;
                        /** @description ISO-8601 */
                        expiresAt?: string;
                        fulfilmentStatus: string;
                        gateway: string;
                        lines: {
                            lineTotalMinor: number;
                            name: string;
                            quantity: number;
                            sku: string;
                            unitPriceMinor: number;
                        }[];
                        links: {
                            self: string;
                        };
                        orderId: string;
                        orderStatus: string;
                        paymentAction?: {
                            /** @constant */
                            type: "redirect";
                            url: string;
                        } | {
                            fields: {
                                [key: string]: string;
                            };
                            /** @constant */
                            type: "form_post";
                            url: string;
                        } | {
                            /** @description ISO-8601 */
                            approveBy: string;
                            method: string;
                            reference: string;
                            text: string;
                            /** @constant */
                            type: "instructions";
                        };
                        pointsAwarded?: number;
                        redirectUrl?: string;
                        refundedToWallet?: {
                            amountMinor: number;
                            currency: string;
                        };
                        shipment?: {
                            carrier: string;
                            trackingNumber: string;
                        };
                        subtotal?: {
                            amountMinor: number;
                            currency: string;
                        };
                        transactionId?: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not enough stock, or a request with this Idempotency-Key still running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description an unknown SKU, an empty cart, a product not sold in the currency, a currency the shop does not sell in, one the gateway does not take (`checkout.currency_not_accepted`, naming the currencies it takes; nothing is created), an invalid contact or delivery address, a required address missing, an invalid split, a gateway that is off, or an Idempotency-Key reused with another body */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the gateway refused to create the payment; the order is cancelled */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCheckoutsOrderId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the checkout */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                        };
                        cancelReason?: string;
                        checkoutStatus: string;
                        /** @description ISO-8601 */
                        expiresAt?: string;
                        fulfilmentStatus: string;
                        gateway: string;
                        lines: {
                            lineTotalMinor: number;
                            name: string;
                            quantity: number;
                            sku: string;
                            unitPriceMinor: number;
                        }[];
                        links: {
                            self: string;
                        };
                        orderId: string;
                        orderStatus: string;
                        paymentAction?: {
                            /** @constant */
                            type: "redirect";
                            url: string;
                        } | {
                            fields: {
                                [key: string]: string;
                            };
                            /** @constant */
                            type: "form_post";
                            url: string;
                        } | {
                            /** @description ISO-8601 */
                            approveBy: string;
                            method: string;
                            reference: string;
                            text: string;
                            /** @constant */
                            type: "instructions";
                        };
                        pointsAwarded?: number;
                        redirectUrl?: string;
                        refundedToWallet?: {
                            amountMinor: number;
                            currency: string;
                        };
                        shipment?: {
                            carrier: string;
                            trackingNumber: string;
                        };
                        subtotal?: {
                            amountMinor: number;
                            currency: string;
                        };
                        transactionId?: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such checkout, or another shopper's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postCodecDecode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default [] */
                    payloads?: {
                        data?: string;
                        metadata?: {
                            [key: string]: string;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description the payloads, decoded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a payload encrypted with a key this service does not have, or one that does not authenticate */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postCodecEncode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default [] */
                    payloads?: {
                        data?: string;
                        metadata?: {
                            [key: string]: string;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description the payloads, encoded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs an operator token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a payload encrypted with a key this service does not have, or one that does not authenticate */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDevMail: {
        parameters: {
            query?: {
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the caught mail */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            from: string;
                            id: string;
                            messageId: string;
                            orderId?: string;
                            receivedAt: string;
                            subject: string;
                            text: string;
                            to: string[];
                        }[];
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDevMailId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such caught mail */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postDevToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    customerId?: string;
                    /**
                     * @default shopper
                     * @enum {string}
                     */
                    role?: "shopper" | "operator";
                };
            };
        };
        responses: {
            /** @description the token */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        customerId: string;
                        expiresIn: number;
                        /** @enum {string} */
                        role: "shopper" | "operator";
                        token: string;
                        /** @constant */
                        tokenType: "Bearer";
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too many requests from this client; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description an HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description every dependency answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            [key: string]: "ok" | "unavailable";
                        };
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            /** @description a dependency does not answer; `checks` names it */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLoyalty: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description points and tier */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lifetimePoints: number;
                        nextTier?: string;
                        points: number;
                        pointsToNextTier?: number;
                        tier: string;
                    };
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLoyaltyHistory: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page: `items` and the `nextCursor`, if any */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description ISO-8601 */
                            createdAt: string;
                            id: string;
                            kind: string;
                            orderId?: string;
                            points: number;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMeNotificationSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `customerId`, `email`, `phone`, `whatsappOptIn`, `marketingOptOut` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putMeNotificationSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email?: string;
                    marketingOptOut: boolean;
                    phone?: string;
                    whatsappOptIn: boolean;
                };
            };
        };
        responses: {
            /** @description the settings as saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description a body of the wrong shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a phone not in E.164 (`notifications.invalid_phone`), a bad email (`notifications.invalid_email`), or a WhatsApp opt-in without a phone (`notifications.phone_required`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMePaymentMethods: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `items`: the saved methods */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            brand: string;
                            /** @description ISO-8601 */
                            createdAt: string;
                            expMonth: number;
                            expYear: number;
                            gateway: string;
                            id: string;
                            isDefault: boolean;
                            last4: string;
                            type: string;
                            wallet?: string;
                        }[];
                    };
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteMePaymentMethodsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such method of this shopper (`payments.payment_method_not_found`), another shopper’s included */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the method’s gateway keeps no saved methods in this deployment (`payments.saved_methods_unsupported`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the gateway did not detach it (`payments.detach_failed`); the method is kept, try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postMePaymentMethodsIdDefault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the method, now the default */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        brand: string;
                        /** @description ISO-8601 */
                        createdAt: string;
                        expMonth: number;
                        expYear: number;
                        gateway: string;
                        id: string;
                        isDefault: boolean;
                        last4: string;
                        type: string;
                        wallet?: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such method of this shopper (`payments.payment_method_not_found`), another shopper’s included */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain; version=0.0.4": unknown;
                };
            };
            /** @description METRICS_TOKEN is set and the request did not carry it */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": unknown;
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the OpenAPI document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOrders: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page: `items` and the `nextCursor`, if any */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            currency: string;
                            fulfilmentStatus: string;
                            gateway: string;
                            orderId: string;
                            /** @description ISO-8601 */
                            placedAt: string;
                            shipment?: {
                                carrier: string;
                                trackingNumber: string;
                            };
                            status: string;
                            totalMinor: number;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOrdersOrderId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                        };
                        cancelReason?: string;
                        checkoutStatus: string;
                        /** @description ISO-8601 */
                        expiresAt?: string;
                        fulfilmentStatus: string;
                        gateway: string;
                        lines: {
                            lineTotalMinor: number;
                            name: string;
                            quantity: number;
                            sku: string;
                            unitPriceMinor: number;
                        }[];
                        links: {
                            self: string;
                        };
                        orderId: string;
                        orderStatus: string;
                        paymentAction?: {
                            /** @constant */
                            type: "redirect";
                            url: string;
                        } | {
                            fields: {
                                [key: string]: string;
                            };
                            /** @constant */
                            type: "form_post";
                            url: string;
                        } | {
                            /** @description ISO-8601 */
                            approveBy: string;
                            method: string;
                            reference: string;
                            text: string;
                            /** @constant */
                            type: "instructions";
                        };
                        pointsAwarded?: number;
                        redirectUrl?: string;
                        refundedToWallet?: {
                            amountMinor: number;
                            currency: string;
                        };
                        shipment?: {
                            carrier: string;
                            trackingNumber: string;
                        };
                        subtotal?: {
                            amountMinor: number;
                            currency: string;
                        };
                        transactionId?: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such order, or another shopper's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPaymentsGatewayReturn: {
        parameters: {
            query?: {
                /** @description free-form fields, as the gateway sends them */
                fields?: {
                    [key: string]: string | string[];
                };
            };
            header?: never;
            path: {
                gateway: "khalti" | "esewa" | "ikhokha" | "stripe" | "paypal" | "razorpay";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the verified outcome, as the shopper's browser needs it (order id, statuses, amount); the whole checkout is at `GET /checkouts/:orderId` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        cancelReason?: string;
                        checkoutStatus: string;
                        gateway: string;
                        links: {
                            self: string;
                        };
                        orderId: string;
                        orderStatus: string;
                        pointsAwarded?: number;
                        refundedToWallet?: {
                            amountMinor: number;
                            currency: string;
                        };
                        transactionId?: string;
                    };
                };
            };
            /** @description with a storefront (STOREFRONT_RETURN_URL, or the one `npm start` serves), to a browser that asks for HTML: to the storefront, with `orderId` and `status` */
            303: {
                headers: {
                    /** @description the storefront */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no payment known for these fields */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPaymentsGatewayReturn: {
        parameters: {
            query?: {
                /** @description free-form fields, as the gateway sends them */
                fields?: {
                    [key: string]: string | string[];
                };
            };
            header?: never;
            path: {
                gateway: "khalti" | "esewa" | "ikhokha" | "stripe" | "paypal" | "razorpay";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    [key: string]: string | string[];
                };
            };
        };
        responses: {
            /** @description the verified outcome, as the shopper's browser needs it (order id, statuses, amount); the whole checkout is at `GET /checkouts/:orderId` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        cancelReason?: string;
                        checkoutStatus: string;
                        gateway: string;
                        links: {
                            self: string;
                        };
                        orderId: string;
                        orderStatus: string;
                        pointsAwarded?: number;
                        refundedToWallet?: {
                            amountMinor: number;
                            currency: string;
                        };
                        transactionId?: string;
                    };
                };
            };
            /** @description with a storefront (STOREFRONT_RETURN_URL, or the one `npm start` serves), to a browser that asks for HTML: to the storefront, with `orderId` and `status` */
            303: {
                headers: {
                    /** @description the storefront */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no payment known for these fields */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/x-www-form-urlencoded */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getProducts: {
        parameters: {
            query?: {
                currency?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the currency and the products sold in it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        currencies: string[];
                        currency: string;
                        items: {
                            available: number;
                            currency: string;
                            name: string;
                            priceMinor: number;
                            sku: string;
                        }[];
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a currency the shop does not sell in (`checkout.unsupported_currency`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postQuotes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currency?: string;
                    /** @enum {string} */
                    delivery?: "standard" | "express" | "pickup";
                    items: {
                        quantity: number;
                        sku: string;
                    }[];
                    pointsToRedeem?: number;
                };
            };
        };
        responses: {
            /** @description the quote */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        delivery: {
                            amountMinor: number;
                            currency: string;
                        };
                        deliveryOption: string;
                        deliveryZone: string;
                        discount: {
                            amountMinor: number;
                            currency: string;
                        };
                        lines: {
                            lineTotal: {
                                amountMinor: number;
                                currency: string;
                            };
                            name: string;
                            quantity: number;
                            sku: string;
                            unitPrice: {
                                amountMinor: number;
                                currency: string;
                            };
                        }[];
                        pointsRedeemed: number;
                        subtotal: {
                            amountMinor: number;
                            currency: string;
                        };
                        tax: {
                            amountMinor: number;
                            currency: string;
                        };
                        total: {
                            amountMinor: number;
                            currency: string;
                        };
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description an unknown SKU, a product not sold in the currency, a currency the shop does not sell in, or points the shopper cannot redeem */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWallet: {
        parameters: {
            query?: {
                currency?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the balance */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        balance: {
                            amountMinor: number;
                            currency: string;
                        };
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a currency the shop does not sell in (`wallet.unsupported_currency`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWalletEntries: {
        parameters: {
            query?: {
                currency?: string;
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page: `items` and the `nextCursor`, if any */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            amountMinor: number;
                            /** @description ISO-8601 */
                            createdAt: string;
                            currency: string;
                            id: string;
                            kind: string;
                            orderId?: string;
                            reason: string;
                            refundId?: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a currency the shop does not sell in */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWalletTopUps: {
        parameters: {
            query?: never;
            header?: {
                /** @description makes a retry return the first answer */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amountMinor: number;
                    currency?: string;
                    /** @enum {string} */
                    gateway: "khalti" | "esewa" | "ikhokha" | "stripe" | "paypal" | "razorpay";
                };
            };
        };
        responses: {
            /** @description the top-up and its payment action */
            201: {
                headers: {
                    /** @description the top-up */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                        };
                        /** @description ISO-8601 */
                        createdAt?: string;
                        credited?: {
                            amountMinor: number;
                            currency: string;
                        };
                        /** @description ISO-8601 */
                        creditedAt?: string;
                        /** @description ISO-8601 */
                        expiresAt?: string;
                        failureReason?: string;
                        gateway: string;
                        links: {
                            self: string;
                        };
                        paymentAction?: {
                            /** @constant */
                            type: "redirect";
                            url: string;
                        } | {
                            fields: {
                                [key: string]: string;
                            };
                            /** @constant */
                            type: "form_post";
                            url: string;
                        } | {
                            /** @description ISO-8601 */
                            approveBy: string;
                            method: string;
                            reference: string;
                            text: string;
                            /** @constant */
                            type: "instructions";
                        };
                        redirectUrl?: string;
                        status: string;
                        topUpId: string;
                    };
                };
            };
            /** @description the top-up, still waiting for its payment action */
            202: {
                headers: {
                    /** @description the top-up */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                        };
                        /** @description ISO-8601 */
                        createdAt?: string;
                        credited?: {
                            amountMinor: number;
                            currency: string;
                        };
                        /** @description ISO-8601 */
                        creditedAt?: string;
                        /** @description ISO-8601 */
                        expiresAt?: string;
                        failureReason?: string;
                        gateway: string;
                        links: {
                            self: string;
                        };
                        paymentAction?: {
                            /** @constant */
                            type: "redirect";
                            url: string;
                        } | {
                            fields: {
                                [key: string]: string;
                            };
                            /** @constant */
                            type: "form_post";
                            url: string;
                        } | {
                            /** @description ISO-8601 */
                            approveBy: string;
                            method: string;
                            reference: string;
                            text: string;
                            /** @constant */
                            type: "instructions";
                        };
                        redirectUrl?: string;
                        status: string;
                        topUpId: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description a request with this Idempotency-Key still running, or one that stopped without an answer */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description an invalid amount, a gateway that is off, a currency the shop does not sell in (`wallet.unsupported_currency`), or one the gateway does not take (`wallet.currency_not_accepted`, naming the currencies it takes); nothing is created */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the gateway refused to create the payment */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWalletTopUpsTopUpId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                topUpId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the top-up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                        };
                        /** @description ISO-8601 */
                        createdAt?: string;
                        credited?: {
                            amountMinor: number;
                            currency: string;
                        };
                        /** @description ISO-8601 */
                        creditedAt?: string;
                        /** @description ISO-8601 */
                        expiresAt?: string;
                        failureReason?: string;
                        gateway: string;
                        links: {
                            self: string;
                        };
                        paymentAction?: {
                            /** @constant */
                            type: "redirect";
                            url: string;
                        } | {
                            fields: {
                                [key: string]: string;
                            };
                            /** @constant */
                            type: "form_post";
                            url: string;
                        } | {
                            /** @description ISO-8601 */
                            approveBy: string;
                            method: string;
                            reference: string;
                            text: string;
                            /** @constant */
                            type: "instructions";
                        };
                        redirectUrl?: string;
                        status: string;
                        topUpId: string;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or an invalid or expired one */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the token's role may not use this route (it needs a shopper token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such top-up, or another shopper's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWalletTopUpsPaymentsGatewayReturn: {
        parameters: {
            query?: {
                /** @description free-form fields, as the gateway sends them */
                fields?: {
                    [key: string]: string | string[];
                };
            };
            header?: never;
            path: {
                gateway: "khalti" | "esewa" | "ikhokha" | "stripe" | "paypal" | "razorpay";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the verified outcome: the top-up as it is now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                        };
                        /** @description ISO-8601 */
                        createdAt?: string;
                        credited?: {
                            amountMinor: number;
                            currency: string;
                        };
                        /** @description ISO-8601 */
                        creditedAt?: string;
                        /** @description ISO-8601 */
                        expiresAt?: string;
                        failureReason?: string;
                        gateway: string;
                        links: {
                            self: string;
                        };
                        paymentAction?: {
                            /** @constant */
                            type: "redirect";
                            url: string;
                        } | {
                            fields: {
                                [key: string]: string;
                            };
                            /** @constant */
                            type: "form_post";
                            url: string;
                        } | {
                            /** @description ISO-8601 */
                            approveBy: string;
                            method: string;
                            reference: string;
                            text: string;
                            /** @constant */
                            type: "instructions";
                        };
                        redirectUrl?: string;
                        status: string;
                        topUpId: string;
                    };
                };
            };
            /** @description with a storefront, to a browser that asks for HTML: to the storefront, with `topUpId` and `status` */
            303: {
                headers: {
                    /** @description the storefront */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no payment known for these fields */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWalletTopUpsPaymentsGatewayReturn: {
        parameters: {
            query?: {
                /** @description free-form fields, as the gateway sends them */
                fields?: {
                    [key: string]: string | string[];
                };
            };
            header?: never;
            path: {
                gateway: "khalti" | "esewa" | "ikhokha" | "stripe" | "paypal" | "razorpay";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    [key: string]: string | string[];
                };
            };
        };
        responses: {
            /** @description the verified outcome: the top-up as it is now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: {
                            amountMinor: number;
                            currency: string;
                        };
                        attention?: {
                            code: string;
                        };
                        /** @description ISO-8601 */
                        createdAt?: string;
                        credited?: {
                            amountMinor: number;
                            currency: string;
                        };
                        /** @description ISO-8601 */
                        creditedAt?: string;
                        /** @description ISO-8601 */
                        expiresAt?: string;
                        failureReason?: string;
                        gateway: string;
                        links: {
                            self: string;
                        };
                        paymentAction?: {
                            /** @constant */
                            type: "redirect";
                            url: string;
                        } | {
                            fields: {
                                [key: string]: string;
                            };
                            /** @constant */
                            type: "form_post";
                            url: string;
                        } | {
                            /** @description ISO-8601 */
                            approveBy: string;
                            method: string;
                            reference: string;
                            text: string;
                            /** @constant */
                            type: "instructions";
                        };
                        redirectUrl?: string;
                        status: string;
                        topUpId: string;
                    };
                };
            };
            /** @description with a storefront, to a browser that asks for HTML: to the storefront, with `topUpId` and `status` */
            303: {
                headers: {
                    /** @description the storefront */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no payment known for these fields */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not application/x-www-form-urlencoded */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWebhooksGateway: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                gateway: "khalti" | "esewa" | "ikhokha" | "stripe" | "paypal" | "razorpay";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "*/*": unknown;
            };
        };
        responses: {
            /** @description received: signalled, a duplicate, or for no known payment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        outcome: unknown;
                        /** @constant */
                        received: true;
                    };
                };
            };
            /** @description the request is malformed; `errors` names each invalid field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the signature does not verify */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description this gateway sends no webhooks */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description the body is not *\/* */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too many requests from this client; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description recorded but not yet handed to its saga; the gateway should retry */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description any other failure, as problem+json */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
