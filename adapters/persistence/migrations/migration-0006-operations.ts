import { Migration } from '@mikro-orm/migrations';

/** Operator switches per gateway (a kill switch for new checkouts), each change with who and why. */
export class Migration0006Operations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table gateway_switches (
        gateway varchar(32) primary key,
        enabled boolean not null,
        changed_by varchar(128) not null,
        reason varchar(200) not null,
        changed_at timestamptz not null
      );`);
    this.addSql(`create index payments_created_idx on payments (created_at, id);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists payments_created_idx;`);
    this.addSql(`drop table if exists gateway_switches;`);
  }
}
