// The common shape every reader (text, CSV, Excel, Word, web page) turns a file into, and the
// record builder (parse-list.ts) consumes: rows of cell texts, each with its place in the file.
// A title or category is a row whose only non-blank cell is the first; a page's header row
// starts with 序号. Keeping one shape means one set of checks and one golden answer per list.

export interface SourceRow {
  cells: string[];
  /** Line of a text list, or the row's number in its sheet/table (stored as source_line). */
  line: number;
  /** Where a document row is, e.g. "sheet 配合履职事项清单, row 17"; absent for text lines. */
  place?: string;
  /**
   * A line of the tab-separated text dump: its cells hold HTML fragments and a cell may
   * continue on the following lines. Rows of other formats are whole, with plain-text cells.
   */
  textDump?: boolean;
}

/** Widest row a document reader keeps; a list has a handful of columns. */
export const MAX_COLUMNS = 200;

/** How many characters of a file's content a message quotes at most. */
export const QUOTE_CHARS = 40;

/** Content quoted in a message: one line, control characters escaped, at most 40 characters. */
export function quote(text: string): string {
  const flat = escapeControls(text.replace(/[\s\u3000]+/g, ' ').trim());
  const chars = [...flat.slice(0, QUOTE_CHARS * 2)];
  return chars.length > QUOTE_CHARS ? `${chars.slice(0, QUOTE_CHARS).join('')}…` : chars.join('');
}

// C0 and C1 controls (tab and new line included: a name or quote shows them escaped).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Escapes control characters as \n, \t or \xNN, so a printed name cannot move the cursor. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\t') return '\\t';
    if (char === '\r') return '\\r';
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
