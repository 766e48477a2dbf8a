// Builds the dashboard when packages/web/dist is missing or older than its sources, so that
// `npm start` and the browser tests always serve the current dashboard without a rebuild each time.
// The same for the respondent page and widget scripts in packages/widget/dist.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'packages/web/dist/index.html');
const sources = [
  'packages/web/src',
  'packages/web/index.html',
  'packages/web/vite.config.ts',
  'packages/core/src',
  // The survey builder's preview runs the widget package's renderer.
  'packages/widget/src',
];

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
const changedAt = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
if (builtAt < changedAt) {
  process.stderr.write('building the dashboard ...\n');
  execSync('npm run build --silent -w @touchstone/web', { cwd: root, stdio: 'inherit' });
}

const widgetBuilt = path.join(root, 'packages/widget/dist/widget.js');
const widgetSources = ['packages/widget/src', 'packages/widget/build.mjs', 'packages/core/src'];
const widgetBuiltAt = fs.existsSync(widgetBuilt) ? fs.statSync(widgetBuilt).mtimeMs : 0;
if (widgetBuiltAt < Math.max(...widgetSources.map((s) => newestMtime(path.join(root, s))))) {
  process.stderr.write('building the respondent page and widget ...\n');
  execSync('npm run build --silent -w @touchstone/widget', { cwd: root, stdio: 'inherit' });
}
