/**
 * The TypeScript snippets of README.md and docs/*.md as files a user could paste into a CDK app.
 *
 * Convention (documented in docs/architecture.md): a snippet that needs names from around it (a function, a
 * VPC, the plan) has them in an HTML comment right before its block, which the page does not show:
 *
 *     <!-- snippet-prelude
 *     import * as lambda from 'aws-cdk-lib/aws-lambda';
 *     declare const worker: lambda.Function;
 *     -->
 *     ```ts
 *     ...
 *
 * A prelude holds only imports and `declare` statements (checked): it states what the snippet assumes, and adds
 * no code. The snippet's own `import` lines stay at the top of the file; the rest runs in a function whose
 * `this` is a construct scope (snippets are written inside a Stack's constructor).
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

export const DOC_ROOT = join(__dirname, '..', '..');

/** One ```ts block: where it is, its prelude and its lines. */
export interface Snippet {
  /** `README.md:287` (the line of the opening fence). */
  readonly where: string;
  readonly prelude: readonly string[];
  readonly lines: readonly string[];
}

/** Markdown files whose snippets are checked: the README and every page of docs/. */
export function documentedFiles(): string[] {
  return ['README.md', ...readdirSync(join(DOC_ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}

/** Every ```ts / ```typescript block of `markdown`, with the prelude comment right before it. */
export function snippetsOf(file: string, markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`${file}:${i + 1}: the block is not closed`);
    out.push({ where: `${file}:${i + 1}`, prelude: preludeBefore(lines, i), lines: lines.slice(i + 1, end) });
    i = end;
  }
  return out;
}

function preludeBefore(lines: readonly string[], fence: number): string[] {
  if (lines[fence - 1] !== '-->') return [];
  const start = lines.lastIndexOf('<!-- snippet-prelude', fence - 1);
  if (start < 0) return [];
  return lines.slice(start + 1, fence - 1);
}

/** Prelude lines that are neither an import, a `declare`, a comment nor blank (a prelude adds no code). */
export function preludeCode(snippet: Snippet): string[] {
  return snippet.prelude.filter((l) => l.trim() !== '' && !/^(import |declare |\/\/)/.test(l.trim()));
}

/** The file a user would have: prelude and the snippet's imports on top, the rest in a construct's scope. */
export function snippetModule(snippet: Snippet): string {
  const isImport = (l: string) => /^import /.test(l);
  const body = snippet.lines.filter((l) => !isImport(l));
  return [
    `// ${snippet.where}`,
    "import type { Construct as SnippetScope } from 'constructs';",
    ...snippet.prelude,
    ...snippet.lines.filter(isImport),
    'export function snippet(this: SnippetScope): void {',
    ...body.map((l) => `  ${l}`),
    '}',
    '',
  ].join('\n');
}

/** Every snippet of every documented file. */
export function allSnippets(): Snippet[] {
  return documentedFiles().flatMap((f) => snippetsOf(f, readFileSync(join(DOC_ROOT, f), 'utf8')));
}

/** Count of ```ts blocks in the documented files, by a plain scan (what `allSnippets` must match). */
export function tsFenceCount(): number {
  return documentedFiles().reduce((n, f) => n + (readFileSync(join(DOC_ROOT, f), 'utf8').match(/^```(ts|typescript)\s*$/gm) ?? []).length, 0);
}

/** `tsx test/docs/snippets.ts <dir>`: writes each snippet as `<dir>/snippet-NN.ts` (the consumer test compiles them). */
if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: tsx test/docs/snippets.ts <out-dir>');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { mkdirSync, writeFileSync } = require('fs') as typeof import('fs');
  mkdirSync(dir, { recursive: true });
  allSnippets().forEach((s, i) => writeFileSync(join(dir, `snippet-${String(i).padStart(2, '0')}.ts`), snippetModule(s)));
  console.log(`${allSnippets().length} snippets written to ${dir}`);
}
