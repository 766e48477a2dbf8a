/** A suite per database whose tests share a fixture built on its environment before them. */
import { afterAll, beforeAll } from 'vitest';
import type { TConfig } from '../../src/config.js';
import { describeEachDatabase, type TTestEnv } from '../harness.js';

/**
 * Declares the suite once per database (`title [sqlite]`, `title [postgres]`) on an app with
 * `overrides`; `build` makes the fixture before the tests, `close` ends what it started after
 * them, and the callback reads it through `fixture()` inside tests.
 */
export function describeEachDatabaseWith<T>(
  title: string,
  build: (env: TTestEnv) => Promise<T>,
  suite: (fixture: () => T) => void,
  options: { overrides?: Partial<TConfig>; close?: (fixture: T) => Promise<void> } = {},
): void {
  describeEachDatabase(
    title,
    (env) => {
      let current: { fixture: T } | undefined;
      beforeAll(async () => {
        current = { fixture: await build(env()) };
      });
      afterAll(async () => {
        if (current !== undefined) await options.close?.(current.fixture);
      });
      suite(() => {
        if (current === undefined) throw new Error(`the fixture of ${title} is not ready`);
        return current.fixture;
      });
    },
    options.overrides,
  );
}
