// The list files of a folder, for `npm run etl` without file names or with a folder named.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LIST_EXTENSIONS } from './read-list.ts';

/** Every list file of a folder (.txt .csv .xlsx .docx .html .htm), sorted; Office's ~$ lock files and hidden files skipped. */
export function listFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('~$') && !name.startsWith('.'))
    .filter((name) => LIST_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension)))
    .sort()
    .map((name) => join(dir, name));
}
