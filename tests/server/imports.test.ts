// Imports through the API on the real server (two serving processes, so state read by one and written
// by another) with a real database: dry run, commit, state, limits, access, a failed load, queueing.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFileSchema, importPreviewSchema, importStatusSchema } from '../../shared/import-contract.ts';
import { seedLists, xlsxThreeSheets } from '../etl/render-seed.ts';
import { postImport, seedFileAs, seedTextAs, waitForImport } from '../support/imports.ts';
import { rawRequest } from '../support/raw-http.ts';
import { buildSeedDb } from '../support/seed-db.ts';
import { startServer, type ServerHandle } from '../support/server-process.ts';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A folder with a dashboard stand-in, so the server starts without building the real one. */
function apiOnlyClient(dir: string): string {
  const client = join(dir, 'client');
  mkdirSync(client, { recursive: true });
  writeFileSync(join(client, 'index.html'), '<!doctype html><title>api only</title>');
  return client;
}

async function startOn(
  env: NodeJS.ProcessEnv = {},
): Promise<{ server: ServerHandle; db: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-imports-'));
  const db = await buildSeedDb(dir);
  const server = await startServer(db, apiOnlyClient(dir), { env: { WORKERS: '2', ...env } });
  return { server, db, dir };
}

async function summaryTotal(url: string): Promise<number> {
  const response = await fetch(`${url}/api/summary`);
  return ((await response.json()) as { items: { total: number } }).items.total;
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('imports on a loopback server', () => {
  let running: { server: ServerHandle; db: string; dir: string };
  beforeAll(async () => {
    running = await startOn();
  }, 180_000);
  afterAll(async () => {
    await running?.server.stop();
    rmSync(running.dir, { recursive: true, force: true });
  });

  it('dry-runs uploads with the ETL: the seed under another name counts 70/47/64, nothing is loaded', async () => {
    const before = sha256(running.db);
    const response = await postImport(running.server.url, [
      { name: '金河镇清单.xlsx', bytes: await seedFileAs('金河镇', 'xlsx') },
      { name: '满归镇清单.docx', bytes: await seedFileAs('满归镇', 'docx') },
    ]);
    expect(response.status).toBe(200);
    const preview = importPreviewSchema.parse(await response.json());
    expect(preview.files.map((f) => [f.name, f.town, f.format, f.error])).toEqual([
      ['金河镇清单.xlsx', '内蒙古自治区呼伦贝尔市根河市金河镇', 'xlsx', null],
      ['满归镇清单.docx', '内蒙古自治区呼伦贝尔市根河市满归镇', 'docx', null],
    ]);
    for (const file of preview.files) {
      expect(Object.keys(file).sort()).toEqual(Object.keys(importFileSchema.shape).sort());
      expect(file.lists).toEqual({
        basic: { declared: 70, found: 70 },
        cooperative: { declared: 47, found: 47 },
        reclaimed: { declared: 64, found: 64 },
      });
      // Every department of the seed is already in the seed database.
      expect(file.departments).toBe(24);
      expect(file.newDepartments).toEqual([]);
      expect(file.warnings).toEqual([]);
    }
    expect(sha256(running.db)).toBe(before);
    expect(await summaryTotal(running.server.url)).toBe(181);
    // The uploads sit in the import's folder beside the database, under the names given.
    const folder = join(running.dir, 'imports', preview.importId, 'files');
    expect(readdirSync(folder).flatMap((n) => readdirSync(join(folder, n)))).toEqual([
      '金河镇清单.xlsx',
      '满归镇清单.docx',
    ]);
    const state = importStatusSchema.parse(
      await (await fetch(`${running.server.url}/api/imports/${preview.importId}`)).json(),
    );
    expect(state.state).toBe('previewed');
  }, 120_000);

  it('names new departments: those the target database does not hold', async () => {
    const text = seedTextAs('金河镇').replaceAll('根河市林业和草原局', '根河市林草局');
    const response = await postImport(running.server.url, [
      { name: 'renamed.txt', bytes: Buffer.from(text) },
    ]);
    expect(response.status).toBe(200);
    const [file] = importPreviewSchema.parse(await response.json()).files;
    expect(file?.newDepartments).toEqual(['根河市林草局']);
  }, 60_000);

  it('commits: the ETL loads the files, every serving process answers with both towns', async () => {
    const response = await postImport(running.server.url, [
      { name: 'jinhe.xlsx', bytes: await seedFileAs('金河镇', 'xlsx') },
    ]);
    const { importId } = importPreviewSchema.parse(await response.json());
    const commit = await fetch(`${running.server.url}/api/imports/${importId}/commit`, { method: 'POST' });
    expect(commit.status).toBe(202);
    expect(importStatusSchema.parse(await commit.json()).state).toBe('loading');
    const done = await waitForImport(running.server.url, importId);
    expect(done.state, done.message ?? '').toBe('done');
    expect(done.towns.map((t) => t.name)).toEqual(['内蒙古自治区呼伦贝尔市根河市金河镇']);
    // The server swaps the new file in; several requests reach both serving processes.
    const totals = new Set<number>();
    for (let i = 0; i < 8; i++) totals.add(await summaryTotal(running.server.url));
    expect([...totals]).toEqual([362]);
    const towns = (await (await fetch(`${running.server.url}/api/towns`)).json()) as {
      towns: { name: string }[];
    };
    expect(towns.towns.map((t) => t.name).sort()).toEqual(['金河镇', '阿龙山镇'].sort());
    // A second commit of the same import is refused.
    const again = await fetch(`${running.server.url}/api/imports/${importId}/commit`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('import_conflict');
  }, 180_000);

  it('reports a broken file with its place in the preview and refuses to commit it, naming the file', async () => {
    const lists = seedLists(seedTextAs('金河镇'));
    for (const page of lists[1]?.pages ?? []) page.header.cells[2] = '牵头单位';
    const response = await postImport(running.server.url, [
      { name: 'header.xlsx', bytes: (await xlsxThreeSheets(lists)).bytes },
      { name: 'not-a-zip.docx', bytes: Buffer.from('this is not a Word document') },
    ]);
    expect(response.status).toBe(200);
    const preview = importPreviewSchema.parse(await response.json());
    expect(preview.files[0]?.error).toContain(
      "header.xlsx: sheet 配合履职事项清单, row 2: column 3 has header '牵头单位', not a column of the cooperative list",
    );
    expect(preview.files[1]?.error).toBe('not-a-zip.docx: not a ZIP package; expected a Word .docx document');
    const commit = await fetch(`${running.server.url}/api/imports/${preview.importId}/commit`, {
      method: 'POST',
    });
    expect(commit.status).toBe(400);
    const error = await errorOf(commit);
    expect(error.code).toBe('import_rejected');
    expect(error.message).toContain('header.xlsx: sheet 配合履职事项清单, row 2');
    expect(error.message).toContain('not-a-zip.docx');
  }, 60_000);

  it('flags a town uploaded twice in one import, as the loader would refuse it', async () => {
    const response = await postImport(running.server.url, [
      { name: 'jinhe.xlsx', bytes: await seedFileAs('金河镇', 'xlsx') },
      { name: 'jinhe-again.txt', bytes: await seedFileAs('金河镇', 'txt') },
    ]);
    const preview = importPreviewSchema.parse(await response.json());
    expect(preview.files.map((f) => f.error)).toEqual([
      null,
      'jinhe-again.txt: town 内蒙古自治区呼伦贝尔市根河市金河镇 is also in jinhe.xlsx; import each town once',
    ]);
  }, 60_000);

  it('refuses other types (415) and oversize files (413), naming the file', async () => {
    const pdf = await postImport(running.server.url, [{ name: '清单.pdf', bytes: Buffer.from('%PDF-1.7') }]);
    expect(pdf.status).toBe(415);
    const pdfError = await errorOf(pdf);
    expect(pdfError.code).toBe('unsupported_type');
    expect(pdfError.message).toMatch(
      /^清单\.pdf: \.pdf files are not read; accepted: \.txt, \.csv, \.xlsx, \.docx, \.html, \.htm/,
    );

    const big = await postImport(running.server.url, [
      { name: 'big.txt', bytes: Buffer.alloc(64 * 1_048_576 + 1, 0x41) },
    ]);
    expect(big.status).toBe(413);
    expect(await errorOf(big)).toEqual({
      code: 'payload_too_large',
      message: 'big.txt: 64.0 MB, over the 64 MB cap of one list file',
    });

    // Refused from its Content-Length, before a byte of the body is read.
    const total = await rawRequest(
      Number(new URL(running.server.url).port),
      [
        'POST /api/imports HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: multipart/form-data; boundary=x',
        `Content-Length: ${200 * 1_048_576}`,
        'Connection: close',
        '',
        '--x\r\n',
      ].join('\r\n'),
    );
    expect(total.status).toBe(413);
    expect(JSON.parse(total.body)).toEqual({
      error: {
        code: 'payload_too_large',
        message: 'The upload is over 100 MB in total; send fewer or smaller files',
      },
    });

    const many = await postImport(
      running.server.url,
      Array.from({ length: 21 }, (_, i) => ({ name: `${i}.txt`, bytes: Buffer.from('x') })),
    );
    expect(many.status).toBe(400);
    expect((await errorOf(many)).message).toBe('file: 21 files; at most 20 per import');
  }, 120_000);

  it('keeps uploads inside the import folder whatever the file name says', async () => {
    const response = await postImport(running.server.url, [
      { name: '../../../escape\u0007.txt', bytes: Buffer.from(seedTextAs('金河镇')) },
    ]);
    expect(response.status).toBe(200);
    const preview = importPreviewSchema.parse(await response.json());
    expect(preview.files[0]?.name).toBe('escape_.txt');
    expect(existsSync(join(running.dir, 'escape_.txt'))).toBe(false);
    expect(readdirSync(join(running.dir, 'imports', preview.importId, 'files', '1'))).toEqual([
      'escape_.txt',
    ]);
  }, 60_000);

  it('is described in the OpenAPI document by the schemas that validate it', async () => {
    interface Schema {
      properties: Record<string, Schema & { items: Schema; enum?: string[] }>;
    }
    interface Operation {
      responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
    }
    const doc = (await (await fetch(`${running.server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const json = (path: string, method: string, status: string) =>
      doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
    expect(Object.keys(doc.paths['/api/imports'] ?? {})).toEqual(['get', 'post']);
    expect(
      Object.keys(json('/api/imports', 'post', '200')?.properties.files?.items.properties ?? {}),
    ).toEqual(Object.keys(importFileSchema.shape));
    expect(json('/api/imports/{importId}/commit', 'post', '202')?.properties.state?.enum).toEqual([
      'previewed',
      'loading',
      'done',
      'failed',
    ]);
    expect(Object.keys(doc.paths['/api/imports/{importId}'] ?? {})).toEqual(['get']);
  });

  it('validates import ids and refuses cross-site requests', async () => {
    const bad = await fetch(`${running.server.url}/api/imports/..%2F..%2Fetc/commit`, { method: 'POST' });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${running.server.url}/api/imports/${'0'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    const crossSite = await postImport(running.server.url, [{ name: 'a.txt', bytes: Buffer.from('x') }], {
      Origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    expect((await errorOf(crossSite)).code).toBe('forbidden');
  });

  it('a failed load leaves the database byte for byte as it was', async () => {
    const response = await postImport(running.server.url, [
      { name: 'genhe.txt', bytes: Buffer.from(seedTextAs('根河镇')) },
    ]);
    const preview = importPreviewSchema.parse(await response.json());
    expect(preview.files[0]?.error).toBeNull();
    // The upload is damaged after its dry run (a disk fault, an edit): the load itself must fail.
    writeFileSync(join(running.dir, 'imports', preview.importId, 'files', '1', 'genhe.txt'), '根河镇 2025\n');
    const before = sha256(running.db);
    const commit = await fetch(`${running.server.url}/api/imports/${preview.importId}/commit`, {
      method: 'POST',
    });
    expect(commit.status).toBe(202);
    const failed = await waitForImport(running.server.url, preview.importId);
    expect(failed.state).toBe('failed');
    expect(failed.message).toContain('genhe.txt:1: expected a title line');
    expect(failed.message).toContain('the database is unchanged');
    expect(sha256(running.db)).toBe(before);
  }, 120_000);

  it('queues commits: both wait while another load holds the database, then load one after the other', async () => {
    const previews = await Promise.all(
      (['满归镇', '敖鲁古雅乡'] as const).map(async (town, i) => {
        const response = await postImport(running.server.url, [
          {
            name: `town-${i}.${i === 0 ? 'docx' : 'html'}`,
            bytes: await seedFileAs(town, i === 0 ? 'docx' : 'html'),
          },
        ]);
        return importPreviewSchema.parse(await response.json()).importId;
      }),
    );
    // Another ETL run (this test process, alive) holds the database's lock.
    const lock = `${running.db}.lock`;
    writeFileSync(lock, String(process.pid));
    try {
      const commits = await Promise.all(
        previews.map((id) => fetch(`${running.server.url}/api/imports/${id}/commit`, { method: 'POST' })),
      );
      expect(commits.map((c) => c.status)).toEqual([202, 202]);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const states = await Promise.all(
          previews.map(async (id) =>
            importStatusSchema.parse(await (await fetch(`${running.server.url}/api/imports/${id}`)).json()),
          ),
        );
        if (states.every((s) => s.message === 'Waiting for another load to finish')) {
          expect(states.map((s) => s.state)).toEqual(['loading', 'loading']);
          break;
        }
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      rmSync(lock, { force: true });
    }
    const results = await Promise.all(previews.map((id) => waitForImport(running.server.url, id)));
    expect(results.map((r) => r.state)).toEqual(['done', 'done']);
    // 阿龙山镇 and 金河镇 before; both queued towns now.
    expect(await summaryTotal(running.server.url)).toBe(181 * 4);
  }, 180_000);
});

describe('imports on a server listening beyond loopback', () => {
  it('are refused (403) without IMPORT_TOKEN', async () => {
    const running = await startOn({ HOST: '0.0.0.0' });
    try {
      const config = (await (await fetch(`${running.server.url}/api/imports`)).json()) as {
        enabled: boolean;
      };
      expect(config.enabled).toBe(false);
      const response = await postImport(running.server.url, [
        { name: 'jinhe.txt', bytes: Buffer.from(seedTextAs('金河镇')) },
      ]);
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toEqual({
        code: 'forbidden',
        message: 'Imports are off: the server listens on 0.0.0.0, not loopback, and IMPORT_TOKEN is not set',
      });
    } finally {
      await running.server.stop();
      rmSync(running.dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('need the token: none or a wrong one is 403, the right one is accepted', async () => {
    const token = 'a-long-import-token-0123456789';
    const running = await startOn({ HOST: '0.0.0.0', IMPORT_TOKEN: token });
    try {
      const upload = [{ name: 'jinhe.txt', bytes: Buffer.from(seedTextAs('金河镇')) }];
      const none = await postImport(running.server.url, upload);
      expect(none.status).toBe(403);
      expect((await errorOf(none)).message).toBe('Imports need the import token: Authorization: Bearer …');
      const wrong = await postImport(running.server.url, upload, { Authorization: `Bearer ${token}x` });
      expect(wrong.status).toBe(403);
      expect((await errorOf(wrong)).message).toBe('The import token is wrong');
      const right = await postImport(running.server.url, upload, { Authorization: `Bearer ${token}` });
      expect(right.status).toBe(200);
      const { importId } = importPreviewSchema.parse(await right.json());
      // Reading the state needs it too.
      expect((await fetch(`${running.server.url}/api/imports/${importId}`)).status).toBe(403);
    } finally {
      await running.server.stop();
      rmSync(running.dir, { recursive: true, force: true });
    }
  }, 120_000);
});
