/**
 * The server under load, in its own process so that the load generator does not share its event
 * loop: opens the benchmark database, listens on 127.0.0.1 port 0, and reports the port.
 * Arguments: database URL, then the PostgreSQL schema (or "-").
 */
import { createServices } from '../packages/server/src/composition/create-services.js';
import { ZConfig } from '../packages/server/src/config.js';
import { buildApp } from '../packages/server/src/http/app.js';
import { openStorage } from '../packages/server/src/storage/database.js';

const [url, schema] = process.argv.slice(2);
if (url === undefined || process.send === undefined) {
  throw new Error('usage: forked with an IPC channel, arguments <database-url> [schema]');
}
const storage = await openStorage(
  url,
  schema === undefined || schema === '-' ? {} : { pgSchema: schema },
);
const services = await createServices(ZConfig.parse({ databaseUrl: url, logLevel: 'silent' }), {
  storage,
});
const app = await buildApp({ services, logger: false });
await services.start({ log: app.log });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.send({ address });
process.on('disconnect', () => {
  void app
    .close()
    .then(() => services.close())
    .then(() => storage.close());
});
