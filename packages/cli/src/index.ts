/**
 * @ifa/cli: the `ifa` command line. From code: `runCli(argv, processIo())` runs one command and resolves
 * to its exit code; a `CliIo` of your own captures its output. There is no `./internal`: everything else
 * (the commander program, the commands) is private.
 */
export { type CliIo, processIo } from './io';
export { runCli } from './program';
