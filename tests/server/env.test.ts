// The server's configuration: defaults, and refusing values it cannot use.
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../server/env.ts';

describe('readEnv', () => {
  it('defaults to 127.0.0.1:8787, data/duties.duckdb, no CORS, a 5 s query limit and 160MB for DuckDB', () => {
    expect(readEnv({})).toEqual({
      PORT: 8787,
      HOST: '127.0.0.1',
      DUTIES_DB: 'data/duties.duckdb',
      CLIENT_DIR: 'dist/client',
      QUERY_TIMEOUT_MS: 5_000,
      DUCKDB_MEMORY_LIMIT: '160MB',
    });
  });

  it('reads the variables it knows and ignores the rest', () => {
    expect(
      readEnv({
        PORT: '24000',
        HOST: '0.0.0.0',
        DUTIES_DB: '/tmp/x.duckdb',
        CORS_ORIGIN: 'https://a.example',
        PATH: '/bin',
      }),
    ).toMatchObject({
      PORT: 24000,
      HOST: '0.0.0.0',
      DUTIES_DB: '/tmp/x.duckdb',
      CORS_ORIGIN: 'https://a.example',
    });
    expect(readEnv({ CORS_ORIGIN: '' }).CORS_ORIGIN).toBeUndefined();
  });

  it('names the variable it cannot use', () => {
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readEnv({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => readEnv({ CORS_ORIGIN: 'not a url' })).toThrow(/CORS_ORIGIN/);
    expect(() => readEnv({ QUERY_TIMEOUT_MS: '5' })).toThrow(/QUERY_TIMEOUT_MS/);
    expect(() => readEnv({ DUCKDB_MEMORY_LIMIT: 'lots' })).toThrow(/DUCKDB_MEMORY_LIMIT: must be a size/);
    expect(readEnv({ DUCKDB_MEMORY_LIMIT: '2GB' }).DUCKDB_MEMORY_LIMIT).toBe('2GB');
  });
});
