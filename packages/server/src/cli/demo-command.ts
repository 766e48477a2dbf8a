import type { Command } from 'commander';
import type { TCliIo } from './cli-context.js';

/** `touchstone demo` (to be written). */
export function registerDemoCommand(_program: Command, _io: TCliIo): void {}
