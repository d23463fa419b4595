// Everything the database holds about one item, for GET /api/items/:id: an item of a town's latest
// edition with all its structured text, or (?edition=E) an item of an older edition, of which the
// database keeps the name, list, category and source line only (etl/schema.sql edition_items).
import type { Db } from '../db.ts';
import { ApiError } from '../errors.ts';
import type { ItemDetail } from '../responses.ts';
import { supportRank } from './sql.ts';

/** The item `itemId` of `edition` (default: the latest); undefined when there is none. */
export async function getItemOfEdition(
  db: Db,
  itemId: string,
  edition: string | undefined,
): Promise<ItemDetail | undefined> {
  if (edition === undefined) return getItem(db, itemId);
  const [found] = await db.all<{ latest: boolean }>(
    `SELECT e.is_latest AS latest FROM edition_items ei JOIN editions e USING (town_id, edition)
      WHERE ei.item_id = $id AND ei.edition = $edition LIMIT 1`,
    { id: itemId, edition },
  );
  if (!found)
    throw new ApiError(404, 'not_found', `id: no item ${JSON.stringify(itemId)} in edition '${edition}'`);
  if (found.latest) return getItem(db, itemId);
  const rows = await db.all<ItemDetail>(
    `SELECT ei.item_id AS "itemId", ei.town_id AS "townId", t.name AS "townName", ei.kind, ei.seq, ei.category,
            ei.name, NULL AS "departmentsRaw", NULL AS "departmentDuties", [] AS "departmentDutySteps",
            NULL AS "supportRaw", NULL AS "townDuties", [] AS "townDutySteps", NULL AS method, [] AS "methodSteps",
            false AS "isPenalty", ei.source_file AS "sourceFile", ei.source_line AS "sourceLine",
            ei.source_place AS "sourcePlace", ei.edition, false AS latest,
            [] AS departments, [] AS support, [] AS "penaltyClauses", [] AS "procedureStages"
       FROM edition_items ei JOIN towns t ON t.town_id = ei.town_id
      WHERE ei.item_id = $id AND ei.edition = $edition`,
    { id: itemId, edition },
  );
  return rows[0];
}

export async function getItem(db: Db, itemId: string): Promise<ItemDetail | undefined> {
  const rows = await db.all<ItemDetail>(
    `SELECT i.item_id AS "itemId", i.town_id AS "townId", t.name AS "townName", i.kind, i.seq, i.category, i.name,
            i.departments_raw AS "departmentsRaw", i.department_duties AS "departmentDuties",
            coalesce(i.department_duty_steps, []) AS "departmentDutySteps",
            i.support_raw AS "supportRaw", i.town_duties AS "townDuties",
            coalesce(i.town_duty_steps, []) AS "townDutySteps",
            i.method, coalesce(i.method_steps, []) AS "methodSteps",
            i.is_penalty AS "isPenalty", i.source_file AS "sourceFile", i.source_line AS "sourceLine",
            i.source_place AS "sourcePlace", e.edition, true AS latest,
            coalesce((
              SELECT list({
                'name': d.department, 'type': coalesce(dt.type, 'other'), 'role': d.role, 'rawName': d.raw_name,
                'note': d.note, 'duties': d.duties, 'dutySteps': coalesce(d.duty_steps, [])
              } ORDER BY d.position)
              FROM item_departments d LEFT JOIN departments dt ON dt.name = d.department
              WHERE d.item_id = i.item_id), []) AS departments,
            coalesce((
              SELECT list({'supportType': s.support_type, 'phrases': s.phrases} ORDER BY ${supportRank('s.support_type')})
              FROM item_support s WHERE s.item_id = i.item_id), []) AS support,
            coalesce((
              SELECT list({'clauseNo': p.clause_no, 'text': p.text} ORDER BY p.clause_no)
              FROM penalty_clauses p WHERE p.item_id = i.item_id), []) AS "penaltyClauses",
            coalesce((
              SELECT list({'stageNo': s.stage_no, 'stage': s.stage, 'text': s.text} ORDER BY s.stage_no)
              FROM procedure_stages s WHERE s.item_id = i.item_id), []) AS "procedureStages"
     FROM items i JOIN towns t ON t.town_id = i.town_id
          LEFT JOIN editions e ON e.town_id = i.town_id AND e.is_latest
     WHERE i.item_id = $id`,
    { id: itemId },
  );
  return rows[0];
}
