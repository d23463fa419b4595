// The server's configuration, read from process.env once and validated. No other module reads process.env.
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

// A DNS name or an IPv4/IPv6 address as it appears in a Host header, without port or scheme.
const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[?[0-9a-f:.]+\]?)$/,
    'each entry must be a host name or IP address without scheme or port, e.g. duty-map.example.gov.cn',
  )
  .transform((name) => (name.includes(':') && !name.startsWith('[') ? `[${name}]` : name));

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
  // Host names (comma-separated) the server answers to besides the loopback names (localhost, 127.0.0.1,
  // [::1]) and HOST itself; any other Host header is answered 421. This is what keeps a web page on another
  // site from reaching the server through DNS rebinding. Set it to the names users type when HOST is 0.0.0.0.
  ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((value) => value.split(',').filter((entry) => entry.trim() !== ''))
    .pipe(z.array(hostName).max(64)),
  // Strict-Transport-Security max-age in seconds. Only for a server reached through HTTPS (a TLS proxy in
  // front of it); unset or 0 sends no HSTS header, as a plain-HTTP server must not.
  HSTS_MAX_AGE: z.coerce.number().int().min(0).max(63_072_000).default(0),
  // Server processes sharing the port (node:cluster), each with its own read-only DuckDB instance on the
  // file: more than one uses more than one core. 1 serves from the one process. Default: the cores.
  WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  // Per process: requests running queries at once (answers not in the response cache), and how many more
  // may wait for a slot; beyond that a request is answered 503 overloaded with Retry-After at once, so a
  // flood of distinct searches cannot starve health checks or cached answers.
  QUERY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
  QUERY_QUEUE: z.coerce.number().int().min(0).max(10_000).default(64),
  // Imports from the dashboard (POST /api/imports) are on without it only when HOST is loopback; set, it is
  // required as `Authorization: Bearer …` on every import request. At least 16 characters.
  IMPORT_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .max(512)
    .regex(/^\S+$/, 'must not contain spaces')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // The nice value (0–19) of each serving process's threads other than its event loop: DuckDB's queries
  // run there, so when they keep every core busy the event loop (health, cached answers, 503s) still gets
  // the CPU at once. 0 leaves them at the process's own priority.
  QUERY_NICE: z.coerce.number().int().min(0).max(19).default(10),
  // How long a Word report (GET /api/report.docx) may take before it stops and is answered 503 with
  // Retry-After; unset: REPORT_DEADLINE_MS of server/routes/report.ts (60 s).
  REPORT_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).optional(),
  // The settings of DuckDB's allocator (jemalloc: comma-separated key:value pairs). By default jemalloc
  // keeps the pages DuckDB's queries free for a while, to reuse them: under a flood of distinct searches
  // on a national database that held ~150 MB per serving process beyond DuckDB's memory limit, which
  // DuckDB does not count (peak 465 MiB; 333 MiB with 0). 0 hands freed pages back at once, at a cost in
  // throughput: pages are faulted in again (the bench's flood of distinct town summaries at national got
  // ~35 % fewer answers/s in the same run). dirty_decay_ms:250 kept ~425 MiB and most of the throughput.
  // Read when DuckDB loads (server/index.ts).
  DUCKDB_JE_MALLOC_CONF: z
    .string()
    .regex(
      /^[a-z_]+:[^,:\s]+(,[a-z_]+:[^,:\s]+)*$/,
      'must be jemalloc settings such as dirty_decay_ms:0,muzzy_decay_ms:0',
    )
    .default('dirty_decay_ms:0,muzzy_decay_ms:0'),
  // npm sets this for `npm start`; the server then exits when npm does (server/parent-watch.ts).
  npm_lifecycle_event: z.string().optional(),
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
