// The server's configuration, read from process.env once and validated. No other module reads process.env.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

export const envSchema = z.object({
  PORT: port.default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DUTIES_DB: z.string().min(1).default('data/duties.duckdb'),
  // The built dashboard; `npm start` builds it here when it is missing.
  CLIENT_DIR: z.string().min(1).default('dist/client'),
  // Browser origin allowed to call the API from elsewhere; CORS stays off when unset.
  CORS_ORIGIN: z
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Queries running longer than this are interrupted and answered with 503.
  QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  // DuckDB's memory limit for the server (buffer cache and query memory), e.g. 160MB or 2GB. The
  // aggregate endpoints read roll-ups and need little; the deepest item pages and searches over a
  // national database run in 160MB (at 128MB a page at offset 1,000,000 does not; a query needing
  // more is answered 503 query_memory). DuckDB's own default is 80% of the machine.
  DUCKDB_MEMORY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'must be a size such as 512MB or 2GB')
    .default('160MB'),
});

export type Env = z.infer<typeof envSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }
  return parsed.data;
}
