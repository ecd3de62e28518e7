import { join } from 'node:path';
import { packageRoot } from '../package-root';

/**
 * The small real sample shipped inside the package: 30 FSDD recordings (3 per digit, several speakers)
 * and 500 MNIST t10k digits, laid out like a full data folder (`fsdd/recordings/`, `mnist/`). Pass it as
 * `dir` to any loader to try things offline. See sample/LICENSE.md for credit.
 */
export function sampleDataDir(): string {
  return join(packageRoot(), 'sample');
}
