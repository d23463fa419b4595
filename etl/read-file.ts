// Reads a list file's bytes safely: links resolved, only a regular file (a FIFO would block
// forever, /dev/zero never ends), and at most a capped number of bytes. The checks are made on
// the opened descriptor, so the file cannot be swapped between check and read.

import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { ParseError } from './parse-error.ts';

/** Default cap of one list file; `--max-file-mb` raises it. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1_048_576;

/** The bytes of a regular file no larger than maxBytes; otherwise a ParseError naming `name`. */
export function readRegularFile(path: string, name: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Buffer {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO without a writer returns at once instead of waiting.
    fd = openSync(realpathSync(path), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new ParseError(
      name,
      null,
      `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new ParseError(name, null, `${kindOf(stats)}, not a regular file; expected a list file`);
    }
    if (stats.size > maxBytes) throw tooLarge(name, stats.size, maxBytes);
    const buffer = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < stats.size) {
      const read = readSync(fd, buffer, filled, stats.size - filled, null);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(name: string, size: number, maxBytes: number): ParseError {
  return new ParseError(
    name,
    null,
    `file is ${(size / 1_048_576).toFixed(1)} MB, over the ${Math.round(maxBytes / 1_048_576)} MB cap; raise it with --max-file-mb`,
  );
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
