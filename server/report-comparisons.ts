// The comparison sections of the Word report (issue #11), as plain tables the report prints: for each
// filtered town holding several editions (the first few), the changes between its two latest editions
// — counts by class, burden back first — and the moves that brought burden back; the duties the
// filtered towns handle differently (the most split first); and each town against the latest loaded
// template. A section appears only when it has data. A table may hold only the first rows of its list:
// `total` says how many the list has (the report prints the line "first N of M").
import type { DataTable } from '../shared/export/data-table.ts';
import {
  changeCountsTable,
  changesTable,
  conformanceTable,
  divergentTable,
} from '../shared/export/comparison-tables.ts';
import { formatNumber } from '../shared/format.ts';
import type { Translate } from '../shared/i18n.ts';
import type { Db } from './db.ts';
import { ApiError } from './errors.ts';
import type { Filters } from './filters/filter-schemas.ts';
import { compareTownEditions } from './queries/changes.ts';
import { listDivergentDuties } from './queries/divergent-duties.ts';
import { listEditionTowns, resolveTown } from './queries/editions.ts';
import { townConformance } from './queries/conformance.ts';
import { listTemplates } from './queries/templates.ts';

/** Towns whose changes the report lists, and the divergent duties and towns it prints at most. */
export const REPORT_CHANGE_TOWNS = 5;
export const REPORT_DIVERGENT_DUTIES = 20;
export const REPORT_CONFORMANCE_TOWNS = 100;

export interface ReportSection {
  heading: string;
  tables: { title: string; table: DataTable; total?: number }[];
}

/** `rows`: the most rows a table holds (the report's REPORT_TABLE_ROWS). */
export async function reportComparisons(
  db: Db,
  filters: Filters,
  t: Translate,
  rows: number,
): Promise<ReportSection[]> {
  const sections: ReportSection[] = [];
  const editionTowns = await listEditionTowns(db, filters, { limit: REPORT_CHANGE_TOWNS, offset: 0 });
  for (const town of editionTowns.towns.filter((x) => x.editions.length >= 2)) {
    const answer = await compareTownEditions(db, await resolveTown(db, town.town), undefined, undefined);
    const back = answer.changes.filter((c) => c.change === 'moved' && c.burdenBack);
    const heading = t('report.changes', { town: answer.townName, from: answer.from, to: answer.to });
    sections.push({
      heading,
      tables: [
        { title: heading, table: changeCountsTable(answer.counts, answer.burdenBack, t, t('view.changes')) },
        ...(back.length > 0
          ? [
              {
                title: t('changes.burdenBackList', { n: formatNumber(back.length) }),
                table: changesTable(back.slice(0, rows), t, t('changes.burdenBack')),
                total: back.length,
              },
            ]
          : []),
      ],
    });
  }

  const divergent = await listDivergentDuties(db, filters, { limit: REPORT_DIVERGENT_DUTIES, offset: 0 });
  if (divergent.total > 0) {
    const heading = t('report.divergence', {
      n: formatNumber(divergent.duties.length),
      total: formatNumber(divergent.total),
    });
    sections.push({
      heading,
      tables: [{ title: heading, table: divergentTable(divergent.duties, t, heading) }],
    });
  }

  const [template] = await listTemplates(db);
  if (template) {
    const answer = await townConformance(db, template.template, filters, {
      limit: Math.min(REPORT_CONFORMANCE_TOWNS, rows),
      offset: 0,
    }).catch((error: unknown) => {
      // More towns than conformance compares at once (MAX_CONFORMANCE_TOWNS): the report leaves it out.
      if (error instanceof ApiError && error.status === 400) return null;
      throw error;
    });
    if (answer && answer.total > 0) {
      const heading = t('report.conformance', { template: template.template });
      sections.push({
        heading,
        tables: [
          {
            title: heading,
            table: conformanceTable(answer.towns, t, t('view.conformance')),
            total: answer.total,
          },
        ],
      });
    }
  }
  return sections;
}
