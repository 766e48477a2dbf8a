// `touchstone analyze sentiment`: the comment analyser (sentiment, themes) over a CSV file.
import type { Command } from 'commander';
import { action, processIo, type TCliIo } from './cli-context.js';
import { CsvError, readCsvRecords } from '../csv/csv-parser.js';
import { findColumns } from './csv-cells.js';
import {
  BUILT_IN_THEMES,
  createCommentAnalyzer,
  discoverThemes,
  type TSentimentLabel,
  type TThemeRule,
} from '../text/index.js';

interface SentimentOptions {
  csv: string;
  text: string;
  themes: string;
  delimiter?: string;
  json?: boolean;
}

const THEME_MODES = ['both', 'builtin', 'discover'] as const;
type ThemeMode = (typeof THEME_MODES)[number];

/** One row of the output, in the order of the file. */
interface SentimentRow {
  row: number;
  score: number;
  label: TSentimentLabel;
  themes: string[];
  language: string;
  truncated: boolean;
}

/** Adds `sentiment` to the `analyze` command. */
export function registerAnalyzeSentimentCommand(analyze: Command, io: TCliIo = processIo): void {
  analyze
    .command('sentiment')
    .description(
      'Sentiment (-1 to 1, negative/neutral/positive) and themes of each comment in a text ' +
        'column. Comments in another language are flagged (language) and scored 0, neutral; ' +
        'empty ones are neutral; only the first 2,000 characters of a comment are analysed.',
    )
    .requiredOption('--csv <file>', 'CSV or TSV file with a header row')
    .requiredOption('--text <column>', 'column holding the comment text')
    .option(
      '--themes <mode>',
      'builtin (the built-in themes), discover (themes found in this file) or both',
      'both',
    )
    .option(
      '--delimiter <char>',
      'field delimiter (default "," or tab for .tsv; "tab" or "\\t" for tab)',
    )
    .option(
      '--json',
      'print [{"row", "score", "label", "themes", "language", "truncated"}], one per data row in order',
    )
    .action(action(io, (options: SentimentOptions) => analyzeSentiment(options, io)));
}

function resolveDelimiter(options: SentimentOptions): string {
  const given = options.delimiter;
  if (given === undefined) return /\.(tsv|tab)$/i.test(options.csv) ? '\t' : ',';
  if (given === 'tab' || given === '\\t') return '\t';
  if (given.length !== 1)
    throw new CsvError(`--delimiter must be one character or "tab", got "${given}"`);
  return given;
}

function isThemeMode(mode: string): mode is ThemeMode {
  return (THEME_MODES as readonly string[]).includes(mode);
}

async function readTexts(options: SentimentOptions): Promise<string[]> {
  const texts: string[] = [];
  let textIndex: number | undefined;
  for await (const { fields } of readCsvRecords(options.csv, {
    delimiter: resolveDelimiter(options),
  })) {
    if (textIndex === undefined) {
      [textIndex = 0] = findColumns(fields, [options.text]);
      continue;
    }
    texts.push(fields[textIndex] ?? '');
  }
  if (textIndex === undefined)
    throw new CsvError(`"${options.csv}" is empty: it has no header row`);
  return texts;
}

async function analyzeSentiment(options: SentimentOptions, io: TCliIo): Promise<void> {
  const mode = options.themes;
  if (!isThemeMode(mode)) {
    throw new CsvError(`unknown --themes "${mode}"; use ${THEME_MODES.join(', ')}`);
  }
  const texts = await readTexts(options);
  const builtIn = mode === 'discover' ? [] : BUILT_IN_THEMES;
  const discovered = mode === 'builtin' ? [] : discoverThemes(texts, { exclude: builtIn });
  const themes: TThemeRule[] = [...builtIn, ...discovered];
  const names = new Map(themes.map((theme) => [theme.id, theme.name]));
  const analyzer = createCommentAnalyzer(themes);
  const rows: SentimentRow[] = texts.map((text, i) => {
    const analysis = analyzer.analyze(text);
    return {
      row: i + 1,
      score: Math.round(analysis.score * 1e4) / 1e4,
      label: analysis.label,
      themes: analysis.themes.map((id) => names.get(id) ?? id),
      language: analysis.language,
      truncated: analysis.truncated,
    };
  });
  if (options.json === true) {
    io.out(`${JSON.stringify(rows)}\n`);
    return;
  }
  io.out(`${formatRows(rows, texts)}\n\n${formatSummary(rows)}\n`);
}

function formatRows(rows: readonly SentimentRow[], texts: readonly string[]): string {
  const header = ['row', 'label', 'score', 'themes', 'comment'];
  const cells = rows.map((r, i) => {
    const text = (texts[i] ?? '').replace(/\s+/g, ' ').trim();
    return [
      String(r.row),
      r.language === 'en' || r.language === 'und' ? r.label : `${r.label} (${r.language})`,
      r.score.toFixed(2),
      r.themes.join(', '),
      text.length > 60 ? `${text.slice(0, 57)}...` : text,
    ];
  });
  const all = [header, ...cells];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatSummary(rows: readonly SentimentRow[]): string {
  const count = (label: TSentimentLabel): number => rows.filter((r) => r.label === label).length;
  const other = rows.filter((r) => r.language !== 'en' && r.language !== 'und').length;
  const themeCounts = new Map<string, number>();
  for (const r of rows) for (const t of r.themes) themeCounts.set(t, (themeCounts.get(t) ?? 0) + 1);
  const top = [...themeCounts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([name, n]) => `${name} ${n}`);
  return [
    `${rows.length} comments: ${count('negative')} negative, ${count('neutral')} neutral, ${count('positive')} positive; ${other} in another language (not scored)`,
    `themes: ${top.length === 0 ? 'none' : top.join(', ')}`,
  ].join('\n');
}
