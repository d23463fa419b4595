// The seed's items through the real parser, as matching-engine items, and the seed town's names.

import { readFileSync } from 'node:fs';
import { LIST_KINDS, parseListFile, type ListKind } from '../../../etl/parse-list.ts';
import type { MatchItem } from '../../../shared/match/compare-editions.ts';
import { SEED_FILE } from '../../support/seed-db.ts';

export { LIST_KINDS, type ListKind };

const parsed = parseListFile(readFileSync(SEED_FILE, 'utf8'), 'alongshan-2025.txt');

/** The seed's 181 items; id = kind and sequence number (basic-1 … reclaimed-64). */
export const SEED_ITEMS: readonly MatchItem<ListKind>[] = parsed.lists.flatMap((list) =>
  list.items.map((item) => ({ id: `${list.kind}-${item.seq}`, kind: list.kind, text: item.name })),
);

/** The seed town's own place names, as the loader would pass them to normalise(). */
export const SEED_PLACES: readonly string[] = [
  parsed.town.name,
  parsed.town.county ?? '',
  parsed.town.city ?? '',
];
