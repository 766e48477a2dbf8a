// Builds the browser assets with Vite's build API: dist/respondent.js + respondent.css for the
// respondent page, and dist/widget.js (CSS inlined) for the embeddable widget. Each is one IIFE
// file, because the widget must be a single classic <script> on a customer's page.
import { build } from 'vite';

const root = import.meta.dirname;
const entries = [
  { name: 'respondent', entry: 'src/respondent.ts' },
  { name: 'widget', entry: 'src/widget.ts' },
];

for (const [index, { name, entry }] of entries.entries()) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir: 'dist',
      emptyOutDir: index === 0,
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
