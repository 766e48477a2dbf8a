import type { FastifyServerOptions } from 'fastify';
import type { TConfig } from '../config.js';

/** pino's numeric levels, as its JSON lines carry them. */
const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields of a pino line already shown in the human form, or noise to a person at a terminal. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err', 'reqId', 'v']);

interface TLogLine {
  level?: number;
  time?: number;
  msg?: string;
  reqId?: string;
  err?: { type?: string; message?: string; stack?: string };
  [key: string]: unknown;
}

/**
 * One pino JSON line as a person reads it: `12:04:31 WARN message (key=value ...)`, with an
 * error's stack below. A line that is not JSON is passed on as it is.
 */
export function formatLogLine(line: string): string {
  let record: TLogLine;
  try {
    record = JSON.parse(line) as TLogLine;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const time = new Date(record.time ?? Date.now()).toISOString().slice(11, 19);
  const level = LEVEL_NAMES[record.level ?? 30] ?? String(record.level);
  const context = Object.entries(record)
    .filter(([key, value]) => !SHOWN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  if (record.reqId !== undefined) context.unshift(`request=${record.reqId}`);
  const message = record.msg ?? record.err?.message ?? '';
  let text = `${time} ${level} ${message}`;
  if (context.length > 0) text += ` (${context.join(' ')})`;
  if (record.err?.stack !== undefined) text += `\n${indent(record.err.stack)}`;
  return `${text}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/**
 * The server's logger: at `LOG_FORMAT=json`, pino's JSON lines on standard output (for a log
 * collector); otherwise readable lines on standard error. The level decides what is written: by
 * default warnings and errors, not a line per request (that is `LOG_LEVEL=info`).
 */
export function loggerOptions(
  config: Pick<TConfig, 'logLevel' | 'logFormat'>,
  stderr: { write(text: string): unknown } = process.stderr,
): FastifyServerOptions['logger'] {
  if (config.logFormat === 'json') return { level: config.logLevel };
  return {
    level: config.logLevel,
    stream: { write: (line: string) => stderr.write(formatLogLine(line)) },
  };
}
