import type { Command } from 'commander';
import { ZodError, prettifyError } from 'zod';
import { AppError } from '@touchstone/core';
import { loadConfig, type TConfig } from '../config.js';
import { openStorage, type TStorage } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';

/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface TCliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stderr is a terminal (progress bars only then). */
  interactive: boolean;
  /** Where long output streams with backpressure (an export); absent, it goes through `out`. */
  stdout?: NodeJS.WritableStream;
}

export const processIo: TCliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
  stdout: process.stdout,
};

/** Adds the `--database` option every command that touches storage shares. */
export function withDatabaseOption(command: Command): Command {
  return command.option(
    '--database <url>',
    'SQLite file path or postgres:// URL (default: DATABASE_URL or ./data/touchstone.db)',
  );
}

/** Opens and migrates the configured database, runs the work, and always closes it. */
export async function withStorage<T>(
  options: { database?: string },
  work: (storage: TStorage, config: TConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig(
    options.database === undefined ? {} : { databaseUrl: options.database },
  );
  const storage = await openStorage(config.databaseUrl);
  try {
    await migrateToLatest(storage.db);
    return await work(storage, config);
  } finally {
    await storage.close();
  }
}

/** Runs a command action; a failure becomes one line on stderr and exit code 1. */
export function action<A extends unknown[]>(
  io: TCliIo,
  run: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      io.err(`error: ${describeError(error)}\n`);
      process.exitCode = 1;
    }
  };
}

/** One readable line (or a few) for an error, naming the fields at fault. */
export function describeError(error: unknown): string {
  if (error instanceof ZodError) return prettifyError(error).replace(/\n/g, '; ');
  if (error instanceof AppError && error.details && error.details.length > 0) {
    const [only] = error.details;
    // invalidField's message already names its one field.
    if (error.details.length === 1 && error.message === `${only?.field}: ${only?.message}`) {
      return error.message;
    }
    return `${error.message} (${error.details.map((d) => `${d.field}: ${d.message}`).join('; ')})`;
  }
  return error instanceof Error ? error.message : String(error);
}
