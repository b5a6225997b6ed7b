/**
 * The output conventions every command shares: `-f, --format` picks the format (`text` is the terminal
 * one everywhere), `-o, --out FILE` writes the output to FILE instead of stdout, and without `--format`
 * the file's extension picks the format when it names one of the command's formats.
 */
import { Help, InvalidArgumentError, Option, type Command } from 'commander';
import { writeOutputFile, type Io } from './io';
import { safeLines } from '../lib/report/escape';

/** A command's output formats. */
export interface OutputSpec {
  /** Format name → the file extensions that name it (lower case, with the dot); the first format is the default. */
  readonly formats: Readonly<Record<string, readonly string[]>>;
  /** Deprecated names still accepted: alias → format. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** What `--out` writes, for `--help` ("the plan"). */
  readonly what: string;
}

/** Adds `-f, --format` and `-o, --out` to `command`. */
export function addOutputOptions(command: Command, spec: OutputSpec): Command {
  const names = Object.keys(spec.formats);
  const accepted = [...names, ...Object.keys(spec.aliases ?? {})];
  const extensions = names.flatMap((name) => spec.formats[name].map((ext) => `${ext} ${name}`));
  const deprecated = Object.entries(spec.aliases ?? {}).map(([alias, name]) => `; ${alias}: deprecated name of ${name}`);
  const format = new Option('-f, --format <format>', `output format: ${names.join(', ')}${deprecated.join('')}`)
    .default(names[0])
    .argParser((value: string) => {
      if (!accepted.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${names.join(', ')}.`);
      return value;
    });
  const out = new Option('-o, --out <file>', `write ${spec.what} to this file instead of stdout; without --format, the extension picks the format (${extensions.join(', ')})`);
  return command.addOption(format).addOption(out);
}

/**
 * The format to render: `--format` when given, else the one the `--out` file's extension names (the
 * longest matching extension), else the default. A deprecated name is mapped, with a note on stderr.
 */
export function chosenFormat(command: Command, spec: OutputSpec, io: Io): string {
  const { format, out } = command.opts<{ format: string; out?: string }>();
  if (command.getOptionValueSource('format') === 'default' && out !== undefined) {
    const file = out.toLowerCase();
    const matches = Object.entries(spec.formats).flatMap(([name, exts]) => exts.filter((ext) => file.endsWith(ext)).map((ext) => ({ name, ext })));
    const best = matches.sort((a, b) => b.ext.length - a.ext.length)[0];
    if (best) return best.name;
  }
  const canonical = spec.aliases?.[format];
  if (canonical === undefined) return format;
  io.stderr(`note: --format ${format} is a deprecated name of --format ${canonical}\n`);
  return canonical;
}

/** Writes `output` to the `--out` file (saying so on stderr) or, without one, to stdout. */
export function writeOutput(io: Io, out: string | undefined, output: string): void {
  if (out === undefined) io.stdout(output);
  else io.stderr(`${safeLines([`wrote ${writeOutputFile(io, out, output)}`])}\n`);
}

/** `--help` settings of every command: a required option says so (commander does not). */
export const HELP: Partial<Help> = {
  optionDescription(option: Option): string {
    const text = Help.prototype.optionDescription.call(this, option);
    return option.mandatory ? `${text} (required)` : text;
  },
};
