import type { Command } from 'commander';
import { ZodError, prettifyError } from 'zod';
import { AppError } from '@touchstone/core';
import { createServices, type TProcessServices } from '../composition/create-services.js';
import { loadConfig } from '../config.js';

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

/**
 * Builds the process's services on the configured database (opened and migrated), runs the
 * work, and always closes them. Commands deliver no events: the server's subscribers pick up
 * what a command wrote from the outbox.
 */
export async function withServices<T>(
  options: { database?: string },
  work: (services: TProcessServices) => Promise<T>,
): Promise<T> {
  const config = loadConfig(
    options.database === undefined ? {} : { databaseUrl: options.database },
  );
  const services = await createServices(config);
  try {
    return await work(services);
  } finally {
    await services.close();
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
