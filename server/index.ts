// `npm start` (and `node dist/server/index.js`): prepares the process, then runs server/main.ts.
//
// DuckDB allocates through its own jemalloc, which reads its settings (DUCKDB_JE_MALLOC_CONF) from the
// environment once, when the DuckDB library is loaded: they are set here, before main.ts (and with it
// DuckDB) is imported. A cluster worker inherits them with the rest of the environment.
import { readEnv } from './env.ts';

try {
  process.env.DUCKDB_JE_MALLOC_CONF = readEnv().DUCKDB_JE_MALLOC_CONF;
} catch (error) {
  console.error(`duty-map: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
await import('./main.ts');
