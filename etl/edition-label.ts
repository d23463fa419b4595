// Which edition (版本) of a town's lists a file holds, and which edition of a town is its latest.
// The label comes from the titles (`（2026年版）`, `2026年`: etl/parse-list.ts), else from
// `--edition LABEL`, else from a 4-digit year in the file name, else 未标注. Years are labelled
// `<year>年版` whichever of the three named them, so the same year is the same edition.

import { basename } from 'node:path';

/** The edition of a file that names none. */
export const UNLABELLED_EDITION = '未标注';
/** Longest `--edition` label, in characters. */
export const MAX_EDITION_CHARS = 40;

const FILE_YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)/;
const LABEL_YEAR = /(?<!\d)(\d{4})(?!\d)/;

/** A file's edition label: its titles', else the option's, else its file name's year, else 未标注. */
export function editionLabel(titleEdition: string | null, option: string | undefined, file: string): string {
  if (titleEdition !== null) return titleEdition;
  if (option !== undefined) return option;
  const year = FILE_YEAR.exec(basename(file))?.[1];
  return year === undefined ? UNLABELLED_EDITION : `${year}年版`;
}

/** The year an edition label names (its first 4-digit number), or null: orders editions. */
export function editionYear(label: string): number | null {
  const year = LABEL_YEAR.exec(label)?.[1];
  return year === undefined ? null : Number(year);
}

/** Checks an `--edition` label; returns an error message or null. */
export function checkEditionOption(label: string): string | null {
  const trimmed = label.trim();
  if (trimmed === '' || trimmed !== label || [...label].length > MAX_EDITION_CHARS || /\p{Cc}/u.test(label))
    return `--edition: expected a label of 1 to ${MAX_EDITION_CHARS} characters without surrounding spaces or control characters, got '${label}'`;
  return null;
}
