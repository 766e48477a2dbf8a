/**
 * A TypeScript module that a worker thread runs, as one plain JavaScript file: bundled with
 * esbuild (what tsx transpiles with) at first use, then reused while its sources are unchanged.
 * A thread started on the TypeScript itself needs tsx's loader registered in it, which takes
 * longer than the thread's own work before its first batch. Packages stay imports
 * (resolved from the package's `node_modules`, where the file is kept), so a thread module may
 * import plain JavaScript packages only, not `@touchstone/core`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

/** Where built modules are kept: the server package's `node_modules/.cache`. */
const CACHE_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/touchstone-threads/', import.meta.url),
);

/** A build: its file, and the hash of each source file it was built from. */
interface TBuildManifest {
  output: string;
  inputs: Record<string, string>;
}

const sha1 = (text: string | Buffer) => createHash('sha1').update(text).digest('hex');

function readManifest(file: string): TBuildManifest | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TBuildManifest;
  } catch {
    return null;
  }
}

function upToDate(manifest: TBuildManifest): boolean {
  if (!fs.existsSync(manifest.output)) return false;
  for (const [file, hash] of Object.entries(manifest.inputs)) {
    try {
      if (sha1(fs.readFileSync(file)) !== hash) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Writes `text` to `file` whole or not at all (other processes may build the same module). */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** The URL of `source` (a `.ts` module) built as one plain JavaScript module. */
export function threadModuleUrl(source: URL): URL {
  const entry = fileURLToPath(source);
  const name = `${path.basename(entry, path.extname(entry))}-${sha1(entry).slice(0, 8)}`;
  const manifestFile = path.join(CACHE_DIR, `${name}.json`);
  const manifest = readManifest(manifestFile);
  if (manifest !== null && upToDate(manifest)) return pathToFileURL(manifest.output);

  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    outfile: path.join(CACHE_DIR, `${name}.mjs`),
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error(`esbuild built nothing for ${entry}`);
  const inputs: Record<string, string> = {};
  const cwd = process.cwd();
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(cwd, input);
    inputs[file] = sha1(fs.readFileSync(file));
  }
  // A new file per content: a thread still loading an older build keeps its file.
  const output = path.join(CACHE_DIR, `${name}-${sha1(code).slice(0, 8)}.mjs`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  if (!fs.existsSync(output)) writeAtomically(output, code);
  writeAtomically(manifestFile, JSON.stringify({ output, inputs } satisfies TBuildManifest));
  removeOldBuilds(name, output);
  return pathToFileURL(output);
}

/** Removes the module's earlier builds, once no thread can still be starting on them. */
function removeOldBuilds(name: string, current: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const file of fs.readdirSync(CACHE_DIR)) {
    const full = path.join(CACHE_DIR, file);
    if (!file.startsWith(`${name}-`) || !file.endsWith('.mjs') || full === current) continue;
    try {
      if (fs.statSync(full).mtimeMs < hourAgo) fs.rmSync(full);
    } catch {
      // Removed by another process meanwhile.
    }
  }
}
