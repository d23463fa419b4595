// The Hono environment every route shares: the database is put on the context by app.ts.
import type { Db } from './db.ts';

export interface AppEnv {
  Variables: { db: Db };
}
