/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, after vitest's own summary, so
 * that CI logs state the outcome in a runner-neutral form. A suite or file that failed by itself
 * (a `beforeAll` that threw, a file that did not load) counts as one failure: its tests never
 * ran, and must not read as skipped.
 */
import type { Reporter, RunnerTask, RunnerTestFile } from 'vitest';

type TCounts = { passed: number; failed: number; skipped: number };

function collect(tasks: readonly RunnerTask[], counts: TCounts) {
  for (const task of tasks) {
    if (task.type === 'suite') {
      const failedBefore = counts.failed;
      collect(task.tasks, counts);
      if (task.result?.state === 'fail' && counts.failed === failedBefore) counts.failed += 1;
      continue;
    }
    const state = task.result?.state;
    if (state === 'pass') counts.passed += 1;
    else if (state === 'fail') counts.failed += 1;
    else counts.skipped += 1;
  }
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = []): void {
    const counts: TCounts = { passed: 0, failed: 0, skipped: 0 };
    collect(files, counts);
    process.stdout.write(
      `\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
  }
}
