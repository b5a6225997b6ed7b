// ESLint flat config. The TypeScript compiler (strict) runs beside it in `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const cdkAndSdk = {
  patterns: [
    { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', 'cdk-nag/*'], message: 'lib/ is pure: CDK belongs in constructs/.' },
    { group: ['@aws-sdk/*', '@smithy/*'], message: 'Only lib/aws/ may import the AWS SDK.' },
    { group: ['../constructs/*', '../../constructs/*', '../bin/*', '../../bin/*'], message: 'Dependency direction is bin → constructs → lib, never the reverse.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdk.out/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      quotes: ['error', 'single', { avoidEscape: true }],
      semi: ['error', 'always'],
    },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/aws/**'],
    rules: { 'no-restricted-imports': ['error', cdkAndSdk] },
  },
  {
    files: ['lib/aws/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: cdkAndSdk.patterns.filter((p) => !p.group[0].startsWith('@aws-sdk')) }] },
  },
);
