// The templates loaded with `npm run etl -- --template NAME` (etl/schema.sql templates), for
// GET /api/templates: the conformance view lists them, or says how to load one.
import type { Db } from '../db.ts';

export interface TemplateRow {
  template: string;
  loadedAt: string;
  sourceFiles: string[];
  counts: { basic: number; cooperative: number; reclaimed: number };
}

export async function listTemplates(db: Db): Promise<TemplateRow[]> {
  const rows = await db.all<{ json: string }>(
    `SELECT to_json({
        'template': template, 'loadedAt': strftime(loaded_at, '%Y-%m-%dT%H:%M:%S.%gZ'), 'sourceFiles': source_files,
        'counts': {'basic': basic, 'cooperative': cooperative, 'reclaimed': reclaimed}
      })::VARCHAR AS json
       FROM templates ORDER BY loaded_at DESC, template`,
  );
  return rows.map((row) => JSON.parse(row.json) as TemplateRow);
}
