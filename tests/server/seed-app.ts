// Test support for the server: the real seed loaded by the real ETL, opened by the server's Db and
// wrapped in the app, plus a read-only side connection for computing expected values independently.
import { buildSeedDb } from '../support/seed-db.ts';
import { openReadOnly } from '../support/query.ts';
import { createApp, type AppOptions } from '../../server/app.ts';
import { openDb, type Db } from '../../server/db.ts';

export const TOWN = '阿龙山镇';
export const TOWN_FULL_NAME = '内蒙古自治区呼伦贝尔市根河市阿龙山镇';

export interface SeedApp {
  dbPath: string;
  db: Db;
  app: ReturnType<typeof createApp>;
  /** GET a path; returns the status, headers and parsed JSON body. */
  get<T = unknown>(
    url: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: T }>;
  /** Runs SQL on a separate read-only connection (not the server's code) for expected values. */
  sql(sql: string): Promise<Record<string, unknown>[]>;
  /** Ids of the items any of whose texts contains `needle`, by a plain scan in JS. */
  itemsMentioning(needle: string): Promise<Set<string>>;
  close(): Promise<void>;
}

export async function openSeedApp(options: Omit<AppOptions, 'db'> = {}, dbPath?: string): Promise<SeedApp> {
  const path = dbPath ?? (await buildSeedDb());
  const db = await openDb({ path, queryTimeoutMs: 10_000 });
  const app = createApp({ db, ...options });
  const side = await openReadOnly(path);
  return {
    dbPath: path,
    db,
    app,
    async get<T>(url: string, headers: Record<string, string> = {}) {
      const response = await app.request(url, { headers });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON (static files): keep the text.
      }
      return { status: response.status, headers: response.headers, body: body as T };
    },
    sql: (sql: string) => side.all(sql),
    async itemsMentioning(needle: string) {
      const texts = await side.all(`
        SELECT item_id, [name, departments_raw, department_duties, support_raw, town_duties, method] AS texts FROM items
        UNION ALL SELECT item_id, [department, raw_name, note, duties] FROM item_departments
        UNION ALL SELECT item_id, [text] FROM penalty_clauses
        UNION ALL SELECT item_id, [text] FROM procedure_stages`);
      const ids = new Set<string>();
      for (const row of texts) {
        const values = (row.texts as Array<string | null>).filter((text): text is string => text !== null);
        if (values.some((text) => text.toLowerCase().includes(needle.toLowerCase())))
          ids.add(String(row.item_id));
      }
      return ids;
    },
    async close() {
      side.close();
      await db.close();
    },
  };
}
