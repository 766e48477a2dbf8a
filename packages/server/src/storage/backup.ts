/**
 * Backups and restores of a whole Touchstone database.
 *
 * - SQLite: `VACUUM INTO` on a connection of its own: one read transaction, so the copy is a
 *   consistent snapshot of the moment it began (every transaction committed before, none half),
 *   and in WAL mode a running server goes on writing meanwhile. (The page-by-page backup API
 *   starts over whenever another connection writes, so under a steady load it may never end.)
 *   The copy is written under a temporary name, checked with `integrity_check`, then renamed.
 * - PostgreSQL: `pg_dump --format=custom` (the PostgreSQL client tools must be installed), one
 *   consistent snapshot as well; restored with `pg_restore` into an empty database (or schema).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

export interface TBackupResult {
  kind: 'sqlite' | 'postgres';
  file: string;
  bytes: number;
  milliseconds: number;
}

const isPostgres = (url: string) => /^postgres(ql)?:\/\//.test(url);

/** Backs up the database at `url` (a SQLite path or a postgres:// URL) into `file`. */
export async function backupDatabase(
  url: string,
  file: string,
  options: { pgSchema?: string } = {},
): Promise<TBackupResult> {
  const started = performance.now();
  if (isPostgres(url)) {
    const args = ['--format=custom', '--no-owner', `--file=${file}`];
    if (options.pgSchema !== undefined) args.push(`--schema=${options.pgSchema}`);
    await run('pg_dump', [...args, url]);
  } else {
    backupSqlite(url, file);
  }
  return {
    kind: isPostgres(url) ? 'postgres' : 'sqlite',
    file,
    bytes: fs.statSync(file).size,
    milliseconds: performance.now() - started,
  };
}

function backupSqlite(source: string, file: string): void {
  if (source === ':memory:') throw new Error('an in-memory database has nothing to back up');
  if (!fs.existsSync(source)) throw new Error(`no database at ${source}`);
  if (path.resolve(source) === path.resolve(file)) {
    throw new Error('the backup must go to another file than the database');
  }
  const temporary = `${file}.partial-${process.pid}`;
  fs.rmSync(temporary, { force: true });
  const connection = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    connection.pragma('busy_timeout = 5000');
    connection.prepare('VACUUM INTO ?').run(temporary);
  } finally {
    connection.close();
  }
  try {
    checkSqliteFile(temporary);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Throws unless SQLite's `integrity_check` of the file says ok. */
export function checkSqliteFile(file: string): void {
  const copy = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const rows = copy.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length > 0) {
      throw new Error(`${file} failed integrity_check: ${problems.slice(0, 5).join('; ')}`);
    }
  } finally {
    copy.close();
  }
}

/**
 * Restores a backup into the database at `url`. SQLite: the backup is checked, then copied over
 * the target, which must not exist unless `force` (stop the server first: a running server keeps
 * the old file open). PostgreSQL: `pg_restore` into the target database, which must not hold
 * Touchstone's tables yet unless `force` (then they are dropped first, `--clean`).
 */
export async function restoreDatabase(
  file: string,
  url: string,
  options: { force?: boolean } = {},
): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`no backup at ${file}`);
  if (isPostgres(url)) {
    const args = ['--no-owner', '--exit-on-error', `--dbname=${url}`];
    if (options.force === true) args.push('--clean', '--if-exists');
    await run('pg_restore', [...args, file]);
    return;
  }
  checkSqliteFile(file);
  const target = path.resolve(url);
  if (fs.existsSync(target) && options.force !== true) {
    throw new Error(`${target} exists; stop the server and pass --force to replace it`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.restoring-${process.pid}`;
  fs.copyFileSync(file, temporary);
  // The old database's write-ahead log belongs to the old file: it must not be replayed onto
  // the restored one.
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(temporary, target);
}

/** Runs a PostgreSQL client tool; its stderr becomes the error when it fails. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error(`${command} not found: install the PostgreSQL client tools`)
          : error,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}
