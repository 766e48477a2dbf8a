import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // exitOverride turns usage errors and --help into exceptions that carry the exit code.
  const code = (error as { exitCode?: number }).exitCode;
  if (typeof code === 'number') process.exitCode = code;
  else {
    process.exitCode = 1;
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
