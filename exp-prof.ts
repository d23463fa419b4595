import { readdirSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareFile } from './etl/prepare-file.ts';
import { closeRowsFiles } from './etl/rows-files.ts';
const corpus = process.argv[2]!;
const rows = '/work/tmp-issue-13f/exp/rows-prof';
rmSync(rows, { recursive: true, force: true }); mkdirSync(rows, { recursive: true });
const files = readdirSync(corpus).map((f) => join(corpus, f)).slice(0, 300);
const a = performance.now();
for (const f of files) { const p = await prepareFile(f, { aliases: new Map(), loadedAt: 'x', rowsDir: rows }); if (!p.ok) throw new Error(p.error); }
closeRowsFiles(rows);
console.log(((performance.now() - a) / 1000).toFixed(2), 's');
