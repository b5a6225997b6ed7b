import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PACKAGE_VERSION, packageVersion } from '../../lib/version';

describe('package version', () => {
  test('is the version in the repository package.json', () => {
    expect(PACKAGE_VERSION).toBe(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  });

  test('is found from a build folder two levels down (dist/lib), where ../package.json is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'version-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'cdk-lambda-scaling', version: '9.8.7' }));
    mkdirSync(join(root, 'dist', 'lib'), { recursive: true });
    writeFileSync(join(root, 'dist', 'package.json'), JSON.stringify({ name: 'something-else', version: '1.0.0' }));
    expect(packageVersion(join(root, 'dist', 'lib'))).toBe('9.8.7');
  });
});
