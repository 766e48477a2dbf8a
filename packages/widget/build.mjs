// Builds the browser assets with Vite's build API: dist/respondent.js + respondent.css for the
// respondent page, and dist/widget.js (CSS inlined) for the embeddable widget. Each is one IIFE
// file, because the widget must be a single classic <script> on a customer's page.
// The files are built in a scratch folder and renamed into dist/, so a server (or a test run in
// parallel) never reads a half-written or deleted asset.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { precompress } from '../../scripts/precompress.mjs';

const root = import.meta.dirname;
const dist = path.join(root, 'dist');
const scratch = path.join(dist, `.build-${process.pid}`);
const entries = [
  { name: 'respondent', entry: 'src/respondent.ts' },
  { name: 'widget', entry: 'src/widget.ts' },
];

try {
  for (const { name, entry } of entries) {
    await build({
      configFile: false,
      root,
      logLevel: 'warn',
      build: {
        outDir: scratch,
        emptyOutDir: false,
        target: 'es2020',
        sourcemap: false,
        lib: {
          entry,
          name: `touchstone_${name}`,
          formats: ['iife'],
          fileName: () => `${name}.js`,
          cssFileName: name,
        },
      },
    });
  }
  // Compressed copies (.br, .gz) beside each file, renamed in before it; widget.js last: its time
  // stamp tells build-web-if-stale the build is complete.
  precompress(scratch);
  for (const file of ['respondent.css', 'respondent.js', 'widget.js']) {
    for (const suffix of ['.br', '.gz', '']) {
      const built = path.join(scratch, file + suffix);
      if (fs.existsSync(built)) fs.renameSync(built, path.join(dist, file + suffix));
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
