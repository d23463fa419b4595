// Rejects filters that name a town, region, category or department the database does not hold, so a typo is
// answered with 400 naming the parameter rather than with an empty page. Cached per database file.
import type { Db } from './db.ts';
import { ApiError } from './errors.ts';
import type { Filters } from './filters.ts';
import { perFile } from './per-file.ts';
import { getVocabulary } from './queries/vocabulary.ts';

interface KnownSets {
  town: Set<string>;
  region: Set<string>;
  category: Set<string>;
  department: Set<string>;
}

const knownSets = perFile(async (db): Promise<KnownSets> => {
  const vocabulary = await getVocabulary(db);
  return {
    town: new Set(vocabulary.towns),
    region: new Set(vocabulary.regions),
    category: new Set(vocabulary.categories),
    department: new Set(vocabulary.departments),
  };
});

export async function assertKnownValues(db: Db, filters: Partial<Filters>) {
  const checks = [
    ['town', filters.town],
    ['region', filters.region],
    ['category', filters.category],
    ['department', filters.department],
  ] as const;
  if (checks.every(([, values]) => values === undefined)) return;
  const sets = await knownSets(db);
  for (const [name, values] of checks) {
    const unknown = values?.find((value) => !sets[name].has(value));
    if (unknown !== undefined) {
      throw new ApiError(400, 'invalid_parameter', `${name}: unknown value ${JSON.stringify(unknown)}`);
    }
  }
}
