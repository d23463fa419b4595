// Only regular files are read, links resolved, with a size cap (64 MB unless --max-file-mb
// raises it): a FIFO named x.txt once hung the ETL forever and a link to /dev/zero grew it past
// 3 GB. Each is now rejected at once, by name, with what to do.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { SEED_FILE } from '../support/seed-db.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'duty-map-guards-'));
const MB = 1_048_576;

async function rejection(file: string, maxFileBytes?: number): Promise<{ error: string | null; ms: number }> {
  const started = performance.now();
  const report = await loadFiles({
    dbPath: join(dir, `never-${Math.random().toString(36).slice(2)}.duckdb`),
    files: [file],
    ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
  });
  expect(report.ok).toBe(false);
  return { error: report.files[0]?.error ?? null, ms: performance.now() - started };
}

function etl(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'etl', 'cli.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('files that are not regular files', () => {
  it('rejects a FIFO named x.txt at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'x.txt');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const { error, ms } = await rejection(fifo);
    expect(error).toBe('x.txt: a FIFO (named pipe), not a regular file; expected a list file');
    expect(ms).toBeLessThan(10_000);
  });

  it('rejects a link to /dev/zero at once, reading nothing', async () => {
    const link = join(dir, 'zero.txt');
    symlinkSync('/dev/zero', link);
    const { error } = await rejection(link);
    expect(error).toBe('zero.txt: a character device, not a regular file; expected a list file');
  });

  it('rejects a folder named like a list', async () => {
    mkdirSync(join(dir, 'folder.txt'));
    expect((await rejection(join(dir, 'folder.txt'))).error).toBe(
      'folder.txt: a folder, not a regular file; expected a list file',
    );
  });

  it('reads a regular file through a link', async () => {
    const link = join(dir, 'linked.txt');
    symlinkSync(SEED_FILE, link);
    const report = await loadFiles({ dbPath: join(dir, 'linked.duckdb'), files: [link] });
    expect(report.ok).toBe(true);
    expect(report.files[0]?.counts).toEqual({ basic: 70, cooperative: 47, reclaimed: 64 });
  });
});

describe('the size cap', () => {
  it('rejects a file over the default 64 MB cap without reading it', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, '');
    truncateSync(big, 65 * MB); // sparse: costs no disk
    const { error, ms } = await rejection(big);
    expect(error).toBe('big.txt: file is 65.0 MB, over the 64 MB cap; raise it with --max-file-mb');
    expect(ms).toBeLessThan(10_000);
  });

  it('loads a file over a lower cap once --max-file-mb raises it', () => {
    const padded = join(dir, 'padded.txt');
    writeFileSync(padded, readFileSync(SEED_FILE, 'utf8') + '\n'.repeat(2 * MB));
    const low = etl('--db', join(dir, 'cap.duckdb'), '--max-file-mb', '1', padded);
    expect(low.code).toBe(1);
    expect(low.out).toContain('✗ padded.txt: file is 2.1 MB, over the 1 MB cap; raise it with --max-file-mb');
    const raised = etl('--db', join(dir, 'cap.duckdb'), '--max-file-mb', '3', padded);
    expect(raised.code).toBe(0);
    expect(raised.out).toMatch(/loaded 1 file\(s\), 181 items/);
    expect(etl('--max-file-mb', 'lots', padded).code).toBe(2);
  });

  it('rejects an Office package that would expand past the cap', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', Buffer.alloc(5 * MB, 0x20));
    const bomb = join(dir, 'bomb.docx');
    writeFileSync(bomb, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(readFileSync(bomb).length).toBeLessThan(MB / 10);
    expect((await rejection(bomb, 4 * MB)).error).toBe(
      'bomb.docx: the package expands to 5 MB, over the 4 MB cap; raise it with --max-file-mb',
    );
  });
});
