/**
 * Optional peer dependencies: packages only some CLI features need (charts: vega, vega-lite and resvg;
 * `observe` and `audit`: the AWS SDK clients). A plain install leaves them out, so a CDK app that uses
 * the constructs does not carry them; a feature that needs one that is missing stops with exit 2 and
 * the exact command that installs it.
 */
import { InputError } from './errors';
import { packageManifest } from './version';

/** Resolves a module name from this package's location, as `require` would (throws when missing). */
export type ModuleResolver = (name: string) => string;

/** Throws an InputError naming the install command when any of `names` cannot be resolved. */
export function requireOptionalPeers(feature: string, names: readonly string[], resolve: ModuleResolver = require.resolve): void {
  const missing = names.filter((name) => !isInstalled(name, resolve));
  if (missing.length > 0) throw new InputError(missingPeersMessage(feature, missing));
}

/**
 * What to tell a user who lacks `missing`: which packages, why they are not there, and the install
 * command with the versions this release is tested with (its devDependencies).
 */
export function missingPeersMessage(feature: string, missing: readonly string[]): string {
  const manifest = packageManifest();
  const spec = (name: string): string => {
    const version = manifest?.devDependencies?.[name] ?? manifest?.peerDependencies?.[name];
    return version ? `${name}@${version}` : name;
  };
  const them = missing.length === 1 ? 'it' : 'them';
  return [
    missing.length === 1
      ? `${feature} needs ${missing[0]}, which is not installed (an optional peer dependency of cdk-lambda-scaling, left out of a plain install so that CDK apps do not carry it).`
      : `${feature} needs ${joinNames(missing)}, which are not installed (optional peer dependencies of cdk-lambda-scaling, left out of a plain install so that CDK apps do not carry them).`,
    `Install ${them} where cdk-lambda-scaling is installed, then run the command again:`,
    `  npm install --save-dev ${missing.map(spec).join(' ')}`,
  ].join('\n');
}

function isInstalled(name: string, resolve: ModuleResolver): boolean {
  try {
    resolve(name);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return false;
    throw err;
  }
}

function joinNames(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
