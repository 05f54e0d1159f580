/**
 * Plumbing shared by the local gateway sandboxes: reading requests and writing answers, the hosted
 * page template, test controls, webhook deliveries, mounting under a path prefix and listening on a
 * port of their own. Everything that imitates a particular gateway's wire format stays in that
 * gateway's `sandbox/` folder.
 */
export * from './controls.js';
export * from './http.js';
export * from './pages.js';
export * from './routes.js';
export * from './server.js';
export * from './state.js';
export * from './webhooks.js';
