/**
 * The one escaping of text taken from input (logical ids, parameter values, file names, function names,
 * scenario descriptions) before it is printed. A pipeline prints our output into its log, where a newline
 * inside a value could start a line of its own (`::error file=…::`, `::add-mask::`, `::stop-commands::`:
 * GitHub Actions workflow commands), an escape sequence could rewrite the terminal, and a bidi override
 * could show text in another order than it is. Every renderer escapes what it takes from input with
 * {@link escapeControl} and guards its whole output with {@link guardLines}; the CLI's error printing does
 * the same. JSON and SARIF go through {@link safeJson}.
 */

/**
 * Characters never printed raw from input: C0 controls (newline, tab, ESC…), DEL, C1 controls (8-bit CSI is
 * U+009B), the Unicode line and paragraph separators (U+2028, U+2029), and every default-ignorable code point:
 * what a terminal or a log viewer draws as nothing, among them the bidi marks, embeddings, overrides and isolates
 * (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), the zero-width space, joiners and word joiner
 * (U+200B–U+200D, U+2060), the soft hyphen (U+00AD), U+FEFF, the Hangul fillers (U+115F, U+3164), the variation
 * selectors and the tag characters (U+E0000–U+E007F). Drawn as nothing, `Pay\u200Bments` read as `Payments`: a
 * finding on one resource shown as on another.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Default_Ignorable_Code_Point}]/gu;

/** The same set without the newline: what a whole output may not carry (its own newlines end its lines). */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_OUTPUT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Default_Ignorable_Code_Point}]/gu;

/** Characters JSON.stringify leaves raw that a terminal or log viewer interprets (C0 is already escaped by JSON). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\p{Default_Ignorable_Code_Point}]/gu;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\u202E`, as JavaScript and JSON write it (a character past U+FFFF as its two surrogates, `\uDB40\uDC01`). */
function unicodeEscape(c: string): string {
  let out = '';
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
  return out;
}

function visible(c: string): string {
  return SHORT[c] ?? unicodeEscape(c);
}

/**
 * A value from input as one line of plain text: control characters, newlines, escape sequences and bidi
 * controls are written as escapes (`\n`, `\u001B`, `\u202E`); everything else is unchanged.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * What the GitHub runner trims before it looks for `::`: .NET's `TrimStart()` takes every Unicode white space,
 * not only spaces and tabs (U+000B–U+000D, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
 * U+205F, U+3000); and U+FEFF, which JavaScript counts as one too.
 */
const BLANKS = String.raw`[\t\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*`;

/**
 * A line that starts (after {@link BLANKS}) with `::` is a GitHub Actions workflow command; none of our own lines
 * does, so such a line comes from input and gets a backslash before it.
 */
const COMMAND_LINE = new RegExp(`^(${BLANKS})::`, 'gm');

/**
 * Commands a CI agent finds anywhere in a line, never ours either: `##[error]…` (the GitHub runner's older
 * syntax, and Azure Pipelines' formatting commands), `##vso[task.setvariable …]` (Azure Pipelines' logging
 * commands, which set variables and fail steps) and `##teamcity[…]` (TeamCity's service messages). Matched
 * without regard to case; the `[` is what gets escaped.
 */
const LEGACY_COMMAND = /##(vso|teamcity)?\[/gi;

/**
 * A whole text output made safe to print: any control or bidi character left in it escaped (its newlines
 * kept), no line starting with `::`, and no `##[`, `##vso[` or `##teamcity[` (see {@link LEGACY_COMMAND}).
 */
export function guardLines(text: string): string {
  return text.replace(UNSAFE_IN_OUTPUT, visible).replace(COMMAND_LINE, '$1\\::').replace(LEGACY_COMMAND, '##$1\\[');
}

/** Lines of text, each value escaped, joined and guarded: the shape of a plain-text message list. */
export function safeLines(lines: readonly string[]): string {
  return guardLines(lines.map(escapeControl).join('\n'));
}

/**
 * `JSON.stringify` whose output has no raw control, bidi or separator character (those JSON leaves as they
 * are are written as `\uXXXX` escapes) and no `##[`, `##vso[` or `##teamcity[`: the same data once parsed.
 */
export function safeJson(value: unknown, space?: number): string {
  return safeJsonText(JSON.stringify(value, null, space));
}

/** JSON text (from `JSON.stringify`) with the characters {@link safeJson} escapes escaped: the same data. */
export function safeJsonText(json: string): string {
  // `#` appears in JSON text only inside strings, where `\u005B` is the same `[`.
  return json.replace(UNSAFE_IN_JSON, unicodeEscape).replace(LEGACY_COMMAND, '##$1\\u005B');
}

/** The start of a line that may still become `::` once the next piece comes: blanks, then at most one colon. */
const UNDECIDED = new RegExp(`^${BLANKS}:?$`);

/**
 * Guards a stream written in pieces (a piece need not end a line): the CLI's stdout and stderr, after every
 * renderer's own escaping, as the last defence against a `::` line. The start of a line that could still
 * become one is held back until the next piece decides it, or {@link flush} gives it out.
 */
export class LineGuard {
  /** True when the text written so far ends inside a line (not at its start). */
  private midLine = false;
  private held = '';

  /** The part of `piece` that may be written now. */
  guard(piece: string): string {
    const segments = (this.held + piece).split('\n');
    this.held = '';
    const last = segments.length - 1;
    const out = segments.map((segment, k) => {
      if (k === 0 && this.midLine) return segment;
      if (k === last && UNDECIDED.test(segment) && segment !== '') {
        this.held = segment;
        return '';
      }
      return segment.replace(COMMAND_LINE, '$1\\::');
    });
    this.midLine = this.held === '' ? (last === 0 ? this.midLine || segments[0] !== '' : segments[last] !== '') : false;
    return out.join('\n');
  }

  /** What is held back, to write at the end. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    this.midLine = rest !== '';
    return rest;
  }
}
