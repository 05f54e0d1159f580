import { Migration } from '@mikro-orm/migrations';

/** Idempotency keys of `POST` requests: the first response per (caller, key), replayed to every retry. */
export class Migration0004IdempotencyKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table idempotency_keys (
        caller varchar(128) not null,
        key varchar(255) not null,
        request_hash char(64) not null,
        status varchar(16) not null check (status in ('in_progress', 'done')),
        response_status integer,
        response_body jsonb,
        created_at timestamptz not null default now(),
        primary key (caller, key)
      );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists idempotency_keys;`);
  }
}
