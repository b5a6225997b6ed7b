/**
 * The package's own manifest: its version, for reports and plugin metadata, and the versions of the
 * optional packages it is tested with, for install hints.
 *
 * Read from the nearest `package.json` named `cdk-lambda-scaling` above this file, so it works both
 * from the sources (`lib/`) and from the published build (`dist/lib/`), where a fixed relative
 * `require('../package.json')` would point into `dist/` and fail.
 */
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

const PACKAGE_NAME = 'cdk-lambda-scaling';

/** The fields of our package.json this code reads. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly bugs?: { readonly url?: string };
}

/** The nearest cdk-lambda-scaling package.json at or above `start`; undefined when none. */
export function packageManifest(start: string = __dirname): PackageManifest | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as Partial<PackageManifest>;
      if (pkg.name === PACKAGE_NAME && pkg.version) return pkg as PackageManifest;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Version of the nearest cdk-lambda-scaling package.json at or above `start`; '0.0.0' when none. */
export function packageVersion(start: string = __dirname): string {
  return packageManifest(start)?.version ?? '0.0.0';
}

/** This package's version. */
export const PACKAGE_VERSION: string = packageVersion();
