import { buildProgram, reportCliError } from './program';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportCliError(error);
}
