// Reader of the tab-separated text dump of the published tables (the seed's format): one row
// per line, cells split on tabs. Its cells hold HTML fragments and may continue on the next
// lines; the record builder joins them, knowing the header's width.

import type { SourceRow } from './source-rows.ts';

/** Text of a list file → one row per line (line numbers from 1). */
export function readTextRows(text: string): SourceRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  return lines.map((line, index) => ({ cells: line.split('\t'), line: index + 1, textDump: true }));
}
