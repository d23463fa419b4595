// Bounds what an Office package (.xlsx/.docx, a ZIP) may expand to, so a small file cannot
// inflate to gigabytes in memory: the entries' declared sizes are summed before anything is read.

import type JSZip from 'jszip';
import { ParseError } from './parse-error.ts';

/** Rejects a package whose entries would expand past `maxBytes` (the file size cap). */
export function checkZipSize(zip: JSZip, file: string, maxBytes: number): void {
  let total = 0;
  zip.forEach((_path, entry) => {
    // jszip keeps each entry's declared size from the central directory; no public accessor.
    total += (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  });
  if (total > maxBytes) {
    throw new ParseError(
      file,
      null,
      `the package expands to ${Math.ceil(total / 1_048_576)} MB, over the ${Math.round(maxBytes / 1_048_576)} MB cap; raise it with --max-file-mb`,
    );
  }
}
