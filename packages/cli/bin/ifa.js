#!/usr/bin/env node
// The `ifa` bin. This file is committed and dist/ is built, so npm links the bin at install time (it
// links a workspace's bin only when its target exists), and `npx ifa` works once `npm run build` has run.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'ifa: @ifa/cli is not built yet (no dist/cli.js); run `npm run build` in the repository root first.\n',
  );
  process.exit(1);
}
await import(cli.href);
