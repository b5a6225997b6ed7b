/**
 * The one way a user's file comes in. Only regular files are read (a FIFO would block forever, a device
 * like /dev/zero never ends, a folder is not a document): the kind is checked with fstat on the opened
 * descriptor, so a file swapped between a check and the read cannot slip through. Each kind of input has
 * a size limit, checked before reading and again while reading (files under /proc report size 0). The
 * text must be UTF-8: UTF-16/32 byte order marks and binary content are named, never parsed.
 */
import { AsyncLocalStorage } from 'async_hooks';
import { isAscii, isUtf8 } from 'buffer';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'fs';
import { basename, dirname, isAbsolute, join, resolve } from 'path';
import { InputError } from './errors';
import { realPathOf, Root } from './root';

export { OutsideRoot, outsideRoot, realPathOf, Root } from './root';

/** What a file is read as; each kind has its own size limit ({@link INPUT_KINDS}). */
export type InputKind = 'workload' | 'plan' | 'scenario' | 'config' | 'template' | 'yaml-template' | 'trace' | 'manifest';

const MiB = 1024 * 1024;

/** Largest JSON template (also named in the YAML template's limit message). */
const JSON_TEMPLATE_MAX_BYTES = 32 * MiB;

/**
 * Largest file of each kind, in bytes, and its name in messages. YAML parsing holds about 100 times the
 * text in memory, so YAML kinds stay small (CloudFormation itself takes at most 1 MB of template, and a
 * 2 MiB workload describes thousands of functions); traces are streamed.
 */
export const INPUT_KINDS: Readonly<Record<InputKind, { readonly maxBytes: number; readonly noun: string; readonly hint?: string }>> = {
  workload: { maxBytes: 2 * MiB, noun: 'workload file' },
  scenario: { maxBytes: 1 * MiB, noun: 'scenario file' },
  config: { maxBytes: 1 * MiB, noun: 'check configuration file' },
  'yaml-template': { maxBytes: 2 * MiB, noun: 'YAML template', hint: `a JSON template, named *.json, may have ${formatBytes(JSON_TEMPLATE_MAX_BYTES)}` },
  template: { maxBytes: JSON_TEMPLATE_MAX_BYTES, noun: 'JSON template' },
  manifest: { maxBytes: 16 * MiB, noun: 'cloud assembly manifest' },
  plan: { maxBytes: 32 * MiB, noun: 'plan file' },
  trace: { maxBytes: 512 * MiB, noun: 'trace file' },
};

/** Bytes read per system call. */
const CHUNK_BYTES = MiB;

/** `2 MiB`, `512 KiB`, `17 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** Why a file could not be opened, read or written, in words. */
const FILE_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a folder on the path is a file)',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'a loop of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EIO: 'an I/O error',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file would be too large',
  EROFS: 'the file system is read-only',
  ENXIO: 'no process reads the pipe',
  EBUSY: 'the file is busy',
};

/** Why a file operation failed, in words (`no space left on the device`), from its error. */
export function describeFileError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return FILE_FAILURES[code] ?? (code || 'an unknown error');
}

/** What a file that is not a regular file is, in words. */
function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'it is a folder';
  if (stats.isFIFO()) return 'it is a named pipe (FIFO), not a regular file';
  if (stats.isCharacterDevice()) return 'it is a character device, not a regular file';
  if (stats.isBlockDevice()) return 'it is a block device, not a regular file';
  if (stats.isSocket()) return 'it is a socket, not a regular file';
  return 'it is not a regular file';
}

/** Why a file cannot be read: the reason alone, for messages that name the file their own way. */
export class UnreadableFile extends InputError {
  constructor(
    public readonly shown: string,
    public readonly reason: string,
  ) {
    super(`${shown}: cannot be read (${reason})`);
    // InputError's name, so every front end treats it as bad input.
    this.name = 'InputError';
  }
}

function tooLarge(kind: InputKind, size: string): string {
  const { noun, maxBytes, hint } = INPUT_KINDS[kind];
  return `it is ${size}; a ${noun} may be at most ${formatBytes(maxBytes)}${hint ? `; ${hint}` : ''}`;
}

/** The files one command read (device and inode), so its outputs can refuse to overwrite them. */
const inputsOfRun = new AsyncLocalStorage<Set<string>>();

/** Runs `fn`, recording every input file it reads; see {@link readByCurrentRun}. */
export function recordingInputs<T>(fn: () => T): T {
  return inputsOfRun.run(new Set<string>(), fn);
}

/** Identity of a file: device and inode. */
export function fileIdentity(stats: Pick<Stats, 'dev' | 'ino'>): string {
  return `${stats.dev}:${stats.ino}`;
}

/** True when the command running now (inside {@link recordingInputs}) has read the file with this identity. */
export function readByCurrentRun(identity: string): boolean {
  return inputsOfRun.getStore()?.has(identity) ?? false;
}

/**
 * Opens `path` for reading if it is a regular file no larger than the kind's limit; the caller closes it.
 * @throws UnreadableFile naming why not
 */
function openInput(path: string, kind: InputKind, shown: string): { fd: number; size: number } {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO without a writer would otherwise wait forever, before fstat could refuse it.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new UnreadableFile(shown, describeFileError(err));
  }
  try {
    const stats = fstatSync(fd);
    const wrongKind = notRegular(stats);
    if (wrongKind) throw new UnreadableFile(shown, wrongKind);
    if (stats.size > INPUT_KINDS[kind].maxBytes) throw new UnreadableFile(shown, tooLarge(kind, formatBytes(stats.size)));
    inputsOfRun.getStore()?.add(fileIdentity(stats));
    return { fd, size: stats.size };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/**
 * The bytes of `path` in chunks of about a megabyte, never more than the kind's limit in all.
 * @throws UnreadableFile when the file is not a regular file, is too large or cannot be read
 */
function* inputChunks(path: string, kind: InputKind, shown: string): Generator<Buffer> {
  const { fd } = openInput(path, kind, shown);
  try {
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      let n: number;
      try {
        n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      } catch (err) {
        throw new UnreadableFile(shown, describeFileError(err));
      }
      if (n === 0) return;
      total += n;
      // The size fstat gave can be wrong (files under /proc say 0) or change while reading.
      if (total > INPUT_KINDS[kind].maxBytes) throw new UnreadableFile(shown, tooLarge(kind, `more than ${formatBytes(INPUT_KINDS[kind].maxBytes)}`));
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Byte order marks of the encodings we do not read (UTF-32 before UTF-16: its LE mark starts with UTF-16's). */
const FOREIGN_BOMS: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['UTF-32 (little-endian)', [0xff, 0xfe, 0x00, 0x00]],
  ['UTF-32 (big-endian)', [0x00, 0x00, 0xfe, 0xff]],
  ['UTF-16 (little-endian)', [0xff, 0xfe]],
  ['UTF-16 (big-endian)', [0xfe, 0xff]],
];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

const startsWith = (bytes: Uint8Array, mark: readonly number[]) => mark.every((b, i) => bytes[i] === b);

/** Why `bytes` (the start of a file) are not UTF-8 text, or undefined when they may be. */
function foreignEncoding(bytes: Uint8Array): string | undefined {
  const bom = FOREIGN_BOMS.find(([, mark]) => startsWith(bytes, mark));
  if (bom) return `it is ${bom[0]} text; save it as UTF-8`;
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    // UTF-16 without a mark has a NUL in every other byte of ASCII text.
    const wide = nul <= 1 && bytes.length > 3 && (bytes[nul + 2] === 0 || bytes[nul + 4] === 0);
    return wide ? 'it looks like UTF-16 or UTF-32 text without a byte order mark; save it as UTF-8' : `it is binary, not text (a NUL byte at offset ${nul})`;
  }
  return undefined;
}

/** Line (1-based) of the first byte sequence that is not UTF-8, counted in the text decoded so far. */
function firstInvalidLine(bytes: Buffer, linesBefore: number): number {
  const lossy = bytes.toString('utf8');
  const at = lossy.indexOf('\uFFFD');
  return linesBefore + 1 + (lossy.slice(0, Math.max(0, at)).match(/\n/g)?.length ?? 0);
}

/**
 * Decodes one whole file. Pure ASCII (almost every template) is decoded as Latin-1, the same string at
 * about half the cost of UTF-8 decoding.
 * @throws UnreadableFile for a UTF-16/32 mark, binary content or bytes that are not UTF-8
 */
export function decodeInput(bytes: Buffer, shown: string): string {
  const foreign = foreignEncoding(bytes);
  if (foreign) throw new UnreadableFile(shown, foreign);
  if (isAscii(bytes)) return bytes.toString('latin1');
  if (!isUtf8(bytes)) throw new UnreadableFile(shown, `it is not UTF-8 text (line ${firstInvalidLine(bytes, 0)}); save it as UTF-8`);
  const text = bytes.toString('utf8');
  return startsWith(bytes, UTF8_BOM) ? text.slice(1) : text;
}

/**
 * Reads a whole input file as text.
 * @param shown the name messages use (the path as the user gave it)
 * @throws UnreadableFile (an InputError: exit 2) naming the file and why
 */
export function readInputText(path: string, kind: InputKind, shown: string = path): string {
  return decodeInput(Buffer.concat([...inputChunks(path, kind, shown)]), shown);
}

/**
 * Reads an input file as text in pieces, for inputs processed as they stream (traces): the pieces joined
 * are the file's text (a UTF-8 mark dropped); memory holds one piece at a time.
 * @throws UnreadableFile as {@link readInputText}, when the problem is met
 */
export function* readInputPieces(path: string, kind: InputKind, shown: string = path): Generator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let lines = 0;
  let first = true;
  for (const chunk of inputChunks(path, kind, shown)) {
    if (first) {
      const foreign = foreignEncoding(chunk);
      if (foreign) throw new UnreadableFile(shown, foreign);
      first = false;
    } else if (chunk.includes(0)) {
      throw new UnreadableFile(shown, 'it is binary, not text (it has NUL bytes)');
    }
    let piece: string;
    try {
      piece = decoder.decode(chunk, { stream: true });
    } catch {
      throw new UnreadableFile(shown, `it is not UTF-8 text (line ${firstInvalidLine(chunk, lines)}); save it as UTF-8`);
    }
    lines += piece.match(/\n/g)?.length ?? 0;
    yield piece;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new UnreadableFile(shown, 'it is not UTF-8 text (it ends inside a character); save it as UTF-8');
  }
}

/**
 * Parses JSON text. Node's own messages quote the text around the error, which could be a secret from a
 * file given by mistake; this one shows the offending token (one character) and the line.
 * @throws InputError `file: not valid JSON (unexpected token 'x' at line 3)` and `hint` after it
 */
export function parseJsonText(text: string, shown: string, hint = ''): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${shown}: not valid JSON (${describeJsonError(err, text)})${hint ? `; ${hint}` : ''}`);
  }
}

function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const position = /at position (\d+)/.exec(message);
  const line = position ? ` at line ${(text.slice(0, Number(position[1])).match(/\n/g)?.length ?? 0) + 1}` : '';
  const token = /^Unexpected token '(.)'/.exec(message) ?? /^Unexpected token (.) in JSON/.exec(message);
  if (token) return `unexpected ${JSON.stringify(token[1])}${line}`;
  if (/end of JSON input/i.test(message)) return 'it ends too early';
  // "Expected ',' or ']' after array element in JSON at position 2": Node's words, without the text.
  return `${message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*$/s, '')}${line}`;
}

/** Stats of `path` (following links), or undefined when there is nothing there yet. */
function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** True when `path` is a symbolic link (whether or not what it names exists). */
function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Why the output `file` (as given, relative to `cwd`) must not be written there, or undefined: a pull request can
 * commit symbolic links where a pipeline writes its report. An output is never written through a link (it would
 * replace the file the link names, anywhere); and a path given relative without `..` is meant to be inside the
 * working directory, so a folder on it that leads out of it ({@link Root}) is refused. Decided on the names alone,
 * the same whether or not a link's target exists. An absolute path, or one that climbs, is the operator's choice.
 */
function outsideOutput(file: string, path: string, cwd: string): string | undefined {
  if (isLink(path)) return 'it is a symbolic link; an output is never written through one';
  const climbs = isAbsolute(file) || file.split(/[\\/]/).includes('..');
  if (!climbs && !new Root(cwd).holds(realPathOf(dirname(path)))) return 'a symbolic link on its path leads out of the working directory';
  return undefined;
}

/**
 * Throws what {@link writeOutput} would refuse `file` for (a link, a folder leading out of the working
 * directory, a folder, an input of this run) without writing: a command writing several files checks them
 * all first, so a refusal leaves none of them half written.
 * @returns what is at the path now (undefined when nothing is)
 * @throws InputError (exit 2) naming the file and why it cannot be written
 */
export function assertWritable(file: string, cwd: string): Stats | undefined {
  const path = resolve(cwd, file);
  const refuse = (why: string) => new InputError(`${file}: cannot be written (${why})`);
  const outside = outsideOutput(file, path, cwd);
  if (outside) throw refuse(outside);
  const existing = statIfAny(path);
  if (existing?.isDirectory()) throw refuse('it is a folder');
  if (existing && readByCurrentRun(fileIdentity(existing))) throw refuse('it is an input of this command; write the output elsewhere');
  return existing;
}

/**
 * Writes an output file atomically: into a temporary file beside it, then renamed over it, so a failure
 * (a full disk) leaves the old file or none, never half of one. A device or pipe (`/dev/null`) is written in
 * place. Refuses to overwrite a folder or a file the running command read, and to write through a symbolic
 * link ({@link outsideOutput}).
 * @param file the path as the user gave it (relative to `cwd`), as messages name it
 * @returns the absolute path written
 * @throws InputError (exit 2) naming the file and why it cannot be written
 */
export function writeOutput(file: string, content: string | Uint8Array, cwd: string): string {
  const path = resolve(cwd, file);
  const refuse = (why: string) => new InputError(`${file}: cannot be written (${why})`);
  const existing = assertWritable(file, cwd);
  if (existing && !existing.isFile()) {
    try {
      writeFileSync(path, content);
      return path;
    } catch (err) {
      throw refuse(describeFileError(err));
    }
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    // mkdir says EEXIST when a file stands where a folder should be.
    const code = (err as NodeJS.ErrnoException).code;
    throw refuse(code === 'EEXIST' || code === 'ENOTDIR' ? FILE_FAILURES.ENOTDIR : describeFileError(err));
  }
  try {
    writeFileSync(temp, content, { flag: 'wx', mode: existing ? existing.mode & 0o777 : 0o666 });
    renameSync(temp, path);
  } catch (err) {
    removeIfThere(temp);
    throw refuse(describeFileError(err));
  }
  return path;
}

/** Removes a file if it is there; a path that cannot hold one (a file as folder) has nothing to remove. */
function removeIfThere(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was created there.
  }
}
