import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import {
  IMPORT_ACTIONS,
  IMPORT_FORMATS,
  ZImportActions,
  ZImportFormat,
  type TImportActions,
  type TImportFormat,
  type TImportResult,
} from '@touchstone/core';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { systemActor } from '../auth/actor.js';
import {
  importCustomers,
  importInteractions,
  type TImportProgress,
} from '../imports/imports.service.js';
import { parseImportId } from '../imports/import-tracking.js';
import { parseColumnMapping } from '../responses/column-mapping.js';
import type { TColumnMapping } from '../responses/import-columns.js';
import { importResponses } from '../responses/response-import.js';
import { action, withDatabaseOption, withServices, type TCliIo } from './cli-context.js';
import { resolveOrganizationId } from './org-option.js';
import { resolveSurveyId } from './survey-option.js';

const IMPORT_ID_HELP =
  'resume the import of this id (letters, digits, . _ : -): rows it did are passed over';

/** Errors listed on stderr; the rest are counted. */
const LISTED_ERRORS = 20;
/** Large reads: fewer, bigger chunks through the parser. */
const READ_CHUNK = 1 << 20;

const EXTENSIONS: Record<string, TImportFormat> = {
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

interface TImportOptions {
  org?: string;
  format?: string;
  database?: string;
  importId?: string;
}

interface TResponseImportOptions extends TImportOptions {
  survey: string;
  actions?: string;
  mapping?: string;
  map: string[];
}

function formatOf(file: string, given: string | undefined): TImportFormat {
  if (given !== undefined) {
    const parsed = ZImportFormat.safeParse(given);
    if (!parsed.success) {
      throw new Error(`--format must be ${IMPORT_FORMATS.join(' or ')}, not "${given}"`);
    }
    return parsed.data;
  }
  const format = EXTENSIONS[path.extname(file).toLowerCase()];
  if (format === undefined) {
    throw new Error(
      `cannot tell the format of ${file} from its extension: pass --format csv|ndjson`,
    );
  }
  return format;
}

/** A progress bar over the file's bytes on stderr, drawn only when stderr is a terminal. */
function progressBar(io: TCliIo, totalBytes: number) {
  if (!io.interactive) return { update: () => undefined, stop: () => undefined };
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      io.err(String(chunk));
      callback();
    },
  });
  Object.assign(stream, { isTTY: true, columns: process.stderr.columns });
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'importing [{bar}] {percentage}% | {rows} rows, {failed} failed',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(totalBytes, 1), 0, { rows: 0, failed: 0 });
  return {
    update: (p: TImportProgress) => bar.update(p.bytes, { rows: p.rows, failed: p.failed }),
    stop: () => bar.stop(),
  };
}

function report(io: TCliIo, file: string, result: TImportResult, seconds: number): void {
  const rate = result.rows / Math.max(seconds, 1e-9);
  io.out(
    `${path.basename(file)}: ${result.rows} row${result.rows === 1 ? '' : 's'}, ` +
      (result.skipped > 0 ? `${result.skipped} done before, ` : '') +
      `${result.created} created, ` +
      `${result.updated} updated, ` +
      (result.unchanged > 0 ? `${result.unchanged} already stored, ` : '') +
      `${result.failed} failed in ${seconds.toFixed(1)} s ` +
      `(${Math.round(rate)} rows/s)\n`,
  );
  for (const e of result.errors.slice(0, LISTED_ERRORS)) {
    io.err(`row ${e.row}, ${e.field}: ${e.reason}\n`);
  }
  if (result.failed > LISTED_ERRORS) io.err(`... and ${result.failed - LISTED_ERRORS} more\n`);
}

function importAction(io: TCliIo, entity: 'customers' | 'interactions') {
  return action(io, async (file: string, options: TImportOptions) => {
    const format = formatOf(file, options.format);
    // Fails early, with the operating system's reason, on a missing or unreadable file.
    const handle = await fs.promises.open(file, 'r');
    const size = (await handle.stat()).size;
    await withServices(options, async (services) => {
      const { storage } = services;
      const orgId = await resolveOrganizationId(storage.db, options.org);
      const ctx = { storage, actor: systemActor(orgId, 'cli'), services };
      const source = handle.createReadStream({ highWaterMark: READ_CHUNK, autoClose: false });
      const bar = progressBar(io, size);
      const started = performance.now();
      const run = entity === 'customers' ? importCustomers : importInteractions;
      const importId = parseImportId(options.importId, '--import-id');
      const result = await run(ctx, source, format, (p) => bar.update(p), { importId }).finally(
        () => bar.stop(),
      );
      report(io, file, result, (performance.now() - started) / 1000);
      // Nothing stored from a file that had rows: scripts should notice.
      if (result.rows > 0 && result.created + result.updated === 0) process.exitCode = 1;
    }).finally(() => handle.close());
  });
}

/**
 * The column mapping of `import responses`: a JSON file (`--mapping`, the shape of the API's
 * `?mapping=`), then each `--map column=target` over it.
 */
function responseMapping(options: TResponseImportOptions): {
  columns: TColumnMapping;
  field: string;
} {
  const columns: TColumnMapping =
    options.mapping === undefined
      ? {}
      : parseColumnMapping(fs.readFileSync(options.mapping, 'utf8'), '--mapping');
  for (const pair of options.map) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new Error(`--map takes column=target (target empty to ignore it), not "${pair}"`);
    columns[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { columns, field: options.map.length > 0 ? '--map' : '--mapping' };
}

/** `--actions run|skip`, or undefined when not given. */
function actionsOf(given: string | undefined): TImportActions | undefined {
  if (given === undefined) return undefined;
  const parsed = ZImportActions.safeParse(given);
  if (!parsed.success) {
    throw new Error(`--actions must be ${IMPORT_ACTIONS.join(' or ')}, not "${given}"`);
  }
  return parsed.data;
}

function importResponsesAction(io: TCliIo) {
  return action(io, async (file: string, options: TResponseImportOptions) => {
    const format = formatOf(file, options.format);
    const mapping = responseMapping(options);
    const importId = parseImportId(options.importId, '--import-id');
    const actions = actionsOf(options.actions);
    const handle = await fs.promises.open(file, 'r');
    const size = (await handle.stat()).size;
    await withServices(options, async (services) => {
      const { storage } = services;
      const orgId = await resolveOrganizationId(storage.db, options.org);
      const surveyId = await resolveSurveyId(storage.db, orgId, options.survey);
      const ctx = { storage, actor: systemActor(orgId, 'cli'), services };
      const source = handle.createReadStream({ highWaterMark: READ_CHUNK, autoClose: false });
      const bar = progressBar(io, size);
      const started = performance.now();
      const result = await importResponses(
        ctx,
        surveyId,
        () => ({ source, format, mapping, importId, ...(actions && { actions }) }),
        (p) => bar.update(p),
      ).finally(() => bar.stop());
      report(io, file, result, (performance.now() - started) / 1000);
      if (result.rows > 0 && result.created === 0) process.exitCode = 1;
    }).finally(() => handle.close());
  });
}

/** `touchstone import customers|interactions|responses FILE`: bulk import from CSV or NDJSON. */
export function registerImportCommand(program: Command, io: TCliIo): void {
  const command = program
    .command('import')
    .description('import customers, interactions or survey responses from a CSV or NDJSON file');
  for (const entity of ['customers', 'interactions'] as const) {
    withDatabaseOption(
      command
        .command(`${entity} <file>`)
        .description(
          `import ${entity} (upsert by external id); rows that fail are listed and not stored`,
        )
        .option('--org <slug>', 'organization (default: the only one)')
        .option('--format <format>', 'csv or ndjson (default: from the file extension)')
        .option('--import-id <id>', IMPORT_ID_HELP),
    ).action(importAction(io, entity));
  }
  withDatabaseOption(
    command
      .command('responses <file>')
      .description(
        "import a survey's responses (history from another tool) to its current version; " +
          'rows that fail are listed and not stored',
      )
      .requiredOption('--survey <id or slug>', 'the survey the responses answer')
      .option('--org <slug>', 'organization (default: the only one)')
      .option('--format <format>', 'csv or ndjson (default: from the file extension)')
      .option('--import-id <id>', IMPORT_ID_HELP)
      .option(
        '--actions <run|skip>',
        "run: the responses take rules' actions (open cases, notify), queued as jobs for the " +
          "server's worker; skip (default): imported history takes none",
      )
      .option(
        '--mapping <file>',
        'JSON file of file column -> target (question id, question.item, hidden.<key>, submittedAt, customerExternalId, touchpointKey, language, idempotencyKey; "" ignores the column)',
      )
      .option(
        '--map <column=target>',
        'one column of the mapping (repeatable; over --mapping)',
        (pair: string, all: string[]) => [...all, pair],
        [] as string[],
      ),
  ).action(importResponsesAction(io));
}
