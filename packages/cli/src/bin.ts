import { processIo } from './io';
import { runCli } from './program';

// `ifa --help | head` closes the pipe early: that is the reader's choice, not an error, so end quietly
// instead of printing an EPIPE stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(process.argv.slice(2), processIo()).then((code) => {
  // A command stopped by a signal sets 128 + its number (`ifa train`: SIGINT 130, SIGTERM 143) after
  // finishing cleanly; a failure's code wins over it.
  process.exitCode = code !== 0 ? code : (process.exitCode ?? 0);
});
