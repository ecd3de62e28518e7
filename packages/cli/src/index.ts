export { type CliIo, processIo } from './io';
export { buildProgram, runCli } from './program';
