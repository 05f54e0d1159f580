import { sqlMigration } from './sql-migration.js';

/** Operator switches per gateway (a kill switch for new checkouts), each change with who and why. */
export const Migration0006Operations = sqlMigration({
  up: [
    `
      create table gateway_switches (
        gateway varchar(32) primary key,
        enabled boolean not null,
        changed_by varchar(128) not null,
        reason varchar(200) not null,
        changed_at timestamptz not null
      );`,
    `create index payments_created_idx on payments (created_at, id);`,
  ],

  down: [`drop index if exists payments_created_idx;`, `drop table if exists gateway_switches;`],
});
