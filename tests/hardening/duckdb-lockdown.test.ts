// The server's DuckDB reads its one database file and nothing else, even if some query ever let text
// through as SQL: file functions, COPY, ATTACH and extension installs are refused, and no SET can undo
// that on a connection. Checked through the server's own Db (server/db.ts) on a real seed database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../server/db.ts';
import { buildSeedDb } from '../support/seed-db.ts';

let db: Db;
beforeAll(async () => {
  db = await openDb({ path: await buildSeedDb(), queryTimeoutMs: 10_000, memoryLimit: '160MB' });
});
afterAll(async () => {
  await db?.close();
});

const DISABLED = /file system operations are disabled by configuration/;

describe('the server database connection', () => {
  it('still answers queries on its own file', async () => {
    expect(await db.all('SELECT count(*)::INTEGER AS n FROM items')).toEqual([{ n: 181 }]);
  });

  it("refuses read_csv('/etc/passwd') and the other file readers", async () => {
    await expect(db.all("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(DISABLED);
    await expect(db.all("SELECT * FROM read_text('/etc/hostname')")).rejects.toThrow(DISABLED);
    await expect(db.all("SELECT * FROM read_json_auto('/etc/os-release')")).rejects.toThrow(DISABLED);
    await expect(db.all("SELECT * FROM glob('/etc/*')")).rejects.toThrow(DISABLED);
  });

  it('refuses to write files, attach other databases or install extensions', async () => {
    await expect(db.all("COPY (SELECT 1) TO '/tmp/duty-map-leak.csv'")).rejects.toThrow(DISABLED);
    await expect(db.all("ATTACH '/tmp/duty-map-other.duckdb' AS other")).rejects.toThrow(DISABLED);
    await expect(db.all('INSTALL httpfs')).rejects.toThrow(DISABLED);
  });

  it('cannot be switched back: the configuration is locked', async () => {
    await expect(db.all('SET enable_external_access = true')).rejects.toThrow(
      /configuration has been locked/,
    );
    await expect(db.all("SET memory_limit = '64GB'")).rejects.toThrow(/configuration has been locked/);
    await expect(db.all('RESET enable_external_access')).rejects.toThrow(/locked/);
    expect(
      await db.all<{ external: boolean; locked: boolean; memory: string }>(
        `SELECT current_setting('enable_external_access') AS external,
                current_setting('lock_configuration') AS locked,
                current_setting('memory_limit') AS memory`,
      ),
    ).toEqual([{ external: false, locked: true, memory: expect.stringMatching(/^15\d\.\d MiB$/) }]);
    await expect(db.all("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(DISABLED);
  });
});
