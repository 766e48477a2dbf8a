import type { Command } from 'commander';
import type { TCliIo } from './cli-context.js';

/** `touchstone import customers|interactions FILE` (to be written). */
export function registerImportCommand(_program: Command, _io: TCliIo): void {}
