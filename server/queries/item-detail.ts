// Everything the database holds about one item, for GET /api/items/:id.
import type { Db } from '../db.ts';
import type { ItemDetail } from '../responses.ts';
import { supportRank } from './sql.ts';

export async function getItem(db: Db, itemId: string): Promise<ItemDetail | undefined> {
  const rows = await db.all<ItemDetail>(
    `SELECT i.item_id AS "itemId", i.town_id AS "townId", t.name AS "townName", i.kind, i.seq, i.category, i.name,
            i.departments_raw AS "departmentsRaw", i.department_duties AS "departmentDuties",
            coalesce(i.department_duty_steps, []) AS "departmentDutySteps",
            i.support_raw AS "supportRaw", i.town_duties AS "townDuties",
            coalesce(i.town_duty_steps, []) AS "townDutySteps",
            i.method, coalesce(i.method_steps, []) AS "methodSteps",
            i.is_penalty AS "isPenalty", i.source_file AS "sourceFile", i.source_line AS "sourceLine",
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
     WHERE i.item_id = $id`,
    { id: itemId },
  );
  return rows[0];
}
