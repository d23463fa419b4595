import { readdirSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { prepareInOrder } from './etl/parse-pool.ts';
import { closeRowsFiles } from './etl/rows-files.ts';
import { SCHEMA_PATH } from './etl/load.ts';
import { readTableColumns } from './etl/table-columns.ts';
const corpus = process.argv[2]!;
const T = '/work/tmp-issue-13f/exp';
const rows = join(T, 'rows');
if (!existsSync(rows)) {
  mkdirSync(rows, { recursive: true });
  const files = readdirSync(corpus).map((f) => join(corpus, f));
  for await (const p of prepareInOrder(files, { aliases: new Map(), loadedAt: new Date().toISOString(), rowsDir: rows })) if (!p.ok) throw new Error(p.error);
  closeRowsFiles(rows);
}
rmSync(join(T, 'x.duckdb'), { force: true });
const inst = await DuckDBInstance.create(join(T, 'x.duckdb'), { memory_limit: '1GB' });
const c = await inst.connect();
await c.run(readFileSync(SCHEMA_PATH, 'utf8'));
const cols = await readTableColumns(c);
const tcols = cols.get('items')!;
const names = tcols.map((x) => `"${x.name}"`).join(', ');
const rj = `read_json('${rows}/items.*.ndjson', format='newline_delimited', maximum_object_size=1048576, columns={${tcols.map((x) => `'${x.name}': '${x.type}'`).join(', ')}})`;
async function t(label: string, sql: string) {
  const a = performance.now(); const cpu = process.cpuUsage();
  await c.run(sql);
  const u = process.cpuUsage(cpu);
  console.log(label, ((performance.now() - a) / 1000).toFixed(2), 's wall', ((u.user + u.system) / 1e6).toFixed(2), 's cpu');
}
await t('count read_json', `SELECT count(*) FROM ${rj}`);
await t('temp from read_json', `CREATE TEMP TABLE s AS SELECT ${names} FROM ${rj}`);
await t('insert from temp ordered', `INSERT INTO items (${names}) SELECT ${names} FROM s ORDER BY item_id`);
await t('delete', `DELETE FROM items`);
await t('checkpoint', `CHECKPOINT`);
await t('insert from temp unordered', `INSERT INTO items (${names}) SELECT ${names} FROM s`);
await t('delete', `DELETE FROM items`);
await t('checkpoint', `CHECKPOINT`);
await t('insert from read_json ordered', `INSERT INTO items (${names}) SELECT ${names} FROM ${rj} ORDER BY item_id`);
await t('checkpoint', `CHECKPOINT`);
await t('sort only', `CREATE TEMP TABLE s2 AS SELECT ${names} FROM s ORDER BY item_id`);
