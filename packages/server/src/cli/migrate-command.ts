import type { Command } from 'commander';
import { action, withDatabaseOption, withServices, type TCliIo } from './cli-context.js';

/** `touchstone migrate`: brings the database schema to the latest version. */
export function registerMigrateCommand(program: Command, io: TCliIo): void {
  withDatabaseOption(
    program.command('migrate').description('apply pending database migrations and exit'),
  ).action(
    action(io, async (options: { database?: string }) => {
      // withServices migrates on open; report what the schema is now.
      await withServices(options, async ({ storage }) => {
        const rows = await storage.db
          .selectFrom('kysely_migration' as never)
          .select('name' as never)
          .execute();
        io.out(
          `database (${storage.dialect}) is at the latest schema: ${rows.length} migrations\n`,
        );
      });
    }),
  );
}
