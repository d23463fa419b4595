// Where imports live and how their state is kept: one folder per import under the data folder (the
// database's folder): `imports/<id>/import.json` (the state every serving process reads, so it does not
// matter which process answers) and `imports/<id>/files/<n>/<name>` (the uploads, each in its own folder so
// that the ETL sees and reports the name as uploaded). State is replaced atomically (write, then rename).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isAlive } from '../../etl/db-lock.ts';
import {
  IMPORT_ID_PATTERN,
  type ImportFile,
  type ImportState,
  type ImportStatus,
  importStatusSchema,
} from '../../shared/import-contract.ts';

/** What import.json holds: the public state plus where the uploads are and which process loads them. */
export interface StoredImport extends ImportStatus {
  /** The uploads, relative to the import's folder, in upload order. */
  paths: string[];
  /** The process running the load, while loading. */
  runnerPid: number | null;
}

/** The imports folder beside the database (data/imports for data/duties.duckdb). */
export function importsRoot(dbPath: string): string {
  return join(dirname(resolve(dbPath)), 'imports');
}

export function newImportId(): string {
  return randomBytes(16).toString('hex');
}

/** The import's folder, for a valid id only (the id is the one path segment taken from a request). */
export function importDir(root: string, id: string): string {
  if (!IMPORT_ID_PATTERN.test(id)) throw new Error(`not an import id: ${id}`);
  return join(root, id);
}

const UNSAFE = /[\p{Cc}\p{Cf}\\/:*?"<>|]/gu;
const MAX_NAME_CHARS = 100;

/**
 * A file name safe to write and show: its last path segment, without control, format or path
 * characters, no leading dots, at most 100 characters with its extension kept.
 */
export function sanitizeFileName(raw: string): string {
  const last = raw.split(/[\\/]/).at(-1) ?? '';
  const cleaned = last
    .replace(UNSAFE, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const chars = [...cleaned];
  if (chars.length === 0) return 'upload';
  if (chars.length <= MAX_NAME_CHARS) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? [...cleaned.slice(dot)].slice(0, 10).join('') : '';
  return chars.slice(0, MAX_NAME_CHARS - [...extension].length).join('') + extension;
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeImport(dir: string, stored: StoredImport): void {
  writeAtomic(join(dir, 'import.json'), JSON.stringify(stored));
}

export function readImport(dir: string): StoredImport | null {
  let text: string;
  try {
    text = readFileSync(join(dir, 'import.json'), 'utf8');
  } catch {
    return null;
  }
  return JSON.parse(text) as StoredImport;
}

/** Changes an import's state, keeping the rest. */
export function updateImport(
  dir: string,
  change: Partial<Pick<StoredImport, 'state' | 'message' | 'towns' | 'runnerPid'>>,
): StoredImport | null {
  const stored = readImport(dir);
  if (stored === null) return null;
  const next = { ...stored, ...change, updatedAt: new Date().toISOString() };
  writeImport(dir, next);
  return next;
}

export function newImport(id: string, files: ImportFile[], paths: string[]): StoredImport {
  const now = new Date().toISOString();
  return {
    importId: id,
    state: 'previewed' satisfies ImportState,
    message: null,
    files,
    towns: [],
    createdAt: now,
    updatedAt: now,
    paths,
    runnerPid: null,
  };
}

/** The public state of a stored import. */
export function publicStatus(stored: StoredImport): ImportStatus {
  return importStatusSchema.parse(stored);
}

/**
 * The import's state; a load whose process has gone without saying how it ended (killed, machine
 * restarted) is failed — the load is atomic, so the database is as it was.
 */
export function currentImport(dir: string): StoredImport | null {
  const stored = readImport(dir);
  if (stored === null || stored.state !== 'loading' || stored.runnerPid === null) return stored;
  if (isAlive(stored.runnerPid)) return stored;
  // It may have written its last state just before exiting.
  const again = readImport(dir);
  if (again === null || again.state !== 'loading') return again;
  return updateImport(dir, {
    state: 'failed',
    message: 'The load stopped before it finished; the database was not changed',
    runnerPid: null,
  });
}

/** Makes the folder for a new import. */
export function createImportDir(root: string, id: string): string {
  const dir = importDir(root, id);
  mkdirSync(join(dir, 'files'), { recursive: true });
  return dir;
}

/** Removes imports older than maxAgeMs that are not loading; their uploads and state go. */
export function removeOldImports(root: string, maxAgeMs: number, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    if (!IMPORT_ID_PATTERN.test(name)) continue;
    const dir = join(root, name);
    try {
      if (now - statSync(dir).mtimeMs <= maxAgeMs) continue;
      if (currentImport(dir)?.state === 'loading') continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process removed it meanwhile.
    }
  }
}
