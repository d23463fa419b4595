// A value computed once per database file and kept until the server swaps in a new file (db.version()
// changes): known filter values, the region list, whether the file has roll-ups. A failed computation
// is not kept, so the next call tries again.
import type { Db } from './db.ts';

export function perFile<T>(compute: (db: Db) => Promise<T>): (db: Db) => Promise<T> {
  const cache = new WeakMap<Db, { version: number; value: Promise<T> }>();
  return (db) => {
    const version = db.version();
    const cached = cache.get(db);
    if (cached && cached.version === version) return cached.value;
    const value = compute(db);
    cache.set(db, { version, value });
    value.catch(() => {
      if (cache.get(db)?.value === value) cache.delete(db);
    });
    return value;
  };
}
