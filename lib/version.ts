/**
 * The package's own version, for reports and plugin metadata.
 *
 * Read from the nearest `package.json` named `cdk-lambda-scaling` above this file, so it works both
 * from the sources (`lib/`) and from the published build (`dist/lib/`), where a fixed relative
 * `require('../package.json')` would point into `dist/` and fail.
 */
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

const PACKAGE_NAME = 'cdk-lambda-scaling';

/** Version of the nearest cdk-lambda-scaling package.json at or above `start`; '0.0.0' when none. */
export function packageVersion(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}

/** This package's version. */
export const PACKAGE_VERSION: string = packageVersion();
