// The import endpoints for the 导入清单 page: the server's limits, the upload and dry run, the commit and
// the state. Answers are read with the shared contract's schemas (shared/import-contract.ts); an error
// answer becomes the ApiError the dashboard's error states show.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  importConfigSchema,
  importPreviewSchema,
  importStatusSchema,
  type ImportConfig,
  type ImportPreview,
  type ImportStatus,
} from '../../../../shared/import-contract.ts';
import { ApiError } from '../../../lib/api-client.ts';

const authorization = (token: string): Record<string, string> =>
  token === '' ? {} : { Authorization: `Bearer ${token}` };

async function read<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  if (!response.ok)
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'http_error',
      body?.error?.message ?? `HTTP ${response.status}`,
    );
  return schema.parse(body);
}

export const importConfigQueryOptions = () =>
  queryOptions({
    queryKey: ['imports', 'config'],
    queryFn: async (): Promise<ImportConfig> => read(await fetch('/api/imports'), importConfigSchema),
    staleTime: Infinity,
  });

/** Uploads the files and returns the dry run of each. */
export async function uploadForPreview(files: readonly File[], token: string): Promise<ImportPreview> {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  return read(
    await fetch('/api/imports', { method: 'POST', body: form, headers: authorization(token) }),
    importPreviewSchema,
  );
}

export async function commitImport(importId: string, token: string): Promise<ImportStatus> {
  return read(
    await fetch(`/api/imports/${importId}/commit`, { method: 'POST', headers: authorization(token) }),
    importStatusSchema,
  );
}

/** The import's state, polled every half second while it loads. */
export const importStatusQueryOptions = (importId: string, token: string) =>
  queryOptions({
    queryKey: ['imports', 'status', importId, token],
    queryFn: async (): Promise<ImportStatus> =>
      read(await fetch(`/api/imports/${importId}`, { headers: authorization(token) }), importStatusSchema),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.state === 'loading' ? 500 : false),
  });
