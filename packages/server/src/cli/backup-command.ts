import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { backupDatabase, restoreDatabase } from '../storage/backup.js';
import { action, withDatabaseOption, type TCliIo } from './cli-context.js';

function databaseUrl(options: { database?: string }): string {
  return loadConfig(options.database === undefined ? {} : { databaseUrl: options.database })
    .databaseUrl;
}

/** `touchstone backup FILE` and `touchstone restore FILE`: the whole database, while it runs. */
export function registerBackupCommand(program: Command, io: TCliIo): void {
  withDatabaseOption(
    program
      .command('backup <file>')
      .description(
        'Copy the whole database into FILE while the server runs: SQLite with VACUUM INTO ' +
          '(a consistent snapshot, checked with integrity_check), PostgreSQL with pg_dump ' +
          '(custom format; needs the PostgreSQL client tools)',
      ),
  ).action(
    action(io, async (file: string, options: { database?: string }) => {
      const result = await backupDatabase(databaseUrl(options), file);
      io.out(
        `backed up to ${result.file}: ${(result.bytes / 2 ** 20).toFixed(1)} MB ` +
          `in ${(result.milliseconds / 1000).toFixed(1)} s\n`,
      );
    }),
  );

  withDatabaseOption(
    program
      .command('restore <file>')
      .description(
        'Restore a backup made by `touchstone backup`: SQLite into a new file (--force ' +
          'replaces an existing one; stop the server first), PostgreSQL with pg_restore into ' +
          'an empty database (--force drops the tables it holds first)',
      )
      .option('--force', 'replace an existing database', false),
  ).action(
    action(io, async (file: string, options: { database?: string; force: boolean }) => {
      const url = databaseUrl(options);
      await restoreDatabase(file, url, { force: options.force });
      io.out(`restored ${file}; start the server on this database to use it\n`);
    }),
  );
}
