/**
 * CSV records as they stream: text pieces (a file read in chunks) are cut into lines and each record is
 * parsed on its own, so memory holds one record, not the file. Line numbers are the file's.
 */
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors';
import { redactSecrets } from '../secrets';

/** A whole text, or its pieces in order (see `readInputPieces` in lib/files.ts). */
export type TextSource = string | Iterable<string>;

/** One CSV record and where it ends. */
export interface CsvRow {
  readonly cells: readonly string[];
  /** 1-based line number in the file (of the record's last line). */
  readonly line: number;
}

/**
 * Longest line a CSV file of this project may have, in characters: a day of an Azure file is about 10 KB, a
 * month of one (31 days in a row) about 400 KB. A longer line is not a trace, and holding it whole while the
 * next pieces come would cost memory and time for nothing.
 */
export const MAX_LINE_CHARS = 8 * 1024 * 1024;

/**
 * The lines of `source`, without their `\n`; each piece is split once (a line spread over many pieces is
 * joined, never re-split).
 * @param tooLong the error to throw when a line grows past {@link MAX_LINE_CHARS}
 */
function* linesOf(source: TextSource, tooLong: () => Error): Generator<string> {
  let rest = '';
  for (const piece of typeof source === 'string' ? [source] : source) {
    const lines = piece.split('\n');
    lines[0] = rest + lines[0];
    rest = lines.pop() as string;
    for (const line of lines) {
      if (line.length > MAX_LINE_CHARS) throw tooLong();
      yield line;
    }
    if (rest.length > MAX_LINE_CHARS) throw tooLong();
  }
  if (rest) yield rest;
}

/** How many times `char` is in `line`. */
function count(line: string, char: string): number {
  let n = 0;
  for (let i = line.indexOf(char); i >= 0; i = line.indexOf(char, i + 1)) n++;
  return n;
}

/**
 * A record on one line without quotes, split when its cells are asked for: most rows of an Azure file
 * are only looked at for their function's hash, and splitting 1,440 cells of each costs most of the time.
 */
class PlainRow implements CsvRow {
  private split?: readonly string[];

  constructor(
    private readonly text: string,
    public readonly line: number,
  ) {}

  get cells(): readonly string[] {
    this.split ??= this.text.split(',').map((cell) => cell.trim());
    return this.split;
  }

  /** Cell `index` alone (the cells before it are split, not the ones after). */
  cell(index: number): string | undefined {
    return this.split ? this.split[index] : this.text.split(',', index + 1)[index]?.trim();
  }
}

/** Cell `index` of a row, splitting no more of it than needed. */
export function cellOf(row: CsvRow, index: number): string | undefined {
  return row instanceof PlainRow ? row.cell(index) : row.cells[index];
}

/**
 * Parses one record with quotes (csv-parse: escaped quotes, separators and line ends inside quotes).
 * @param firstLine the file's line number of the record's first line
 */
function parseQuoted(text: string, firstLine: number, file: string): string[] {
  try {
    const [record] = parse(text, { trim: true, relax_column_count: true }) as string[][];
    return record ?? [];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    const where = typeof e.lines === 'number' ? `:${firstLine + e.lines - 1}` : '';
    // csv-parse ends some messages with "on line N"; the line is already in front.
    // Some messages quote a field of the file ("value is …"): shown only through the secret filter.
    throw new InputError(`${file}${where}: ${redactSecrets((e.message ?? String(err)).replace(/\.$/, '').replace(/ (on|at) line \d+/, ''))}`);
  }
}

/**
 * The records of a CSV text (header included): cells trimmed, empty lines skipped, and every record as
 * long as the first. Lines without quotes (every line of a trace) are split directly; a line with quotes
 * goes to csv-parse, with the lines after it while a quoted cell is open.
 * @throws InputError `file:line: message` for a syntax error or a record of another length
 */
export function* csvRecords(source: TextSource, file: string): Generator<CsvRow> {
  let lineNo = 0;
  let width: number | undefined;
  let open: { lines: string[]; first: number; quotes: number } | undefined;
  const tooLong = () => new InputError(`${file}:${lineNo + 1}: a line of more than ${MAX_LINE_CHARS.toLocaleString('en-US')} characters; no trace has one (a day of an Azure file is about 10,000)`);
  for (const raw of linesOf(source, tooLong)) {
    lineNo++;
    const line = lineNo === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
    let row: CsvRow;
    if (open) {
      open.lines.push(line);
      open.quotes += count(line, '"');
      if (open.quotes % 2 === 1) continue;
      row = { cells: parseQuoted(open.lines.join('\n'), open.first, file), line: lineNo };
      open = undefined;
    } else if (line.includes('"')) {
      const n = count(line, '"');
      if (n % 2 === 1) {
        open = { lines: [line], first: lineNo, quotes: n };
        continue;
      }
      row = { cells: parseQuoted(line, lineNo, file), line: lineNo };
    } else {
      if (line.trim() === '') continue;
      // CR alone ends no line here: a file saved so is one line, and its header would read as nonsense.
      if (lineNo === 1 && line.replace(/\r$/, '').includes('\r')) {
        throw new InputError(`${file}:1: its lines end in a carriage return alone (CR, old Mac OS line endings), which is not read as a line end; save it with LF or CRLF line endings`);
      }
      row = new PlainRow(line, lineNo);
    }
    const length = row instanceof PlainRow ? count(line, ',') + 1 : row.cells.length;
    width ??= length;
    if (length !== width) throw new InputError(`${file}:${lineNo}: Invalid Record Length: expect ${width}, got ${length}`);
    yield row;
  }
  // A quoted cell still open at the end: csv-parse names the problem.
  if (open) parseQuoted(open.lines.join('\n'), open.first, file);
}
