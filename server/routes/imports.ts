// POST /api/imports (multipart, field `file`, one or more): the uploads are written under the data
// folder and dry-run with the ETL's --check; nothing is loaded. POST /api/imports/{importId}/commit loads
// them (the ETL in a child process, one load at a time, the new database swapped in by every serving
// process); GET /api/imports/{importId} tells the state; GET /api/imports whether imports are on here.
import { writeFileSync, mkdirSync, openSync, closeSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { IMPORT_ID_PATTERN, type ImportConfig, type ImportFile } from '../../shared/import-contract.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import {
  decideImportAccess,
  importMode,
  isSameOrigin,
  type ImportAccessConfig,
} from '../imports/import-access.ts';
import { IMPORT_LIMITS, IMPORT_MAX_AGE_MS } from '../imports/import-limits.ts';
import {
  createImportDir,
  currentImport,
  importDir,
  importsRoot,
  newImport,
  newImportId,
  publicStatus,
  readImport,
  removeOldImports,
  sanitizeFileName,
  updateImport,
  writeImport,
} from '../imports/import-store.ts';
import { checkFiles, startLoad } from '../imports/run-etl.ts';
import { createWorkQueue } from '../work-queue.ts';
import { validParam } from '../validate.ts';

export interface ImportSettings extends ImportAccessConfig {
  /** The database imports load into (DUTIES_DB); uploads go to imports/ beside it. */
  dbPath: string;
}

export const importIdParam = z.strictObject({
  importId: z.string().regex(IMPORT_ID_PATTERN, 'expected an import id (32 hex digits)'),
});

const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
const ACCEPTED = IMPORT_LIMITS.extensions.join(', ');

// A multipart body carries each file's headers and boundaries besides its bytes.
const MULTIPART_SLACK = 64 * 1024;

/** The routes; with null settings (an app built without a database path) every import is refused. */
export function createImportsRoutes(configured: ImportSettings | null) {
  const settings: ImportSettings = configured ?? { dbPath: '', listenHost: '', token: undefined };
  const root = configured === null ? '' : importsRoot(configured.dbPath);
  // Dry runs are child processes with up to 2 GB of heap each: one at a time per serving process.
  const dryRuns = createWorkQueue({ concurrency: 1, maxQueued: 8 });

  const guard = (c: Context<AppEnv>) => {
    if (configured === null) throw new ApiError(403, 'forbidden', 'Imports are not set up on this server');
    if (!isSameOrigin(c.req.url, c.req.header('Origin'), c.req.header('Sec-Fetch-Site')))
      throw new ApiError(403, 'forbidden', 'Imports are accepted only from this server’s own pages');
    const decision = decideImportAccess(settings, c.req.header('Authorization'));
    if (!decision.allowed) throw new ApiError(403, 'forbidden', decision.message);
  };

  return new Hono<AppEnv>()
    .get('/', (c) => {
      const mode =
        configured === null
          ? { enabled: false, tokenRequired: false, reason: 'Imports are not set up on this server' }
          : importMode(settings);
      const config: ImportConfig = {
        ...mode,
        maxFiles: IMPORT_LIMITS.maxFiles,
        maxFileBytes: IMPORT_LIMITS.maxFileBytes,
        maxTotalBytes: IMPORT_LIMITS.maxTotalBytes,
        extensions: [...IMPORT_LIMITS.extensions],
      };
      c.header('Cache-Control', 'no-store');
      return c.json(config);
    })
    .post(
      '/',
      async (c, next) => {
        guard(c);
        await next();
      },
      bodyLimit({
        maxSize: IMPORT_LIMITS.maxTotalBytes + MULTIPART_SLACK,
        onError: () => {
          throw new ApiError(
            413,
            'payload_too_large',
            `The upload is over ${mb(IMPORT_LIMITS.maxTotalBytes)} in total; send fewer or smaller files`,
          );
        },
      }),
      async (c) => {
        if (!/^multipart\/form-data\b/i.test(c.req.header('Content-Type') ?? ''))
          throw new ApiError(415, 'unsupported_type', 'Send the files as multipart/form-data, field "file"');
        const body = await c.req.parseBody({ all: true });
        const unknown = Object.keys(body).filter((name) => name !== 'file');
        if (unknown.length > 0)
          throw new ApiError(
            400,
            'invalid_parameter',
            `Unknown form field: ${unknown.join(', ')}; send files as "file"`,
          );
        const raw = body.file;
        const uploads = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
          (value): value is File => typeof value !== 'string',
        );
        if (uploads.length === 0)
          throw new ApiError(400, 'invalid_parameter', 'file: expected one or more files');
        if (uploads.length > IMPORT_LIMITS.maxFiles)
          throw new ApiError(
            400,
            'invalid_parameter',
            `file: ${uploads.length} files; at most ${IMPORT_LIMITS.maxFiles} per import`,
          );
        const names = uploads.map((upload) => sanitizeFileName(upload.name));
        uploads.forEach((upload, index) => {
          const name = names[index] ?? '';
          const extension = extname(name).toLowerCase();
          if (!(IMPORT_LIMITS.extensions as readonly string[]).includes(extension))
            throw new ApiError(
              415,
              'unsupported_type',
              `${name}: ${extension === '' ? 'a file without a type' : `${extension} files are`} not read; accepted: ${ACCEPTED} (a PDF or an old .xls/.doc/.wps: save it as .xlsx or .docx in WPS or Office first)`,
            );
          if (upload.size > IMPORT_LIMITS.maxFileBytes)
            throw new ApiError(
              413,
              'payload_too_large',
              `${name}: ${(upload.size / 1_048_576).toFixed(1)} MB, over the ${mb(IMPORT_LIMITS.maxFileBytes)} cap of one list file`,
            );
          if (upload.size === 0) throw new ApiError(400, 'invalid_parameter', `${name}: the file is empty`);
        });

        removeOldImports(root, IMPORT_MAX_AGE_MS);
        const id = newImportId();
        const dir = createImportDir(root, id);
        const paths: string[] = [];
        try {
          for (const [index, upload] of uploads.entries()) {
            const path = join('files', String(index + 1), names[index] ?? 'upload');
            mkdirSync(join(dir, 'files', String(index + 1)));
            writeFileSync(join(dir, path), new Uint8Array(await upload.arrayBuffer()));
            paths.push(path);
          }
          const files = flagRepeatedTowns(
            await dryRuns.run(() =>
              checkFiles(
                paths.map((path) => join(dir, path)),
                settings.dbPath,
                IMPORT_LIMITS.maxFileBytes,
              ),
            ),
          );
          writeImport(dir, newImport(id, files, paths));
          c.header('Cache-Control', 'no-store');
          return c.json({ importId: id, files });
        } catch (error) {
          rmSync(dir, { recursive: true, force: true });
          throw error;
        }
      },
    )
    .post('/:importId/commit', validParam(importIdParam), (c) => {
      guard(c);
      const { importId } = c.req.valid('param');
      const dir = importDir(root, importId);
      const stored = currentImport(dir);
      if (stored === null)
        throw new ApiError(404, 'not_found', `No import ${importId} (imports are kept a day)`);
      if (stored.state !== 'previewed')
        throw new ApiError(409, 'import_conflict', `Import ${importId} is already ${stored.state}`);
      const rejected = stored.files.filter((file) => file.error !== null);
      if (rejected.length > 0)
        throw new ApiError(
          400,
          'import_rejected',
          `Nothing was loaded: ${rejected.map((file) => file.error).join('; ')}`,
        );
      // Exactly one commit of an import, whichever serving process each request reaches.
      try {
        closeSync(openSync(join(dir, 'commit.lock'), 'wx'));
      } catch {
        throw new ApiError(409, 'import_conflict', `Import ${importId} is already being loaded`);
      }
      updateImport(dir, { state: 'loading', message: 'Queued' });
      startLoad(dir, settings.dbPath, (code) => {
        // The runner records how it ended; this covers one that could not start or was killed.
        if (readImport(dir)?.state === 'loading')
          updateImport(dir, {
            state: 'failed',
            message: `The load stopped (${code === null ? 'could not start' : `exit ${code}`}); the database was not changed`,
            runnerPid: null,
          });
      });
      const status = readImport(dir);
      c.header('Cache-Control', 'no-store');
      return c.json(publicStatus(status ?? stored), 202);
    })
    .get('/:importId', validParam(importIdParam), (c) => {
      guard(c);
      const { importId } = c.req.valid('param');
      const stored = currentImport(importDir(root, importId));
      if (stored === null)
        throw new ApiError(404, 'not_found', `No import ${importId} (imports are kept a day)`);
      c.header('Cache-Control', 'no-store');
      return c.json(publicStatus(stored));
    });
}

/** The loader takes each town once per run: a second file of the same town is refused already here. */
function flagRepeatedTowns(files: ImportFile[]): ImportFile[] {
  const first = new Map<string, string>();
  return files.map((file) => {
    if (file.error !== null || file.townId === null) return file;
    const earlier = first.get(file.townId);
    if (earlier === undefined) {
      first.set(file.townId, file.name);
      return file;
    }
    return { ...file, error: `${file.name}: town ${file.town} is also in ${earlier}; import each town once` };
  });
}
