// The one error type the ETL throws for bad input. It always names the file and, when known,
// the place in it (a line of a text list, or "sheet X, row 17" / "table 2, row 5" of a
// document), and says what was expected — so a user can open the list and fix it.

export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
    /** Where in a document (sheet/table and row); null for a text list, where the line says it. */
    readonly place: string | null = null,
  ) {
    super(`${at(file, line, place)}: ${reason}`);
  }
}

/** The message prefix for a place in a file: `file.txt:17` or `file.xlsx: sheet 配合, row 17`. */
export function at(file: string, line: number | null, place: string | null = null): string {
  if (place !== null) return `${file}: ${place}`;
  return line === null ? file : `${file}:${line}`;
}
