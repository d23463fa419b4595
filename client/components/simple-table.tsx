// A plain accessible table for "view as table" and the data-quality lists.
import type { ReactNode } from 'react';

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

export function SimpleTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  testId,
}: {
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  caption?: string;
  testId?: string;
}) {
  return (
    <table className="table" data-testid={testId}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={rowKey(row, i)}>
            {columns.map((c) => (
              <td
                key={c.key}
                className={c.numeric ? 'num' : undefined}
                // The column's name above each value when a phone shows rows as stacked cards.
                data-label={typeof c.header === 'string' ? c.header : undefined}
              >
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A table cell button that toggles a filter; pressed when the filter is on. */
export function FilterCellButton({
  pressed,
  onToggle,
  title,
  children,
}: {
  pressed: boolean;
  onToggle: () => void;
  title?: string;
  children: ReactNode;
}) {
  return (
    <button type="button" className="link-button" aria-pressed={pressed} onClick={onToggle} title={title}>
      {children}
    </button>
  );
}
