import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { generateDemo } from '../demo/demo.service.js';
import { buildApp } from '../http/app.js';
import { startJobWorker } from '../jobs/server-worker.js';
import { openStorage } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import { action, withDatabaseOption, type TCliIo } from './cli-context.js';

/** The built dashboard, next to this package in the workspace. */
export const DEFAULT_WEB_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist',
);

interface TServeOptions {
  port?: string;
  host?: string;
  database?: string;
  demo?: boolean;
  webRoot?: string;
}

/** `touchstone serve`: migrates, optionally seeds the demo organization, and serves API and dashboard. */
export function registerServeCommand(program: Command, io: TCliIo): void {
  withDatabaseOption(
    program
      .command('serve')
      .description('start the server (API at /api, dashboard at /)')
      .option('--port <port>', 'port to listen on (default: PORT or 3000)')
      .option('--host <host>', 'address to bind (default: HOST or 127.0.0.1)')
      .option('--demo', 'create the demo organization first when the database has none')
      .option('--web-root <dir>', 'folder of the built dashboard', DEFAULT_WEB_ROOT),
  ).action(
    action(io, async (options: TServeOptions) => {
      const config = loadConfig({
        ...(options.database !== undefined && { databaseUrl: options.database }),
        ...(options.host !== undefined && { host: options.host }),
        ...(options.port !== undefined && { port: Number(options.port) }),
        webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
      });
      const storage = await openStorage(config.databaseUrl);
      await migrateToLatest(storage.db);
      let login: string | null = null;
      if (options.demo === true) {
        const existing = await storage.db
          .selectFrom('organizations')
          .select('id')
          .limit(1)
          .execute();
        if (existing.length === 0) {
          io.err('creating the demo organization (first start only) ...\n');
          const demo = await generateDemo(storage, {});
          login = `${demo.email} / ${demo.password}`;
        } else {
          login =
            'demo@touchstone.local / touchstone-demo (if the demo organization was created here)';
        }
      }
      const app = await buildApp({ storage, config });
      const address = await app.listen({ port: config.port, host: config.host });
      // E-mails and other background work run from the jobs table, beside the HTTP server.
      const jobs = startJobWorker(storage, config, app.log);
      io.out(`Touchstone is running at ${address.replace('127.0.0.1', 'localhost')}\n`);
      io.out(`  API docs: ${address}/api/docs\n`);
      if (login !== null) io.out(`  sign in:  ${login}\n`);
      const stop = () => {
        void jobs
          .stop()
          .then(() => app.close())
          .then(() => storage.close());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }),
  );
}
