/**
 * Idempotency keys whose request crashed: the claim holds a lease, renewed while the request
 * runs; once it expires, a repeat takes the key over (where the route is safe to run again) or is
 * told the first run was abandoned; while it is live, a repeat gets 409 as before. Real PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { pino } from 'pino';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotent, type IdempotencyScope } from '../../../adapters/http/idempotency.js';
import { problemMiddleware } from '../../../adapters/http/problem.js';
import { migrate, openDatabase } from '../../../adapters/persistence/database.js';
import { MikroOrmIdempotencyKeys } from '../../../adapters/persistence/mikro-orm-idempotency-keys.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { closeServer, listenOnLoopback } from '../../support/ports.js';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HASH = 'a'.repeat(64);

describe('idempotency key leases in PostgreSQL', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  let keys: MikroOrmIdempotencyKeys;
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(query, params);

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(database.url, { poolMax: 12 });
    await migrate(orm);
    keys = new MikroOrmIdempotencyKeys(orm);
  });

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  it('keeps a live claim from a repeat, and lets exactly one of many repeats take over an expired one', async () => {
    const first = await keys.claim('c1', 'key-expired', HASH, { leaseMs: 300, takeOver: true });
    expect(first).toMatchObject({ outcome: 'claimed', takenOver: false });
    expect(await keys.claim('c1', 'key-expired', HASH, { leaseMs: 300, takeOver: true })).toEqual({ outcome: 'in_progress' });
    await sleep(400);
    expect(await keys.claim('c1', 'key-expired', HASH, { leaseMs: 300, takeOver: false })).toEqual({ outcome: 'abandoned' });
    // Another body under the key is still a mismatch, lease or not.
    expect(await keys.claim('c1', 'key-expired', 'b'.repeat(64), { leaseMs: 300, takeOver: true })).toEqual({ outcome: 'mismatch' });

    const repeats = await Promise.all(Array.from({ length: 10 }, () => keys.claim('c1', 'key-expired', HASH, { leaseMs: 5_000, takeOver: true })));
    const winners = repeats.filter((claim) => claim.outcome === 'claimed');
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ takenOver: true });
    expect(repeats.filter((claim) => claim.outcome !== 'claimed')).toEqual(Array.from({ length: 9 }, () => ({ outcome: 'in_progress' })));

    // The crashed run comes back to life: it can no longer settle the key the new run holds.
    if (first.outcome !== 'claimed' || winners[0]?.outcome !== 'claimed') throw new Error('unreachable');
    expect(await keys.complete(first.lease, 201, { from: 'first' })).toBe(false);
    await keys.release(first.lease);
    expect(await keys.claim('c1', 'key-expired', HASH, { leaseMs: 5_000, takeOver: true })).toEqual({ outcome: 'in_progress' });
    expect(await keys.complete(winners[0].lease, 201, { from: 'second' })).toBe(true);
    expect(await keys.claim('c1', 'key-expired', HASH, { leaseMs: 5_000, takeOver: true })).toEqual({ outcome: 'done', status: 201, body: { from: 'second' } });
  });

  it('keeps a renewed claim past its first lease', async () => {
    const claim = await keys.claim('c1', 'key-renewed', HASH, { leaseMs: 300, takeOver: true });
    if (claim.outcome !== 'claimed') throw new Error(`not claimed: ${claim.outcome}`);
    for (let i = 0; i < 4; i += 1) {
      await sleep(150);
      expect(await keys.renew(claim.lease, 300)).toBe(true);
    }
    expect(await keys.claim('c1', 'key-renewed', HASH, { leaseMs: 300, takeOver: true })).toEqual({ outcome: 'in_progress' });
  });

  it('frees a claim written before leases existed (no lease at all)', async () => {
    await sql(`insert into idempotency_keys (caller, key, request_hash, status, locked_until) values ('c1', 'key-legacy', ?, 'in_progress', null)`, [HASH]);
    expect(await keys.claim('c1', 'key-legacy', HASH, { leaseMs: 1_000, takeOver: true })).toMatchObject({ outcome: 'claimed', takenOver: true });
  });

  describe('through the middleware', () => {
    let server: Server;
    let url: string;
    let runs: number;
    let gate: Promise<void> = Promise.resolve();

    beforeAll(async () => {
      const app = new Koa();
      app.use(problemMiddleware(pino({ level: 'silent' })));
      const router = new Router();
      const work = async (ctx: Koa.Context) => {
        runs += 1;
        await gate;
        ctx.status = 201;
        ctx.body = { run: runs, takenOver: (ctx.state['idempotency'] as IdempotencyScope).takenOver };
      };
      router.post(
        '/safe',
        idempotent(keys, () => 'tester', { waitMs: 2_000, leaseMs: 300, onExpiredLease: 'take_over' }),
        work,
      );
      router.post(
        '/unsafe',
        idempotent(keys, () => 'tester', { waitMs: 300, leaseMs: 300 }),
        work,
      );
      app.use(router.routes());
      server = createServer(app.callback());
      url = await listenOnLoopback(server);
    });

    afterAll(async () => {
      await closeServer(server);
    });

    const post = (path: string, key: string) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: '{"a":1}' });
    const hashOf = (path: string) => createHash('sha256').update(`POST ${path}\n`).update('{"a":1}').digest('hex');
    const crashed = (path: string, key: string) =>
      sql(
        `insert into idempotency_keys (caller, key, request_hash, status, locked_until, lease_token) values ('tester', ?, ?, 'in_progress', now() - interval '1 second', 'crashed')`,
        [key, hashOf(path)],
      );

    it('runs a safe request again once the crashed one’s lease has expired', async () => {
      runs = 0;
      await crashed('/safe', 'mw-crashed-safe');
      const response = await post('/safe', 'mw-crashed-safe');
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ run: 1, takenOver: true });
      const replay = await post('/safe', 'mw-crashed-safe');
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(runs).toBe(1);
    });

    it('tells a repeat of an unsafe request that the first run was abandoned, without running it', async () => {
      runs = 0;
      await crashed('/unsafe', 'mw-crashed-unsafe');
      const response = await post('/unsafe', 'mw-crashed-unsafe');
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ code: 'request.abandoned', status: 409 });
      expect(runs).toBe(0);
    });

    it('answers 409 request.in_progress while the first run is alive, renewing its lease however long it takes', async () => {
      runs = 0;
      let open!: () => void;
      gate = new Promise<void>((resolve) => (open = resolve));
      const first = post('/unsafe', 'mw-slow-request');
      await sleep(100);
      // Three leases long: only renewal keeps the key.
      await sleep(900);
      const repeat = await post('/unsafe', 'mw-slow-request');
      expect(repeat.status).toBe(409);
      expect(await repeat.json()).toMatchObject({ code: 'request.in_progress' });
      open();
      expect((await first).status).toBe(201);
      gate = Promise.resolve();
      const replay = await post('/unsafe', 'mw-slow-request');
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(runs).toBe(1);
    });
  });
});

describe('POST /checkouts after a crash', () => {
  const { h, tokens } = useHarness({ shoppers: { shopper: 'cus_idem_crash' } });
  const api = apiClient(h);
  const body = JSON.stringify({ items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' });
  const hash = createHash('sha256').update('POST /checkouts\n').update(body).digest('hex');
  const start = (key: string) => api.post('/checkouts', body, tokens.shopper, { 'idempotency-key': key });
  const orders = async () => Number((await h.sql<{ n: string }>(`select count(*)::text as n from orders where customer_id = 'cus_idem_crash'`))[0]!.n);

  it('takes over a key whose request crashed before it did anything, and starts the checkout once', async () => {
    await h.sql(
      `insert into idempotency_keys (caller, key, request_hash, status, locked_until, lease_token) values ('shopper:cus_idem_crash', 'crashed-before-start', ?, 'in_progress', now() - interval '1 second', 'crashed')`,
      [hash],
    );
    const started = Date.now();
    const response = await start('crashed-before-start');
    expect(response.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(15_000);
    const created = (await response.json()) as { orderId: string; redirectUrl: string };
    expect(created.redirectUrl).toMatch(/pidx=/);
    expect(await orders()).toBe(1);
    const replay = await start('crashed-before-start');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { orderId: string }).orderId).toBe(created.orderId);
  });

  it('answers the checkout a crashed request had already started, instead of a second order', async () => {
    const first = await start('crashed-after-start');
    expect(first.status).toBe(201);
    const created = (await first.json()) as { orderId: string; redirectUrl: string };
    const before = await orders();
    // The process died after the saga started and before the answer was stored.
    await h.sql(
      `update idempotency_keys set status = 'in_progress', response_status = null, response_body = null, locked_until = now() - interval '1 second', lease_token = 'crashed'
       where caller = 'shopper:cus_idem_crash' and key = 'crashed-after-start'`,
    );
    const again = await start('crashed-after-start');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    const shown = (await again.json()) as { orderId: string; redirectUrl: string; checkoutStatus: string };
    expect(shown).toMatchObject({ orderId: created.orderId, redirectUrl: created.redirectUrl, checkoutStatus: 'awaiting_payment' });
    expect(await orders()).toBe(before);
  });
});
