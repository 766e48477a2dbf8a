// Builds the browser assets with Vite's build API: dist/respondent.js + respondent.css for the
// respondent page, and dist/widget.js (CSS inlined) for the embeddable widget. Each is one IIFE
// file, because the widget must be a single classic <script> on a customer's page.
// The files are built in a scratch folder and renamed into dist/, so a server (or a test run in
// parallel) never reads a half-written or deleted asset.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

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
  // widget.js last: its time stamp tells build-web-if-stale the build is complete.
  for (const file of ['respondent.css', 'respondent.js', 'widget.js']) {
    fs.renameSync(path.join(scratch, file), path.join(dist, file));
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
