// How far each filtered town's latest lists are from a template (GET /api/conformance): the
// template's items against the town's, matched by shared/match/compareEditions (the template as the
// "from" side): matched, missing (in the template, not the town), extra (in the town only), and
// kindDiffers (matched, but in another list). Compared on request, so the towns are bounded.
import { compareEditions } from '../../shared/match/compare-editions.ts';
import { KINDS, type Kind } from '../../shared/vocabulary.ts';
import type { Db } from '../db.ts';
import { ApiError } from '../errors.ts';
import type { Filters } from '../filters/filter-schemas.ts';
import { filteredItems } from '../filters/filter-sql.ts';
import { searchPath } from '../filters/search-sql.ts';
import { MAX_CONFORMANCE_TOWNS } from '../filters/request-schemas.ts';

interface Row {
  town_id: string;
  town: string;
  county: string | null;
  city: string | null;
  item_id: string;
  kind: Kind;
  name: string;
}

export interface ConformanceItem {
  templateItemId: string | null;
  townItemId: string | null;
  templateKind: Kind | null;
  townKind: Kind | null;
  templateText: string | null;
  townText: string | null;
  similarity: number | null;
}

export interface TownConformance {
  town: string;
  townName: string;
  matched: number;
  missing: number;
  extra: number;
  kindDiffers: number;
  /** With one town asked for: the items of each class. */
  items?: Record<'matched' | 'missing' | 'extra' | 'kindDiffers', ConformanceItem[]>;
}

export async function townConformance(
  db: Db,
  template: string,
  filters: Filters,
  page: { limit: number; offset: number },
): Promise<{ template: string; total: number; towns: TownConformance[] }> {
  const templateItems = await db.all<{ item_id: string; kind: Kind; name: string }>(
    'SELECT item_id, kind, name FROM template_items WHERE template = $template ORDER BY item_id',
    { template },
  );
  if (templateItems.length === 0)
    throw new ApiError(400, 'invalid_parameter', `template: no template named '${template}' is loaded`);
  const { sql, params } = filteredItems(filters, await searchPath(db));
  const [count] = await db.all<{ towns: number }>(
    `WITH ${sql} SELECT count(DISTINCT town_id)::INTEGER AS towns FROM f`,
    params,
  );
  const total = count?.towns ?? 0;
  if (total > MAX_CONFORMANCE_TOWNS)
    throw new ApiError(
      400,
      'invalid_parameter',
      `the filters select ${total} towns; conformance compares at most ${MAX_CONFORMANCE_TOWNS} — narrow by region or town`,
    );
  const rows = await db.all<Row>(
    `WITH ${sql},
     page AS (SELECT DISTINCT f.town_id, t.full_name FROM f JOIN towns t USING (town_id)
               ORDER BY t.full_name LIMIT $limit OFFSET $offset)
     SELECT f.town_id, t.name AS town, t.county, t.city, f.item_id, f.kind, f.name
       FROM f JOIN towns t USING (town_id) WHERE f.town_id IN (SELECT town_id FROM page)
      ORDER BY t.full_name, f.item_id`,
    { ...params, limit: page.limit, offset: page.offset },
  );
  const byTown = new Map<string, Row[]>();
  for (const row of rows) byTown.set(row.town_id, [...(byTown.get(row.town_id) ?? []), row]);
  const detail = filters.town?.length === 1;
  const fromItems = templateItems.map((item) => ({ id: item.item_id, kind: item.kind, text: item.name }));
  const towns = [...byTown.values()].map((items): TownConformance => {
    const first = items[0]!;
    const places = [first.town, first.county ?? '', first.city ?? ''];
    const comparison = compareEditions(
      fromItems,
      items.map((item) => ({ id: item.item_id, kind: item.kind, text: item.name })),
      { kindOrder: KINDS, toContext: { places } },
    );
    const { added, removed, moved, reworded, unchanged } = comparison.counts;
    const answer: TownConformance = {
      town: first.town_id,
      townName: first.town,
      matched: unchanged + reworded + moved,
      missing: removed,
      extra: added,
      kindDiffers: moved,
    };
    if (detail) {
      const textOf = new Map([
        ...templateItems.map((item) => [`f:${item.item_id}`, item] as const),
        ...items.map((item) => [`t:${item.item_id}`, item] as const),
      ]);
      const entry = (
        fromId: string | null,
        toId: string | null,
        similarity: number | null,
      ): ConformanceItem => {
        const from = fromId === null ? undefined : textOf.get(`f:${fromId}`);
        const to = toId === null ? undefined : textOf.get(`t:${toId}`);
        return {
          templateItemId: fromId,
          townItemId: toId,
          templateKind: from?.kind ?? null,
          townKind: to?.kind ?? null,
          templateText: from?.name ?? null,
          townText: to?.name ?? null,
          similarity,
        };
      };
      const id = (value: string | number | null) => (value === null ? null : String(value));
      answer.items = {
        matched: [
          ...comparison.unchanged.map((pair) => entry(id(pair.fromItemId), id(pair.toItemId), 1)),
          ...comparison.changes
            .filter((c) => c.change === 'reworded' || c.change === 'moved')
            .map((c) => entry(id(c.fromItemId), id(c.toItemId), c.similarity)),
        ],
        missing: comparison.changes
          .filter((c) => c.change === 'removed')
          .map((c) => entry(id(c.fromItemId), null, null)),
        extra: comparison.changes
          .filter((c) => c.change === 'added')
          .map((c) => entry(null, id(c.toItemId), null)),
        kindDiffers: comparison.changes
          .filter((c) => c.change === 'moved')
          .map((c) => entry(id(c.fromItemId), id(c.toItemId), c.similarity)),
      };
    }
    return answer;
  });
  return { template, total, towns };
}
