// Rejects filters that name a town, region, category or department the database does not hold, so a typo is
// answered with 400 naming the parameter rather than with an empty page. Every free-text dimension of the
// filter registry is checked. Cached per database file.
import { TEXT_FILTER_NAMES, type TextFilterName } from '../shared/filters/filter-dimensions.ts';
import type { Db } from './db.ts';
import { ApiError } from './errors.ts';
import type { Filters } from './filters/filter-schemas.ts';
import { perFile } from './per-file.ts';
import { getKnownValues } from './queries/known-values.ts';

const knownSets = perFile(async (db): Promise<Record<TextFilterName, Set<string>>> => {
  const known = await getKnownValues(db);
  return Object.fromEntries(TEXT_FILTER_NAMES.map((name) => [name, new Set(known[name])])) as Record<
    TextFilterName,
    Set<string>
  >;
});

export async function assertKnownValues(db: Db, filters: Partial<Filters>) {
  if (TEXT_FILTER_NAMES.every((name) => filters[name] === undefined)) return;
  const sets = await knownSets(db);
  for (const name of TEXT_FILTER_NAMES) {
    const unknown = filters[name]?.find((value) => !sets[name].has(value));
    if (unknown !== undefined) {
      throw new ApiError(400, 'invalid_parameter', `${name}: unknown value ${JSON.stringify(unknown)}`);
    }
  }
}
