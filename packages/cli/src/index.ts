export { buildProgram, CliError, reportCliError } from './program';
