// `npm run etl [-- --db PATH] [--strict] [--parquet DIR] [FILE|FOLDER...]`
// Loads every list in data/raw/ (or the named files, or every .txt in the named folders) into the
// database, one progress line per file and a summary. Exit 0 on success (warnings allowed), 1 when any file is rejected.

import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { listFilesIn, loadFiles, type FileReport } from './load.ts';

const ROOT = join(import.meta.dirname, '..');
export const DEFAULT_DB = join(ROOT, 'data', 'duties.duckdb');
export const RAW_DIR = join(ROOT, 'data', 'raw');

const USAGE = 'usage: npm run etl -- [--db PATH] [--strict] [--parquet DIR] [FILE|FOLDER...]';

function formatFile(report: FileReport): string {
  if (report.error !== null) return `✗ ${report.error}`;
  const { basic, cooperative, reclaimed } = report.counts;
  return (
    `✓ ${report.file}  ${report.town}  basic ${basic} · cooperative ${cooperative} · reclaimed ${reclaimed}` +
    `  warnings ${report.warnings.length}  ${report.ms.toFixed(0)} ms` +
    report.warnings.map((warning) => `\n    ⚠ ${warning}`).join('')
  );
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        strict: { type: 'boolean', default: false },
        parquet: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  // A folder stands for every .txt list in it, so a whole corpus loads without a long command line.
  const files = (args.positionals.length > 0 ? args.positionals : [RAW_DIR]).flatMap((path) =>
    existsSync(path) && statSync(path).isDirectory() ? listFilesIn(path) : [path],
  );
  if (files.length === 0) {
    console.error(`no list files to load (looked in ${RAW_DIR})`);
    return 1;
  }
  const report = await loadFiles({
    dbPath: args.values.db ?? DEFAULT_DB,
    files,
    strict: args.values.strict,
    ...(args.values.parquet === undefined ? {} : { parquetDir: args.values.parquet }),
    onFile: (file) => console.log(formatFile(file)),
  });
  const rejected = report.files.filter((file) => file.error !== null).length;
  if (!report.ok) {
    console.error(
      `rejected: ${rejected} of ${report.files.length} file(s); ${report.dbPath} was not changed`,
    );
    return 1;
  }
  console.log(
    `loaded ${report.files.length} file(s), ${report.items} items, ${report.warnings} warning(s) into ${report.dbPath} in ${report.ms.toFixed(0)} ms`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`etl failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
