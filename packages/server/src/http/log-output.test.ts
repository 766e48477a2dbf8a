import { describe, expect, it } from 'vitest';
import { createServices } from '../composition/create-services.js';
import { ZConfig } from '../config.js';
import { buildApp } from './app.js';
import { formatLogLine, loggerOptions } from './log-output.js';

describe('log output', () => {
  it('writes a pino line as a readable one, with the error stack below', () => {
    const line = JSON.stringify({
      level: 50,
      time: Date.parse('2026-12-07T12:04:31Z'),
      pid: 1,
      hostname: 'h',
      reqId: 'r-1',
      msg: 'delivery failed',
      attempt: 3,
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f (x.ts:1:1)' },
    });
    expect(formatLogLine(line)).toBe(
      '12:04:31 ERROR delivery failed (request=r-1 attempt=3)\n' +
        '    Error: boom\n' +
        '        at f (x.ts:1:1)\n',
    );
    expect(formatLogLine('not json')).toBe('not json\n');
  });

  it('keeps requests out of the default log and shows warnings in words', async () => {
    const config = ZConfig.parse({ databaseUrl: ':memory:' });
    expect([config.logLevel, config.logFormat]).toEqual(['warn', 'pretty']);
    const written: string[] = [];
    const services = await createServices(config);
    const app = await buildApp({
      services,
      logger: loggerOptions(config, { write: (text: string) => written.push(text) }),
    });
    try {
      await app.inject({ method: 'GET', url: '/health' });
      await app.inject({ method: 'GET', url: '/api/teams' });
      expect(written).toEqual([]);
      app.log.warn({ job: 'alerts.scan' }, 'retrying');
      expect(written).toHaveLength(1);
      expect(written[0]).toMatch(/^\d\d:\d\d:\d\d WARN retrying \(job=alerts\.scan\)\n$/);
    } finally {
      await app.close();
      await services.close();
    }
  });
});
