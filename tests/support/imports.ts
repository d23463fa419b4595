// Test helpers for imports: the seed rendered under another town's name in a chosen format (by the
// renderers the format tests use), multipart uploads built here, and waiting for an import's state.
import { readFileSync } from 'node:fs';
import {
  docxRendering,
  seedLists,
  xlsxThreeSheets,
  htmlRendering,
  csvRendering,
} from '../etl/render-seed.ts';
import { SEED_FILE } from './seed-db.ts';
import type { ImportStatus } from '../../shared/import-contract.ts';

/** The seed's text with 阿龙山镇 renamed. */
export function seedTextAs(town: string): string {
  return readFileSync(SEED_FILE, 'utf8').replaceAll('阿龙山镇', town);
}

/** The seed as `town`'s lists in one format: the bytes a clerk would upload. */
export async function seedFileAs(
  town: string,
  format: 'txt' | 'xlsx' | 'docx' | 'html' | 'csv',
): Promise<Buffer> {
  const lists = seedLists(seedTextAs(town));
  switch (format) {
    case 'txt':
      return Buffer.from(seedTextAs(town));
    case 'xlsx':
      return (await xlsxThreeSheets(lists)).bytes;
    case 'docx':
      return (await docxRendering('single', lists)).bytes;
    case 'html':
      return htmlRendering('utf8', lists).bytes;
    case 'csv':
      return csvRendering('utf8-bom', lists).bytes;
  }
}

export interface Upload {
  name: string;
  bytes: Uint8Array;
}

/** POST /api/imports with the files as multipart field `file`. */
export function postImport(
  url: string,
  files: Upload[],
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  for (const file of files) form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  return fetch(`${url}/api/imports`, { method: 'POST', body: form, headers });
}

/** Polls GET /api/imports/{id} until it is done or failed. */
export async function waitForImport(
  url: string,
  importId: string,
  headers: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<ImportStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${url}/api/imports/${importId}`, { headers });
    const status = (await response.json()) as ImportStatus;
    if (status.state === 'done' || status.state === 'failed') return status;
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${status.state}: ${status.message}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
