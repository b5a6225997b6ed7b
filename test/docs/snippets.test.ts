/**
 * Every TypeScript snippet of README.md and docs/ compiles under `strict`, as a user would paste it (issue 20).
 * Here against the source, with the package's import paths mapped onto it (fast enough for `npm test`);
 * scripts/consumer-test.sh compiles the same files against the packed package installed in a fresh app.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as ts from 'typescript';
import { allSnippets, DOC_ROOT, preludeCode, snippetModule, tsFenceCount } from './snippets';

const snippets = allSnippets();

test('every ```ts block of README.md and docs/ is found', () => {
  expect(snippets.length).toBe(tsFenceCount());
  expect(snippets.length).toBeGreaterThanOrEqual(12);
});

test('preludes only import and declare: they add no code to what the page shows', () => {
  expect(snippets.map((s) => [s.where, preludeCode(s)]).filter(([, code]) => code.length > 0)).toEqual([]);
});

test('every snippet compiles under strict against the package\'s entry points', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snippets-'));
  try {
    const files = snippets.map((s, i) => {
      const file = join(dir, `snippet-${String(i).padStart(2, '0')}.ts`);
      writeFileSync(file, snippetModule(s));
      return { file, where: s.where };
    });
    const program = ts.createProgram(files.map((f) => f.file), {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(DOC_ROOT, 'node_modules', '@types')],
      baseUrl: DOC_ROOT,
      paths: {
        'cdk-lambda-scaling': ['index.ts'],
        'cdk-lambda-scaling/lib': ['lib/index.ts'],
        'cdk-lambda-scaling/constructs': ['constructs/index.ts'],
        'cdk-lambda-scaling/testing': ['constructs/testing.ts'],
        '*': ['node_modules/*'],
      },
    });
    const errors = files.flatMap(({ file, where }) => {
      const source = program.getSourceFile(file)!;
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
        const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1;
        return `${where} (generated line ${line}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    });
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
