// Rejects filters that name a town, region, category or department the database does not hold, so a typo is
// answered with 400 naming the parameter rather than with an empty page. Every free-text dimension of the
// filter registry is checked, by a query of the asked values (server/queries/known-values.ts); values found
// are remembered per database file, bounded, so the charts of one view asking for the same filter check it once.
import { TEXT_FILTER_NAMES, type TextFilterName } from '../shared/filters/filter-dimensions.ts';
import type { Db } from './db.ts';
import { ApiError } from './errors.ts';
import type { Filters } from './filters/filter-schemas.ts';
import { perFile } from './per-file.ts';
import { findKnownValues, type AskedValues } from './queries/known-values.ts';

/** Values remembered as known per file; past it the memory starts again (a value is re-checked, not lost). */
export const KNOWN_KEPT = 10_000;

const knownOf = perFile(async () => new Map<TextFilterName, Set<string>>());

export async function assertKnownValues(db: Db, filters: Partial<Filters>) {
  const known = await knownOf(db);
  const asked: AskedValues = {};
  for (const name of TEXT_FILTER_NAMES) {
    const unchecked = filters[name]?.filter((value) => !known.get(name)?.has(value));
    if (unchecked?.length) asked[name] = unchecked;
  }
  if (Object.keys(asked).length === 0) return;
  const found = await findKnownValues(db, asked);
  if ([...known.values()].reduce((sum, values) => sum + values.size, 0) > KNOWN_KEPT) known.clear();
  for (const name of TEXT_FILTER_NAMES) {
    const held = new Set(found[name]);
    const unknown = asked[name]?.find((value) => !held.has(value));
    if (unknown !== undefined) {
      throw new ApiError(400, 'invalid_parameter', `${name}: unknown value ${JSON.stringify(unknown)}`);
    }
    const remembered = known.get(name) ?? new Set<string>();
    for (const value of held) remembered.add(value);
    known.set(name, remembered);
  }
}
