// Reader of a saved web page (.html/.htm) with htmlparser2's tokenizer, a streaming HTML
// tokenizer (entities, raw-text <script>/<style>, attributes): the lists are <table>s, each
// title in a heading or paragraph before its table (or a <caption>). The tokenizer is used
// without htmlparser2's tree stack, which costs O(depth) per element and made 100,000 nested
// elements quadratic; the only stack here is of open tables.
// Navigation, scripts and footers are ignored: only tables with a 序号 header row, or with a
// list title before them, are read. Cells spanning columns count once; a cell spanning rows
// over one column fills each row. Text is read in one pass, whatever the markup's shape.

import { Tokenizer } from 'htmlparser2';
import { plainText } from './clean-text.ts';
import { isHeaderRow } from './list-columns.ts';
import { MAX_COLUMNS, type SourceRow } from './source-rows.ts';

const TITLE_LIKE = /清单/;
const LIST_TITLE = /(基本履职事项清单|配合履职事项清单|上级部门收回事项清单)/;
// Raw-text elements the tokenizer always closes; their text is not the page's.
const SKIPPED = new Set(['script', 'style', 'title', 'textarea', 'xmp']);
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ol',
  'ul',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'main',
  'aside',
  'center',
  'blockquote',
  'pre',
  'dd',
  'dt',
  'dl',
  'hr',
  'table',
  'tr',
  'td',
  'th',
  'caption',
  'body',
  'form',
]);
/** rowspan and colspan as HTML bounds them. */
const MAX_ROWSPAN = 65_534;
const MAX_COLSPAN = 1_000;

interface Span {
  text: string;
  remaining: number;
}

interface Table {
  no: number;
  title: SourceRow | null;
  rows: SourceRow[];
  row: string[] | null;
  rowNo: number;
  cell: { text: string[]; colspan: number; rowspan: number } | null;
  spans: (Span | undefined)[];
  caption: string[] | null;
  /** Where the current block of the open cell began (an index into cell.text). */
  blockFrom: number;
  /** A list title read in a cell of this table, for a table nested after it (a page laid out in a table). */
  nestedTitle: SourceRow | null;
}

/** Page text → title rows and table rows of the list tables, in document order. */
export function readHtmlRows(html: string): SourceRow[] {
  const out: SourceRow[] = [];
  const stack: Table[] = [];
  let tableCount = 0;
  let skipDepth = 0;
  let block: string[] = [];
  let blockStart = 0;
  let pendingTitle: SourceRow | null = null;
  // Line numbers of positions, counted forward once (positions only grow).
  let lineCursor = 0;
  let lineNo = 1;
  const lineAt = (index: number): number => {
    for (; lineCursor < index && lineCursor < html.length; lineCursor++) {
      if (html.charCodeAt(lineCursor) === 0x0a) lineNo += 1;
    }
    return lineNo;
  };

  const flushBlock = () => {
    if (block.length === 0) return;
    const text = plainText(block.join('')).replace(/\n/g, ' ');
    block = [];
    if (TITLE_LIKE.test(text)) {
      const line = lineAt(blockStart);
      pendingTitle = { cells: [text], line, place: `line ${line}` };
    }
  };
  const fillSpans = (table: Table) => {
    if (table.row === null) return;
    while (table.row.length < MAX_COLUMNS) {
      const span = table.spans[table.row.length];
      if (span === undefined || span.remaining <= 0) break;
      table.row.push(span.text);
      span.remaining -= 1;
    }
  };

  function onOpen(name: string, attribs: Record<string, string>, start: number): void {
    if (SKIPPED.has(name)) skipDepth += 1;
    if (skipDepth > 0) return;
    const table = stack.at(-1);
    if (name === 'table') {
      if (table === undefined) flushBlock();
      else cellBlock(table);
      tableCount += 1;
      stack.push({
        no: tableCount,
        title: table === undefined ? pendingTitle : table.nestedTitle,
        rows: [],
        row: null,
        rowNo: 0,
        cell: null,
        spans: [],
        caption: null,
        blockFrom: 0,
        nestedTitle: null,
      });
      if (table === undefined) pendingTitle = null;
      else table.nestedTitle = null;
      return;
    }
    if (table === undefined) {
      if (BLOCK.has(name)) flushBlock();
      if (block.length === 0) blockStart = start;
      return;
    }
    if (name === 'caption') {
      table.caption = [];
    } else if (name === 'tr') {
      closeRow(table);
      table.rowNo += 1;
      table.row = [];
    } else if (name === 'td' || name === 'th') {
      if (table.row === null) {
        table.rowNo += 1;
        table.row = [];
      }
      closeCell(table);
      table.blockFrom = 0;
      table.cell = {
        text: [],
        colspan: bounded(attribs.colspan, MAX_COLSPAN),
        rowspan: bounded(attribs.rowspan, MAX_ROWSPAN),
      };
    } else if (BLOCK.has(name)) {
      cellBlock(table);
      table.caption?.push('\n');
    }
  }

  function onText(text: string, start: number): void {
    if (skipDepth > 0) return;
    const table = stack.at(-1);
    if (table === undefined) {
      if (block.length === 0) blockStart = start;
      block.push(text);
    } else if (table.caption !== null) {
      table.caption.push(text);
    } else {
      table.cell?.text.push(text);
    }
  }

  function onClose(name: string): void {
    if (SKIPPED.has(name)) {
      skipDepth = Math.max(0, skipDepth - 1);
      return;
    }
    if (skipDepth > 0) return;
    const table = stack.at(-1);
    if (table === undefined) {
      if (BLOCK.has(name)) flushBlock();
      return;
    }
    if (name === 'caption' && table.caption !== null) {
      const text = plainText(table.caption.join('')).replace(/\n/g, ' ');
      if (TITLE_LIKE.test(text)) {
        table.title = { cells: [text], line: table.rowNo, place: `table ${table.no}, caption` };
      }
      table.caption = null;
    } else if (name === 'td' || name === 'th') {
      closeCell(table);
    } else if (name === 'tr') {
      closeRow(table);
    } else if (name === 'table') {
      closeTable(table);
    } else if (BLOCK.has(name)) {
      cellBlock(table);
    }
  }

  function closeTable(table: Table): void {
    closeRow(table);
    stack.pop();
    const isList =
      table.rows.some((row) => isHeaderRow(row.cells)) ||
      (table.title !== null && LIST_TITLE.test(table.title.cells[0] ?? ''));
    if (isList) {
      if (table.title !== null) out.push(table.title);
      out.push(...table.rows);
    }
  }

  // The tag being read: its name, start and the two attributes a table cell needs.
  let tag = { name: '', start: 0 };
  let attribs: Record<string, string> = {};
  let attribName = '';
  let attribValue: string[] = [];
  const slice = (start: number, end: number) => html.slice(start, end);
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        tag = { name: slice(start, end).toLowerCase(), start: start - 1 };
        attribs = {};
      },
      onattribname(start, end) {
        attribName = slice(start, end).toLowerCase();
        attribValue = [];
      },
      onattribdata(start, end) {
        if (attribName === 'colspan' || attribName === 'rowspan') attribValue.push(slice(start, end));
      },
      onattribentity(codepoint) {
        if (attribName === 'colspan' || attribName === 'rowspan') attribValue.push(safeChar(codepoint));
      },
      onattribend() {
        if (attribName === 'colspan' || attribName === 'rowspan') attribs[attribName] = attribValue.join('');
        attribName = '';
      },
      onopentagend() {
        onOpen(tag.name, attribs, tag.start);
      },
      onselfclosingtag() {
        onOpen(tag.name, attribs, tag.start);
        onClose(tag.name);
      },
      onclosetag(start, end) {
        onClose(slice(start, end).toLowerCase());
      },
      ontext(start, end) {
        onText(slice(start, end), start);
      },
      ontextentity(codepoint, end) {
        onText(safeChar(codepoint), end);
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {
        // A page cut off inside a table still gives the rows read so far.
        for (let table = stack.at(-1); table !== undefined; table = stack.at(-1)) closeTable(table);
      },
    },
  );

  /** A block boundary inside a cell: a block that reads like a list title may head a nested table. */
  function cellBlock(table: Table): void {
    const cell = table.cell;
    if (cell === null) return;
    const text = plainText(cell.text.slice(table.blockFrom).join('')).replace(/\n/g, ' ');
    if (TITLE_LIKE.test(text)) {
      table.nestedTitle = {
        cells: [text],
        line: table.rowNo,
        place: `table ${table.no}, row ${table.rowNo}`,
      };
    }
    cell.text.push('\n');
    table.blockFrom = cell.text.length;
  }

  function closeCell(table: Table): void {
    const cell = table.cell;
    if (cell === null || table.row === null) return;
    table.cell = null;
    fillSpans(table);
    const text = plainText(cell.text.join(''));
    for (let k = 0; k < cell.colspan && table.row.length < MAX_COLUMNS; k++) {
      const column = table.row.length;
      table.row.push(k === 0 ? text : '');
      table.spans[column] =
        cell.rowspan > 1
          ? { text: k === 0 && cell.colspan === 1 ? text : '', remaining: cell.rowspan - 1 }
          : undefined;
    }
  }

  function closeRow(table: Table): void {
    closeCell(table);
    if (table.row === null) return;
    fillSpans(table);
    table.rows.push({ cells: table.row, line: table.rowNo, place: `table ${table.no}, row ${table.rowNo}` });
    table.row = null;
  }

  tokenizer.write(html);
  tokenizer.end();
  return out;
}

/** A character reference's character; impossible code points become U+FFFD (scrubbed and warned later). */
function safeChar(codepoint: number): string {
  return codepoint > 0 && codepoint <= 0x10ffff && (codepoint < 0xd800 || codepoint > 0xdfff)
    ? String.fromCodePoint(codepoint)
    : '\uFFFD';
}

function bounded(value: string | undefined, max: number): number {
  const number = Number.parseInt(value ?? '1', 10);
  return Number.isFinite(number) && number >= 1 ? Math.min(number, max) : 1;
}
