import type { Command } from 'commander';
import { DEMO_USERS } from '../demo/aurora-model.js';
import {
  DEMO_DEFAULTS,
  DEMO_LIMITS,
  generateDemo,
  isCalendarDate,
  type TDemoProgress,
} from '../demo/demo.service.js';
import { action, withDatabaseOption, withServices, type TCliIo } from './cli-context.js';

interface TDemoCommandOptions {
  customers: string;
  months: string;
  seed: string;
  endDate?: string;
  /** commander turns --no-responses into responses: false. */
  responses: boolean;
  database?: string;
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

function calendarDate(flag: string, text: string): string {
  if (!isCalendarDate(text)) {
    throw new Error(`${flag} must be a calendar date written YYYY-MM-DD, not "${text}"`);
  }
  return text;
}

/** One progress line on stderr, redrawn at most every 200 ms (only on a terminal). */
function progressLine(io: TCliIo): { update(p: TDemoProgress): void; done(): void } {
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      const finished = 'done' in p ? p.done >= p.total : p.customersDone >= p.customers;
      if (!io.interactive || (now - last < 200 && !finished)) return;
      last = now;
      drawn = true;
      const [done, total] = 'done' in p ? [p.done, p.total] : [p.customersDone, p.customers];
      const percent = total === 0 ? 0 : Math.floor((100 * done) / total);
      const detail =
        'stored' in p ? `${p.stored} stored` : p.phase === 'comments' ? `${done} read` : '';
      io.err(`\r${p.phase.padEnd(12)} ${String(percent).padStart(3)}%  ${detail}   `);
    },
    done() {
      if (drawn) io.err('\n');
    },
  };
}

/** How long each data phase took: from its first progress report to its last. */
function phaseClock(): { see(p: TDemoProgress): void; seconds(phase: string): number | undefined } {
  const spans = new Map<string, { from: number; to: number }>();
  let current: string | null = null;
  let last = performance.now();
  return {
    see(p) {
      const now = performance.now();
      // A phase starts when the previous one reported last (generation counts as its own work).
      if (p.phase !== current) spans.set(p.phase, { from: last, to: now });
      current = p.phase;
      const span = spans.get(p.phase);
      if (span) span.to = now;
      last = now;
    },
    seconds(phase) {
      const span = spans.get(phase);
      return span === undefined ? undefined : (span.to - span.from) / 1000;
    },
  };
}

/** `touchstone demo`: creates the Aurora Airways demo organization with generated history. */
export function registerDemoCommand(program: Command, io: TCliIo): void {
  withDatabaseOption(
    program
      .command('demo')
      .description(
        'create the Aurora Airways demo organization: program, customers, interactions and ' +
          'responses, with comments analysed and changes scanned',
      )
      .option('--customers <n>', 'customers to generate', String(DEMO_DEFAULTS.customers))
      .option(
        '--months <n>',
        'months of history, ending on the end date',
        String(DEMO_DEFAULTS.months),
      )
      .option('--end-date <YYYY-MM-DD>', 'the last day of the history (default: today, UTC)')
      .option(
        '--seed <n>',
        'random seed: the same seed and end date give the same data',
        String(DEMO_DEFAULTS.seed),
      )
      .option('--no-responses', 'leave out the surveys and their responses')
      .option('--responses <n>', 'about how many survey responses to generate'),
  ).action(
    action(io, async (options: TDemoCommandOptions) => {
      const customers = wholeNumber('--customers', options.customers, 1, DEMO_LIMITS.customers);
      const months = wholeNumber('--months', options.months, 1, DEMO_LIMITS.months);
      const seed = wholeNumber('--seed', options.seed, 0, 0xffffffff);
      const endDate =
        options.endDate === undefined ? undefined : calendarDate('--end-date', options.endDate);
      // `--responses N` and `--no-responses` share the name: N arrives as a string.
      const raw = options.responses as unknown;
      const responseTarget =
        typeof raw === 'string' ? wholeNumber('--responses', raw, 0, 100_000_000) : undefined;
      const responses = raw !== false;
      await withServices(options, async (services) => {
        const started = performance.now();
        const progress = progressLine(io);
        const clock = phaseClock();
        const result = await generateDemo(
          services,
          {
            customers,
            months,
            seed,
            responses,
            ...(endDate === undefined ? {} : { endDate }),
            ...(responseTarget === undefined ? {} : { responseTarget }),
          },
          (p) => {
            clock.see(p);
            progress.update(p);
          },
        ).finally(() => progress.done());
        const seconds = (performance.now() - started) / 1000;
        const rows = Object.entries(result.counts).map(([name, count]) => {
          const took = clock.seconds(name);
          // The scan's time is what matters, not alerts per second.
          const rate =
            name === 'alerts'
              ? ''
              : `, ${Math.round(count / (took ?? 1)).toLocaleString('en-US')}/s`;
          const timing = took === undefined || took <= 0 ? '' : `  (${took.toFixed(1)} s${rate})`;
          return `  ${name.padEnd(14)} ${count}${timing}\n`;
        });
        io.out(
          `created organization ${result.slug} (seed ${seed}, ${months} months to ${result.endDate})\n`,
        );
        io.out(rows.join(''));
        io.out(`in ${seconds.toFixed(1)} s\n`);
        if (responses) {
          io.out(`planted change: the lounge bar, from ${result.plantedChangeDate}\n`);
        }
        io.out(`sign in: ${result.email} / ${result.password}\n`);
        const others = DEMO_USERS.slice(1).map((u) => `${u.email} (${u.role})`);
        io.out(`  also: ${others.join(', ')}, same password\n`);
      });
    }),
  );
}
