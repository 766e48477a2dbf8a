/**
 * What a response import costs the server's memory, with nothing else running: the server of the
 * soak (`startActServer`, its job worker on), then `--imports` CSV imports of `--rows` responses
 * one after another, `--settle` seconds apart. The server's RSS and thread count are read from
 * `/proc` every 50 ms; per import it prints the RSS before, the highest while the request ran and
 * while it settled, and the RSS at the end of the settling.
 *
 *   npx tsx bench/act/import-memory.ts [--imports 4] [--rows 5000] [--settle 15] [--actions run]
 *     [--node-arg=--max-semi-space-size=16 ...]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openBenchSqlite } from '../databases.js';
import { formatNumber, note, printTable } from '../report.js';
import { prepareActOrg, startActServer, startReceiver } from './act-world.js';

function procStatus(pid: number): { rssMb: number; threads: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1]);
  return { rssMb: field('VmRSS') / 1024, threads: field('Threads') };
}

function importCsv(rows: number, round: number): string {
  const lines = ['nps,csat,comment'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${(i + round) % 11},${1 + (i % 5)},imported ${round}-${i}`);
  }
  return `${lines.join('\n')}\n`;
}

const { values } = parseArgs({
  options: {
    imports: { type: 'string', default: '4' },
    rows: { type: 'string', default: '5000' },
    settle: { type: 'string', default: '15' },
    actions: { type: 'string', default: 'skip' },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const imports = Number(values.imports);
const rows = Number(values.rows);
const settleMs = Number(values.settle) * 1000;

const database = await openBenchSqlite();
const receiver = await startReceiver();
try {
  const { apiKey, surveyId } = await prepareActOrg(database, receiver.origin, 'Memory');
  const server = await startActServer(database, null, values['node-arg']);
  const pid = server.pid;
  if (pid === undefined) throw new Error('import-memory: the server process has no pid');
  let phase = { peakMb: 0, threads: 0 };
  const timer = setInterval(() => {
    const now = procStatus(pid);
    phase.peakMb = Math.max(phase.peakMb, now.rssMb);
    phase.threads = Math.max(phase.threads, now.threads);
  }, 50);
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await wait(settleMs);
  const table: string[][] = [];
  for (let round = 0; round < imports; round++) {
    const before = procStatus(pid);
    phase = { peakMb: before.rssMb, threads: before.threads };
    const t0 = performance.now();
    const response = await fetch(
      `${server.url}/api/surveys/${surveyId}/responses/import?actions=${values.actions}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' },
        body: importCsv(rows, round),
      },
    );
    const answer = await response.text();
    if (!response.ok) throw new Error(`import-memory: ${response.status} ${answer}`);
    const ms = performance.now() - t0;
    const during = phase;
    phase = { peakMb: procStatus(pid).rssMb, threads: 0 };
    await wait(settleMs);
    const after = phase;
    table.push([
      String(round + 1),
      formatNumber(ms),
      formatNumber(before.rssMb),
      formatNumber(during.peakMb),
      String(during.threads),
      formatNumber(after.peakMb),
      formatNumber(procStatus(pid).rssMb),
    ]);
  }
  clearInterval(timer);
  await server.stop();
  printTable(
    `Import memory: ${imports} imports of ${rows} responses, actions=${values.actions}`,
    [
      'import',
      'request ms',
      'RSS before MiB',
      'peak in request',
      'threads',
      'peak settling',
      'RSS after',
    ],
    table,
  );
  note(`node args: ${values['node-arg'].join(' ') || '(none)'}`);
} finally {
  await receiver.close();
  await database.drop();
}
