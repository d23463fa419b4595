// What one import may upload. A file is capped as the ETL caps it; the total bounds what a serving
// process holds in memory while it receives a request (the body is parsed before it is written out).
import { DEFAULT_MAX_FILE_BYTES } from '../../etl/read-file.ts';
import { LIST_EXTENSIONS } from '../../etl/list-extensions.ts';

export const IMPORT_LIMITS = {
  maxFiles: 20,
  maxFileBytes: DEFAULT_MAX_FILE_BYTES,
  maxTotalBytes: 100 * 1_048_576,
  extensions: LIST_EXTENSIONS,
} as const;

/** Imports are kept a day (their state answers GET), then removed with their uploads. */
export const IMPORT_MAX_AGE_MS = 24 * 3_600_000;
