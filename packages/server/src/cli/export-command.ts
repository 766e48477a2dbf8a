import fs from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { systemActor } from '../auth/actor.js';
import { exportResponses, type TExportFormat } from '../responses/response-export.js';
import { action, withDatabaseOption, withServices, type TCliIo } from './cli-context.js';
import { resolveOrganizationId } from './org-option.js';
import { resolveSurveyId } from './survey-option.js';

interface TExportOptions {
  survey: string;
  org?: string;
  format: string;
  out?: string;
  database?: string;
}

const FORMATS: readonly TExportFormat[] = ['csv', 'ndjson'];

/** Standard output as a stream: the process's own (with backpressure), else the io's `out`. */
function standardOutput(io: TCliIo): NodeJS.WritableStream {
  if (io.stdout) return io.stdout;
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      io.out(String(chunk));
      callback();
    },
  });
}

/**
 * `touchstone export responses --survey X [--format csv|ndjson] [--out FILE]`: a survey's
 * responses, every version, streamed page by page (the API's export) to a file or stdout.
 */
export function registerExportCommand(program: Command, io: TCliIo): void {
  const command = program.command('export').description('export survey responses');
  withDatabaseOption(
    command
      .command('responses')
      .description(
        "export a survey's responses as CSV (a column per question and matrix item, formula " +
          'cells neutralised) or NDJSON, streamed; an export imports back with `import responses`',
      )
      .requiredOption('--survey <id or slug>', 'the survey')
      .option('--org <slug>', 'organization (default: the only one)')
      .option('--format <format>', 'csv or ndjson', 'csv')
      .option('--out <file>', 'write to this file (default: standard output)'),
  ).action(
    action(io, async (options: TExportOptions) => {
      const format = FORMATS.find((f) => f === options.format);
      if (format === undefined) {
        throw new Error(`--format must be csv or ndjson, not "${options.format}"`);
      }
      await withServices(options, async (services) => {
        const { storage } = services;
        const orgId = await resolveOrganizationId(storage.db, options.org);
        const surveyId = await resolveSurveyId(storage.db, orgId, options.survey);
        const ctx = { storage, actor: systemActor(orgId, 'cli'), services };
        const started = performance.now();
        const { stream } = await exportResponses(ctx, surveyId, format);
        if (options.out === undefined) {
          // The process's stdout must stay open after the export: pipeline would end it.
          await pipeline(stream, standardOutput(io), { end: io.stdout === undefined });
          return;
        }
        await pipeline(stream, fs.createWriteStream(options.out));
        const bytes = fs.statSync(options.out).size;
        const seconds = (performance.now() - started) / 1000;
        io.out(`${options.out}: ${bytes} bytes of ${format} in ${seconds.toFixed(1)} s\n`);
      });
    }),
  );
}
