// The penalty clauses a town keeps (乡镇保留的处罚条款) as a plain export table, one row per clause under the
// basic item that bundles it: the 执法 view's CSV/XLSX export and the Word report's table are both this.
// Pure, so the server (GET /api/report.docx) and the client write the same columns.
import { categoryLabel, type Translate } from '../i18n.ts';
import type { DataTable } from './data-table.ts';

/** A basic item with its kept clauses, named with its town, as GET /api/penalties/by-bureau lists it. */
export interface KeptItem {
  itemId: string;
  townName: string;
  seq: number;
  category: string;
  name: string;
  clauses: ReadonlyArray<{ clauseNo: number; text: string }>;
}

export interface KeptClausesTableOptions {
  /** Sheet name and file-name stem. */
  name: string;
  /** A town column first: wanted when the rows may come from more than one town (numbers repeat). */
  withTown: boolean;
}

export function keptClausesTable(
  kept: readonly KeptItem[],
  t: Translate,
  { name, withTown }: KeptClausesTableOptions,
): DataTable {
  return {
    name,
    columns: [
      ...(withTown ? [{ header: t('filters.town') }] : []),
      { header: t('report.seq') },
      { header: t('report.category') },
      { header: t('report.item'), width: 40 },
      { header: t('report.clauseNo') },
      { header: t('report.clauses'), width: 60 },
    ],
    rows: kept.flatMap((k) =>
      k.clauses.map((c) => [
        ...(withTown ? [k.townName] : []),
        k.seq,
        categoryLabel(t, k.category),
        k.name,
        c.clauseNo,
        c.text,
      ]),
    ),
  };
}
