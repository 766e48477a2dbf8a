import { Command } from 'commander';
import { registerAnalyzeCommand } from './analyze-command.js';
import { registerApiKeyCommand } from './apikey-command.js';
import { registerBackupCommand } from './backup-command.js';
import { processIo } from './cli-context.js';
import { registerDemoCommand } from './demo-command.js';
import { registerExportCommand } from './export-command.js';
import { registerImportCommand } from './import-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerRollupsCommand } from './rollups-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerUserCommand } from './user-command.js';

/** The `touchstone` command line: every subcommand has `--help`; errors exit non-zero. */
export function buildProgram(io = processIo): Command {
  const program = new Command('touchstone')
    .description('Touchstone: customer experience management on one machine')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  registerServeCommand(program, io);
  registerMigrateCommand(program, io);
  registerDemoCommand(program, io);
  registerImportCommand(program, io);
  registerExportCommand(program, io);
  registerUserCommand(program, io);
  registerApiKeyCommand(program, io);
  registerAnalyzeCommand(program, io);
  registerRollupsCommand(program, io);
  registerBackupCommand(program, io);
  return program;
}
