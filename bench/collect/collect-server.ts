/**
 * The server under submission load, in its own process: the benchmark database, rate limits
 * raised through the config (the defaults would refuse a load test from one address), port 0.
 * Arguments: database URL, then the PostgreSQL schema (or "-"), then optionally `act`: run the
 * job worker too (webhook deliveries, case SLA jobs) and allow webhooks to loopback receivers.
 */
import { createServices } from '../../packages/server/src/composition/create-services.js';
import { ZConfig } from '../../packages/server/src/config.js';
import { buildApp } from '../../packages/server/src/http/app.js';
import { openStorage } from '../../packages/server/src/storage/database.js';
import { englishNlp } from '../../packages/server/src/text/english-nlp.js';
import { limitHeapGrowth } from '../../packages/server/src/composition/heap-growth.js';

const [url, schema, mode] = process.argv.slice(2);
const act = mode === 'act';
if (url === undefined || process.send === undefined) {
  throw new Error('usage: forked with an IPC channel, arguments <database-url> [schema]');
}
const storage = await openStorage(
  url,
  schema === undefined || schema === '-' ? {} : { pgSchema: schema, pgPoolSize: 12 },
);
const config = ZConfig.parse({
  databaseUrl: url,
  logLevel: 'silent',
  publicRateLimit: 1_000_000_000,
  surveyRateLimit: 1_000_000_000,
  ...(act && { webhookAllowPrivateTargets: 'loopback' }),
  // As the server reads it, so that the soak can compare V8's own growth (0) with the default.
  heapGrowthPercent: process.env['HEAP_GROWTH_PERCENT'],
});
// As `touchstone serve` does, before the services allocate.
limitHeapGrowth(config.heapGrowthPercent);
const services = await createServices(config, { storage });
const app = await buildApp({ services, logger: false });
// As `touchstone serve` does: the language model is loaded before the first comment arrives.
englishNlp();
await services.start({ log: app.log, jobs: act });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.send({ address });
process.on('disconnect', () => {
  void app
    .close()
    .then(() => services.close())
    .then(() => storage.close());
});
