// `npm run etl [-- --db PATH] [--strict] [--timings] [--parquet DIR] [--max-file-mb N] [--check [--json]] [--edition LABEL] [--template NAME] [--rebuild] [FILE|FOLDER...]`
// Loads every list in data/raw/ (or the named files, or every list file in the named folders) into
// the database, one progress line per file and a summary. Exit 0 on success (warnings allowed),
// 1 when any file is rejected, 2 on a usage error. --check reads and reports, writing nothing;
// with --json it prints the report as one JSON object (the dashboard's import runs it so);
// --timings adds a line with the wall time of each phase of the load.
// --rebuild recomputes every roll-up and re-clusters every duty instead of only the changed towns'.

import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { checkReport, failedCheck, fileCheck } from './check-report.ts';
import { knownDepartments } from './known-departments.ts';
import { listFilesIn } from './list-files.ts';
import { checkEditionOption } from './edition-label.ts';
import { DEFAULT_ALIASES_PATH, loadFiles, type FileReport } from './load.ts';
import type { ImportFile } from '../shared/import-contract.ts';
import { parseAliasTable } from './normalize-departments.ts';
import { formatPeakRise, formatPhases } from './phase-timer.ts';
import { projectRoot } from '../shared/project-root.ts';
import { displayName, errorMessage, parseFile } from './prepare-file.ts';
import { DEFAULT_MAX_FILE_BYTES } from './read-file.ts';
import { LIST_EXTENSIONS } from './read-list.ts';
import { escapeControls } from './source-rows.ts';

const ROOT = projectRoot(import.meta.dirname);
export const DEFAULT_DB = join(ROOT, 'data', 'duties.duckdb');
export const RAW_DIR = join(ROOT, 'data', 'raw');

const USAGE =
  'usage: npm run etl -- [--db PATH] [--strict] [--timings] [--parquet DIR] [--max-file-mb N] [--check [--json]] [--edition LABEL] [--template NAME] [--rebuild] [FILE|FOLDER...]';

function formatFile(report: FileReport): string {
  const file = escapeControls(report.file);
  if (report.error !== null) return `✗ ${report.error}`;
  const { basic, cooperative, reclaimed } = report.counts;
  const counts = `basic ${basic} · cooperative ${cooperative} · reclaimed ${reclaimed}`;
  const warnings = report.warnings.map((warning) => `\n    ⚠ ${warning}`).join('');
  if (!report.loaded)
    return `· ${file}  ${report.town}  ${counts}  read, not loaded: the run was rejected${warnings}`;
  const edition = report.edition === null ? '' : `  ${report.edition}${report.latest ? ' (latest)' : ''}`;
  return `✓ ${file}  ${report.town}${edition}  ${counts}  warnings ${report.warnings.length}  ${report.ms.toFixed(0)} ms${warnings}`;
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
        timings: { type: 'boolean', default: false },
        parquet: { type: 'string' },
        'max-file-mb': { type: 'string' },
        check: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        edition: { type: 'string' },
        template: { type: 'string' },
        rebuild: { type: 'boolean', default: false },
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
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  const maxText = args.values['max-file-mb'];
  if (maxText !== undefined) {
    const mb = Number(maxText);
    if (!Number.isFinite(mb) || mb <= 0 || mb > 65_536) {
      console.error(
        `--max-file-mb: expected a number of megabytes from 1 to 65536, got '${escapeControls(maxText)}'\n${USAGE}`,
      );
      return 2;
    }
    maxFileBytes = Math.round(mb * 1_048_576);
  }
  for (const [option, value] of [
    ['edition', args.values.edition],
    ['template', args.values.template],
  ] as const) {
    const problem = value === undefined ? null : checkEditionOption(value);
    if (problem !== null) {
      console.error(`${escapeControls(problem.replace('--edition', `--${option}`))}\n${USAGE}`);
      return 2;
    }
  }
  // A folder stands for every list file in it, so a whole corpus loads without a long command line.
  const searched: string[] = [];
  const files = (args.positionals.length > 0 ? args.positionals : [RAW_DIR]).flatMap((path) => {
    if (!(existsSync(path) && statSync(path).isDirectory())) return [path];
    searched.push(path);
    return listFilesIn(path);
  });
  if (files.length === 0) {
    console.error(
      `no list files (${LIST_EXTENSIONS.join(' ')}) to load in ${searched.map((dir) => escapeControls(dir)).join(', ')}`,
    );
    return 1;
  }
  if (args.values.check)
    return check(files, {
      maxFileBytes,
      dbPath: args.values.db ?? DEFAULT_DB,
      json: args.values.json,
      edition: args.values.edition,
    });
  const report = await loadFiles({
    dbPath: args.values.db ?? DEFAULT_DB,
    files,
    strict: args.values.strict,
    rebuild: args.values.rebuild,
    maxFileBytes,
    ...(args.values.edition === undefined ? {} : { edition: args.values.edition }),
    ...(args.values.template === undefined ? {} : { template: args.values.template }),
    ...(args.values.parquet === undefined ? {} : { parquetDir: args.values.parquet }),
    onRead: (file, index, total) => console.log(`· ${escapeControls(file)} read (${index} of ${total})`),
    onFile: (file) => console.log(formatFile(file)),
  });
  if (args.values.timings) {
    // Workers are threads of this process: its peak RSS and CPU time cover them.
    const usage = process.resourceUsage();
    console.log(
      `phases: ${formatPhases(report.phases, report.phaseCpu)} · peak RSS ${Math.round(usage.maxRSS / 1024)} MB · CPU ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(2)} s`,
    );
    if (report.rollups !== null)
      console.log(
        `roll-up steps: ${report.rollups.steps.map(({ step, ms }) => `${step} ${ms.toFixed(0)} ms`).join(' · ')}`,
      );
    console.log(`peak RSS raised by: ${formatPeakRise(report.phasePeakRiseMb)}`);
  }
  const rejected = report.files.filter((file) => file.error !== null).length;
  if (!report.ok) {
    if (report.error !== null) console.error(`✗ load failed: ${report.error}`);
    console.error(
      `rejected: ${rejected} of ${report.files.length} file(s); ${report.dbPath} was not changed`,
    );
    return 1;
  }
  if (report.rollups !== null)
    console.log(
      `roll-ups: ${report.rollups.mode}, ${report.rollups.towns} town(s) recomputed (${report.changedTowns} changed) in ${report.rollups.ms.toFixed(0)} ms`,
    );
  if (report.searchIndex !== null)
    console.log(
      `search index: ${report.searchIndex.rebuilt ? 'built whole' : 'updated'}, ${report.searchIndex.towns} town(s) indexed in ${report.searchIndex.ms.toFixed(0)} ms` +
        (report.searchIndex.byTown
          ? `; its sets by town ${report.searchIndex.byTown.whole ? 'listed whole' : 'updated'} in ${report.searchIndex.byTown.ms.toFixed(0)} ms`
          : ''),
    );
  if (report.duties !== null)
    console.log(
      `duties: ${report.duties.mode}, ${report.duties.items} items assigned, ${report.duties.duties} duties (${report.duties.newDuties} new) in ${report.duties.ms.toFixed(0)} ms`,
    );
  console.log(
    `loaded ${report.files.length} file(s)${args.values.template === undefined ? '' : ` as template ${escapeControls(args.values.template)}`}, ${report.items} items, ${report.warnings} warning(s) into ${report.dbPath} in ${report.ms.toFixed(0)} ms`,
  );
  return 0;
}

/** The dry run: each file read and reported against the database it would load into; nothing written. */
async function check(
  files: string[],
  options: { maxFileBytes: number; dbPath: string; json: boolean; edition: string | undefined },
): Promise<number> {
  const aliasRows = parseAliasTable(await readFile(DEFAULT_ALIASES_PATH, 'utf8'), DEFAULT_ALIASES_PATH);
  const aliases = new Map(aliasRows.map((row) => [row.alias, row.canonical]));
  const known = await knownDepartments(options.dbPath);
  const parseOptions = { aliases, loadedAt: new Date().toISOString(), maxFileBytes: options.maxFileBytes };
  const checks: ImportFile[] = [];
  let rejected = 0;
  for (const file of files) {
    try {
      const { parsed, records, format } = await parseFile(file, parseOptions);
      const name = displayName(file);
      if (options.json) checks.push(fileCheck(name, parsed, records, format, known, options.edition));
      else console.log(checkReport(name, parsed, records, format, known).join('\n'));
    } catch (error) {
      rejected += 1;
      if (options.json) checks.push(failedCheck(displayName(file), errorMessage(error, file)));
      else console.log(`✗ ${errorMessage(error, file)}`);
    }
  }
  if (options.json) console.log(JSON.stringify({ files: checks }));
  else
    console.log(
      `checked ${files.length} file(s): ${files.length - rejected} readable, ${rejected} rejected; nothing was written`,
    );
  return rejected > 0 ? 1 : 0;
}

/**
 * Exits once stdout and stderr have taken every line: into a pipe whose reader lags (the bench, a
 * busy dashboard) writes queue, and process.exit() alone dropped them (a 1,000-town run lost its
 * last 260 lines and its summary).
 */
function exitAfterOutput(code: number): void {
  let open = 2;
  const done = (): void => {
    if (--open === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(exitAfterOutput, (error: unknown) => {
  console.error(`etl failed: ${escapeControls((error as Error).message)}`);
  exitAfterOutput(1);
});
