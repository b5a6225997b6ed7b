import { readFileSync } from 'fs';
import { join } from 'path';
import { isInputError } from '../lib/errors';
import { missingPeersMessage, requireOptionalPeers } from '../lib/optional-peers';

const devDependencies = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).devDependencies as Record<string, string>;
const notFound = (name: string): never => {
  throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
};

describe('optional peer dependencies', () => {
  test('installed packages pass', () => {
    expect(() => requireOptionalPeers('--chart a.svg', ['vega', 'vega-lite'])).not.toThrow();
  });

  test('a missing package is a usage error (exit 2) naming the feature and the install command with the tested versions', () => {
    const installed = new Set(['vega']);
    let caught: unknown;
    try {
      requireOptionalPeers('--chart a.png', ['vega', 'vega-lite', '@resvg/resvg-js'], (n) => (installed.has(n) ? n : notFound(n)));
    } catch (err) {
      caught = err;
    }
    expect(isInputError(caught)).toBe(true);
    const message = (caught as Error).message;
    expect(message).toMatch(/^--chart a\.png needs vega-lite and @resvg\/resvg-js, which are not installed/);
    expect(message.split('\n').pop()).toBe(`  npm install --save-dev vega-lite@${devDependencies['vega-lite']} @resvg/resvg-js@${devDependencies['@resvg/resvg-js']}`);
  });

  test('one missing package is named in the singular', () => {
    expect(missingPeersMessage('observe', ['@aws-sdk/client-lambda'])).toMatch(/^observe needs @aws-sdk\/client-lambda, which is not installed .*\nInstall it /);
  });

  test('a package that is there but fails to resolve for another reason is not reported as missing', () => {
    const broken = () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect(() => requireOptionalPeers('observe', ['@aws-sdk/client-lambda'], broken)).toThrow('EACCES');
  });
});
