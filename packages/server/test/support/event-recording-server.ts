/**
 * The real server, built as `touchstone serve` builds it, with one more durable event subscriber
 * that records every event it is handed in a file. The outbox's durability test runs it as a
 * child process (through tsx's loader) and kills it with SIGKILL:
 *
 *   node --import tsx packages/server/test/support/event-recording-server.ts \
 *     --database <sqlite file> --port <port> --record <file> [--delay-ms-per-event <ms>]
 */
import { parseArgs } from 'node:util';
import { createServices } from '../../src/composition/create-services.js';
import { ZConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { FILE_RECORDER, fileRecorder } from './event-recorders.js';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    port: { type: 'string' },
    record: { type: 'string' },
    'delay-ms-per-event': { type: 'string', default: '0' },
  },
});
if (values.database === undefined || values.port === undefined || values.record === undefined) {
  throw new Error(
    'usage: --database <file> --port <port> --record <file> [--delay-ms-per-event <ms>]',
  );
}

const config = ZConfig.parse({
  databaseUrl: values.database,
  port: values.port,
  logLevel: 'warn',
});
const recorder = fileRecorder(FILE_RECORDER, values.record, Number(values['delay-ms-per-event']));
const services = await createServices(config, { subscribers: [recorder], eventPollMs: 100 });
const app = await buildApp({ services });
await services.start({ log: app.log });
await app.listen({ port: config.port, host: config.host });

process.once('SIGTERM', () => {
  void app.close().then(() => services.close());
});
