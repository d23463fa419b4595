// What changed between two editions of one town's lists (GET /api/changes): the items of both
// editions matched by shared/match/compareEditions, the town's own names removed before comparing.
import { compareEditions, type Change } from '../../shared/match/compare-editions.ts';
import { KINDS, type Kind } from '../../shared/vocabulary.ts';
import type { Db } from '../db.ts';
import { ApiError } from '../errors.ts';
import { editionItems, listEditions, type EditionItem, type TownRef } from './editions.ts';

export interface ChangeRow extends Change<Kind> {
  fromItemId: string | null;
  toItemId: string | null;
  /** Where each text is in its edition's file (null for the side that has none). */
  fromSource: { file: string; line: number; place: string | null } | null;
  toSource: { file: string; line: number; place: string | null } | null;
}

export interface ChangesAnswer {
  town: string;
  townName: string;
  from: string;
  to: string;
  counts: { added: number; removed: number; moved: number; reworded: number; unchanged: number };
  burdenBack: number;
  /** The unchanged pairs per list (they stay in it), for the from → to flows. */
  unchangedByKind: Record<Kind, number>;
  changes: ChangeRow[];
}

const sourceOf = (item: EditionItem | undefined) =>
  item ? { file: item.sourceFile, line: item.sourceLine, place: item.sourcePlace } : null;

/** Compares edition `from` with `to` (defaults: the two latest, older → newer). */
export async function compareTownEditions(
  db: Db,
  town: TownRef,
  from: string | undefined,
  to: string | undefined,
): Promise<ChangesAnswer> {
  const editions = (await listEditions(db, town.townId)).map((row) => row.edition);
  const known = new Set(editions);
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && !known.has(value))
      throw new ApiError(
        400,
        'invalid_parameter',
        `${name}: ${town.name} has no edition '${value}'; it has ${editions.join(', ')}`,
      );
  }
  const toEdition = to ?? editions[0]!;
  const fromEdition = from ?? editions.find((edition) => edition !== toEdition) ?? toEdition;
  const [fromItems, toItems] = await Promise.all([
    editionItems(db, town.townId, fromEdition),
    editionItems(db, town.townId, toEdition),
  ]);
  const byId = (items: EditionItem[]) => new Map(items.map((item) => [item.itemId, item]));
  const fromById = byId(fromItems);
  const toById = byId(toItems);
  const context = { places: town.places };
  const comparison = compareEditions(
    fromItems.map((item) => ({ id: item.itemId, kind: item.kind, text: item.name })),
    toItems.map((item) => ({ id: item.itemId, kind: item.kind, text: item.name })),
    { kindOrder: KINDS, fromContext: context, toContext: context },
  );
  return {
    town: town.townId,
    townName: town.name,
    from: fromEdition,
    to: toEdition,
    counts: {
      added: comparison.counts.added,
      removed: comparison.counts.removed,
      moved: comparison.counts.moved,
      reworded: comparison.counts.reworded,
      unchanged: comparison.counts.unchanged,
    },
    burdenBack: comparison.burdenBack,
    unchangedByKind: Object.fromEntries(
      KINDS.map((kind) => [
        kind,
        comparison.unchanged.filter((pair) => fromById.get(String(pair.fromItemId))?.kind === kind).length,
      ]),
    ) as Record<Kind, number>,
    changes: comparison.changes.map((change) => {
      const fromItemId = change.fromItemId === null ? null : String(change.fromItemId);
      const toItemId = change.toItemId === null ? null : String(change.toItemId);
      return {
        ...change,
        fromItemId,
        toItemId,
        fromSource: sourceOf(fromItemId === null ? undefined : fromById.get(fromItemId)),
        toSource: sourceOf(toItemId === null ? undefined : toById.get(toItemId)),
      };
    }),
  };
}
