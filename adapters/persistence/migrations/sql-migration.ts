import { Migration } from '@mikro-orm/migrations';

/** The statements of a migration that is only SQL: `up` run in order to apply it, `down` to undo it. */
export interface SqlSteps {
  readonly up: readonly string[];
  readonly down: readonly string[];
}

/** A migration class that runs the given SQL statements, each one through `addSql`, in order. */
export function sqlMigration(steps: SqlSteps): new (...args: ConstructorParameters<typeof Migration>) => Migration {
  return class extends Migration {
    override async up(): Promise<void> {
      for (const statement of steps.up) this.addSql(statement);
    }

    override async down(): Promise<void> {
      for (const statement of steps.down) this.addSql(statement);
    }
  };
}
