import { processIo } from './io';
import { runCli } from './program';

runCli(process.argv.slice(2), processIo()).then((code) => {
  // A command stopped by a signal sets 128 + its number (`ifa train`: SIGINT 130, SIGTERM 143) after
  // finishing cleanly; a failure's code wins over it.
  process.exitCode = code !== 0 ? code : (process.exitCode ?? 0);
});
