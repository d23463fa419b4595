// Runs the ETL for an import in a child process, so a large or hostile upload never costs a serving
// process its memory or its event loop: the dry run is `etl/cli.ts --check --json` (exactly what
// `npm run etl -- --check` runs), the load is server/imports/import-runner.ts (the ETL's loadFiles).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import { importFileSchema, type ImportFile } from '../../shared/import-contract.ts';
import { ROOT } from '../bootstrap.ts';

/** Heap of an ETL child: enough for a 64 MB workbook, far below the machine. */
const CHILD_HEAP_MB = 2048;
export const CHECK_TIMEOUT_MS = 120_000;

const nodeArgs = (script: string) => [
  `--max-old-space-size=${CHILD_HEAP_MB}`,
  '--import',
  'tsx',
  join(ROOT, script),
];

const checkOutput = z.object({ files: z.array(importFileSchema) });

/** The dry run of the files against dbPath (the database they would load into). */
export function checkFiles(
  files: readonly string[],
  dbPath: string,
  maxFileBytes: number,
): Promise<ImportFile[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...nodeArgs('etl/cli.ts'),
        '--check',
        '--json',
        '--db',
        dbPath,
        '--max-file-mb',
        String(maxFileBytes / 1_048_576),
        ...files,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHECK_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== null) {
        reject(new Error(`the dry run did not finish in ${CHECK_TIMEOUT_MS / 1000} s (${signal})`));
        return;
      }
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(checkOutput.parse(JSON.parse(line)).files);
      } catch {
        reject(new Error(`the dry run failed (exit ${code}): ${stderr.trim().slice(-300)}`));
      }
    });
  });
}

/** Starts the load of an import's folder into dbPath; the child records its progress in the folder. */
export function startLoad(dir: string, dbPath: string, onExit: (code: number | null) => void): number {
  const child = spawn(process.execPath, [...nodeArgs('server/imports/import-runner.ts'), dir, dbPath], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  child.on('error', () => onExit(null));
  child.on('exit', (code) => onExit(code));
  return child.pid ?? -1;
}
