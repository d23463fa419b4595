// The one error type the ETL throws for bad input. It always names the file and, when known,
// the line, and says what was expected — so a user can open the list and fix it.

export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${reason}`);
  }
}
