/**
 * A fresh `npm install` on the Node version the project supports warns about no package's engine
 * (`EBADENGINE`): npm plans the install from the lock file and the workspaces' manifests in an
 * empty folder (`--dry-run`: nothing is downloaded or written) and checks every package's
 * `engines` against this Node as it goes.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from './support/server-process.js';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-fresh-install-'));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('plans a fresh install without an engine warning', { timeout: 120_000 }, async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  for (const file of ['package.json', 'package-lock.json']) {
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(dir, file));
  }
  for (const workspace of manifest.workspaces) {
    fs.mkdirSync(path.join(dir, workspace), { recursive: true });
    fs.copyFileSync(
      path.join(REPO_ROOT, workspace, 'package.json'),
      path.join(dir, workspace, 'package.json'),
    );
  }
  const { stdout, stderr } = await run(
    'npm',
    ['install', '--dry-run', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
    { cwd: dir, env: { ...process.env, npm_config_loglevel: 'warn' } },
  );
  expect(`${stdout}${stderr}`).toMatch(/added \d+ packages/);
  expect(`${stdout}${stderr}`).not.toContain('EBADENGINE');
});
