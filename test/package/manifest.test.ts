/**
 * package.json as a construct library's users meet it: peers, runtime dependencies, entry points.
 * The install itself (sizes, the minimum aws-cdk-lib, types under every moduleResolution) is proven by
 * scripts/consumer-test.sh on the packed tarball.
 */
import { builtinModules } from 'module';
import { readFileSync, readdirSync, statSync } from 'fs';
import { join, relative } from 'path';
import { CHART_PACKAGES } from '../../lib/report/chart';
import { SDK_PACKAGES } from '../../lib/aws/sdk';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
  types: string;
};
const EXACT = /^\d+\.\d+\.\d+$/;
const optionalPeers = Object.keys(pkg.peerDependenciesMeta).filter((n) => pkg.peerDependenciesMeta[n].optional);

/** Package names imported (statically or with require) by the files the package ships. */
function shippedImports(): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) return readdirSync(path).forEach((f) => visit(join(path, f)));
    if (!path.endsWith('.ts') || path.endsWith(join('bin', 'app.ts'))) return;
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(/(?:from |require\(|import\()'([^'.][^']*)'/g)) {
      const spec = m[1].startsWith('node:') ? m[1].slice(5) : m[1];
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!found.has(name)) found.set(name, relative(root, path));
    }
  };
  ['index.ts', 'lib', 'constructs', 'bin'].forEach((p) => visit(join(root, p)));
  return found;
}

describe('peer dependencies', () => {
  test('aws-cdk-lib ^2 from a minimum release and constructs ^10 are peers, pinned exactly for development', () => {
    expect(pkg.peerDependencies['aws-cdk-lib']).toMatch(/^\^2\.\d+\.0$/);
    expect(pkg.peerDependencies.constructs).toMatch(/^\^10\./);
    for (const name of ['aws-cdk-lib', 'constructs']) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toMatch(EXACT);
      expect(pkg.peerDependenciesMeta[name]?.optional).not.toBe(true);
    }
  });

  test('the packages charts and the AWS commands load are exactly the optional peers, each pinned for development', () => {
    const loaded = new Set([...Object.values(CHART_PACKAGES).flat(), ...SDK_PACKAGES]);
    expect([...loaded].sort()).toEqual([...optionalPeers].sort());
    for (const name of optionalPeers) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toMatch(EXACT);
      // the tested version satisfies the declared range (all are ^x.y.z)
      expect(pkg.peerDependencies[name]).toBe(`^${pkg.devDependencies[name]}`);
    }
  });

  test('one version of every AWS SDK client', () => {
    const clients = Object.keys(pkg.devDependencies).filter((n) => n.startsWith('@aws-sdk/client-'));
    expect(new Set(clients.map((n) => pkg.devDependencies[n])).size).toBe(1);
  });
});

describe('runtime dependencies', () => {
  const imports = shippedImports();
  const builtins = new Set(builtinModules);

  test('every package the shipped code imports is a dependency or a peer (a types-only one through @types)', () => {
    const declared = (name: string) => builtins.has(name) || [name, `@types/${name}`].some((n) => pkg.dependencies[n]) || pkg.peerDependencies[name];
    const undeclared = [...imports].filter(([name]) => !declared(name));
    expect(undeclared).toEqual([]);
  });

  test('every dependency is imported by the shipped code (types of the public API count), pinned exactly', () => {
    const typeOnly = (name: string) => name.startsWith('@types/') && imports.has(name.slice('@types/'.length));
    expect(Object.keys(pkg.dependencies).filter((name) => !imports.has(name) && !typeOnly(name))).toEqual([]);
    for (const version of Object.values(pkg.dependencies)) expect(version).toMatch(EXACT);
  });
});

describe('entry points', () => {
  const documented = ['.', './lib', './constructs', './testing'];

  test('each documented import path has types first, then the CommonJS build', () => {
    for (const path of documented) {
      const entry = pkg.exports[path] as { types: string; default: string };
      expect(Object.keys(entry)).toEqual(['types', 'default']);
      expect(entry.types.replace(/\.d\.ts$/, '')).toBe(entry.default.replace(/\.js$/, ''));
    }
  });

  test('typesVersions gives moduleResolution node the same declarations as the exports map', () => {
    expect(`./${pkg.types}`).toBe((pkg.exports['.'] as { types: string }).types);
    const mapped = pkg.typesVersions['*'];
    expect(Object.keys(mapped).sort()).toEqual(documented.filter((p) => p !== '.').map((p) => p.slice(2)).sort());
    for (const [sub, [target]] of Object.entries(mapped)) expect(`./${target}`).toBe((pkg.exports[`./${sub}`] as { types: string }).types);
  });
});

describe('metadata', () => {
  const meta = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { homepage: string; bugs: { url: string }; repository: { type: string; url: string }; license: string };

  test('repository, homepage and bugs name one repository, and the README links its issues', () => {
    const repo = meta.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(meta.repository.type).toBe('git');
    expect(meta.homepage).toBe(`${repo}#readme`);
    expect(meta.bugs.url).toBe(`${repo}/issues`);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(meta.bugs.url);
  });

  test('LICENSE is the full Apache License 2.0 text', () => {
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(meta.license).toBe('Apache-2.0');
    expect(license).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    expect(license).toContain('9. Accepting Warranty or Additional Liability.');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
  });
});
