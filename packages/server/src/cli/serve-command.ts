import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createServices } from '../composition/create-services.js';
import { loadConfig, type TConfig } from '../config.js';
import { generateDemo } from '../demo/demo.service.js';
import { buildApp } from '../http/app.js';
import { anyOrganization } from '../organizations/organizations.repository.js';
import { action, withDatabaseOption, type TCliIo } from './cli-context.js';
import { englishNlp } from '../text/english-nlp.js';
import { limitHeapGrowth } from '../composition/heap-growth.js';

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
      limitHeapGrowth(config.heapGrowthPercent);
      const services = await createServices(config);
      const { storage } = services;
      let login: string | null = null;
      if (options.demo === true) {
        if (!(await anyOrganization(storage.db))) {
          io.err('creating the demo organization (first start only) ...\n');
          const demo = await generateDemo(services, {});
          login = `${demo.email} / ${demo.password}`;
        } else {
          login =
            'demo@touchstone.local / touchstone-demo (if the demo organization was created here)';
        }
      }
      const app = await buildApp({ services });
      // The comment analysis's language model takes most of a second to load; loaded here, the
      // first comments to arrive do not hold every other request while it loads.
      englishNlp();
      // Subscribers and e-mail and other background work (from the jobs table) run beside
      // the HTTP server.
      await services.start({ log: app.log, jobs: true });
      const address = await app.listen({ port: config.port, host: config.host });
      io.out(serveBanner({ address, login, config }));
      const stop = () => {
        void app.close().then(() => services.close());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }),
  );
}

/**
 * What a person needs after `npm start`: where to open it, how to sign in, where the data is,
 * how to choose the port and how to see more logs. The first line is what scripts wait for.
 */
export function serveBanner({
  address,
  login,
  config,
}: {
  address: string;
  login: string | null;
  config: Pick<TConfig, 'databaseUrl' | 'logLevel' | 'logFormat'>;
}): string {
  const url = address.replace('127.0.0.1', 'localhost');
  const lines = [
    `Touchstone is running at ${url}`,
    ...(login === null ? [] : [`  sign in:   ${login}`]),
    `  API docs:  ${url}/api/docs`,
    `  data:      ${describeDatabase(config.databaseUrl)}`,
    '  port:      PORT=8080 npm start (or touchstone serve --port 8080)',
    config.logLevel === 'info' && config.logFormat === 'json'
      ? '  logs:      every request as JSON (LOG_LEVEL=info, LOG_FORMAT=json)'
      : `  logs:      ${config.logLevel} and above here; LOG_LEVEL=info LOG_FORMAT=json logs every request as JSON`,
    '  stop:      Ctrl+C',
  ];
  return `${lines.join('\n')}\n`;
}

/** The database as a person finds it: the SQLite file's full path, or the PostgreSQL server. */
function describeDatabase(databaseUrl: string): string {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.host}${url.pathname} (DATABASE_URL)`;
  }
  if (databaseUrl === ':memory:') return 'in memory (gone when the server stops)';
  return `SQLite file ${path.resolve(databaseUrl)} (DATABASE_URL or --database to change)`;
}
