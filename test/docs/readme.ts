/**
 * The README as data for the docs tests: its links, its shell commands, and its transcripts
 * (`$ command` followed by the output it printed).
 */
import { readFileSync } from 'fs';
import { join } from 'path';

export const ROOT = join(__dirname, '..', '..');
export const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** How the README runs the CLI in a clone, and where the package is installed. */
export const IN_CLONE = 'npm run -s cli -- ';
export const INSTALLED = 'npx cdk-lambda-scaling ';

/** A fenced code block: its info string and lines. */
export interface Block {
  readonly info: string;
  readonly lines: readonly string[];
}

/** Every fenced code block of `markdown`. */
export function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let open: { info: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      if (open) {
        blocks.push(open);
        open = undefined;
      } else open = { info: line.slice(3).trim(), lines: [] };
    } else open?.lines.push(line);
  }
  return blocks;
}

/** Markdown prose only: code blocks and inline code removed (links inside them are not links). */
export function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Targets of `[text](target)` and `![alt](target)` links in the prose. */
export function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor the page defines: heading slugs and `<a id>` elements. */
export function anchors(markdown: string): Set<string> {
  const headings = [...prose(markdown).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1].replace(/`/g, '')));
  const ids = [...markdown.matchAll(/<a id="([^"]+)">/g)].map((m) => m[1]);
  return new Set([...headings, ...ids]);
}

/** A CLI command of the README: where it runs, its arguments, and how it is shown. */
export interface CliCommand {
  readonly where: 'clone' | 'installed';
  readonly args: string[];
  readonly line: string;
}

/** Every CLI command in the README's code blocks (shell lines and `$ ` transcript lines). */
export function cliCommands(markdown: string): CliCommand[] {
  const commands: CliCommand[] = [];
  for (const block of codeBlocks(markdown)) {
    for (const raw of block.lines) {
      const line = raw.replace(/^\s*(-\s+run:\s+|\$\s+)/, '');
      for (const [prefix, where] of [[IN_CLONE, 'clone'], [INSTALLED, 'installed']] as const) {
        const at = line.indexOf(prefix);
        if (at < 0) continue;
        const command = line.slice(at + prefix.length).split(/\s*(?:#|;|\|\|?|&&)\s*/)[0];
        commands.push({ where, args: command.trim().split(/\s+/), line: raw });
      }
    }
  }
  return commands;
}

/** One step of a transcript: the command after `$ ` and the lines it printed. */
export interface TranscriptStep {
  readonly command: string;
  readonly output: readonly string[];
}

/** Code blocks that begin with `$ npm run -s cli -- `, split into their steps. */
export function transcripts(markdown: string): TranscriptStep[][] {
  return codeBlocks(markdown)
    .filter((b) => b.lines[0]?.startsWith(`$ ${IN_CLONE}`))
    .map((b) => {
      const steps: Array<{ command: string; output: string[] }> = [];
      for (const line of b.lines) {
        if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [] });
        else steps[steps.length - 1].output.push(line);
      }
      return steps;
    });
}

/** Whether `actual` lines match `expected`, where an expected line `...` stands for any number of lines. */
export function matchesWithElision(expected: readonly string[], actual: readonly string[]): boolean {
  if (expected.length === 0) return actual.length === 0;
  if (expected[0] === '...') {
    for (let skip = 0; skip <= actual.length; skip++) if (matchesWithElision(expected.slice(1), actual.slice(skip))) return true;
    return false;
  }
  return actual.length > 0 && expected[0] === actual[0] && matchesWithElision(expected.slice(1), actual.slice(1));
}

/** Options whose value is a file the command writes. */
export const OUTPUT_OPTIONS = new Set(['-o', '--out', '--chart']);
