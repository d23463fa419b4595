// The contract of importing lists from the dashboard (POST /api/imports, …/commit, GET …/{importId}):
// what the dry run says of each file, an import's state, and what the server accepts. Written once as
// zod schemas: the ETL's --check --json produces these objects, the server validates and documents them
// (OpenAPI), and the dashboard reads them.
import { z } from 'zod';

export const IMPORT_STATES = ['previewed', 'loading', 'done', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** An import id: 128 random bits in hex, so one cannot be guessed. */
export const IMPORT_ID_PATTERN = /^[0-9a-f]{32}$/;

const listCounts = z.object({
  declared: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'The count the list title declares (null: none)' }),
  found: z.number().int().meta({ description: 'Items found in the file' }),
});

/** The dry run of one file: what loading it would load, or why it cannot be loaded. */
export const importFileSchema = z.object({
  name: z.string().meta({ description: 'The file name as uploaded (sanitised)' }),
  town: z.string().nullable().meta({ description: 'The town’s full name (null when unreadable)' }),
  townId: z.string().nullable(),
  edition: z.string().nullable().meta({ description: 'The edition it would load as' }),
  format: z.string().nullable().meta({ description: 'text, csv, xlsx, docx or html' }),
  lists: z.object({ basic: listCounts, cooperative: listCounts, reclaimed: listCounts }),
  departments: z.number().int().meta({ description: 'Departments the file names (after aliases)' }),
  newDepartments: z
    .array(z.string())
    .meta({ description: 'Department names not yet in the target database' }),
  warnings: z
    .array(z.string())
    .meta({ description: 'Each with the file and its place (line, sheet/row, table/row)' }),
  error: z
    .string()
    .nullable()
    .meta({ description: 'Why the file cannot be loaded, with its place in the file; null when it can' }),
});
export type ImportFile = z.infer<typeof importFileSchema>;

export const importPreviewSchema = z.object({
  importId: z.string().regex(IMPORT_ID_PATTERN),
  files: z.array(importFileSchema),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/** A town an import loaded, for the dashboard's link to it. */
export const importedTownSchema = z.object({
  townId: z.string(),
  name: z.string(),
  edition: z.string().nullable(),
  latest: z.boolean().meta({ description: 'Whether it is now the town’s latest edition (the one shown)' }),
});

export const importStatusSchema = z.object({
  importId: z.string().regex(IMPORT_ID_PATTERN),
  state: z.enum(IMPORT_STATES),
  message: z
    .string()
    .nullable()
    .meta({ description: 'While loading: what it is doing (e.g. waiting for another load); failed: why' }),
  files: z.array(importFileSchema),
  towns: z.array(importedTownSchema).meta({ description: 'When done: the towns loaded' }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ImportStatus = z.infer<typeof importStatusSchema>;

/** GET /api/imports: whether this server takes imports, and its limits. */
export const importConfigSchema = z.object({
  enabled: z.boolean(),
  tokenRequired: z.boolean(),
  reason: z.string().nullable().meta({ description: 'Why imports are off, when they are' }),
  maxFiles: z.number().int(),
  maxFileBytes: z.number().int(),
  maxTotalBytes: z.number().int(),
  extensions: z.array(z.string()),
});
export type ImportConfig = z.infer<typeof importConfigSchema>;
