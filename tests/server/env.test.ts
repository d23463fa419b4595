// The server's configuration: defaults, and refusing values it cannot use.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../server/env.ts';

describe('readEnv', () => {
  it('defaults to 127.0.0.1:8787, data/duties.duckdb, no CORS, a 5 s query limit, 160MB for DuckDB, loopback hosts only, no HSTS, one process per core, 3 queries at once and 64 waiting, query threads at nice 10, freed DuckDB memory returned at once', () => {
    expect(readEnv({})).toEqual({
      PORT: 8787,
      HOST: '127.0.0.1',
      DUTIES_DB: 'data/duties.duckdb',
      CLIENT_DIR: 'dist/client',
      QUERY_TIMEOUT_MS: 5_000,
      DUCKDB_MEMORY_LIMIT: '160MB',
      ALLOWED_HOSTS: [],
      HSTS_MAX_AGE: 0,
      WORKERS: availableParallelism(),
      QUERY_CONCURRENCY: 3,
      QUERY_QUEUE: 64,
      QUERY_NICE: 10,
      DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:0,muzzy_decay_ms:0',
    });
  });

  it('takes REPORT_TIMEOUT_MS as whole milliseconds up to 10 minutes, unset by default (the route’s 60 s)', () => {
    expect(readEnv({}).REPORT_TIMEOUT_MS).toBeUndefined();
    expect(readEnv({ REPORT_TIMEOUT_MS: '1' }).REPORT_TIMEOUT_MS).toBe(1);
    expect(readEnv({ REPORT_TIMEOUT_MS: '600000' }).REPORT_TIMEOUT_MS).toBe(600_000);
    expect(() => readEnv({ REPORT_TIMEOUT_MS: '0' })).toThrow(/REPORT_TIMEOUT_MS/);
    expect(() => readEnv({ REPORT_TIMEOUT_MS: '600001' })).toThrow(/REPORT_TIMEOUT_MS/);
    expect(() => readEnv({ REPORT_TIMEOUT_MS: 'soon' })).toThrow(/REPORT_TIMEOUT_MS/);
  });

  it('takes DuckDB’s allocator settings as jemalloc key:value pairs and names the variable otherwise', () => {
    expect(readEnv({ DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:1000' }).DUCKDB_JE_MALLOC_CONF).toBe(
      'dirty_decay_ms:1000',
    );
    expect(
      readEnv({ DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:0,muzzy_decay_ms:0,background_thread:true' })
        .DUCKDB_JE_MALLOC_CONF,
    ).toBe('dirty_decay_ms:0,muzzy_decay_ms:0,background_thread:true');
    for (const bad of ['', 'dirty_decay_ms', 'dirty_decay_ms:0,', 'dirty_decay_ms: 0', 'a:1;rm -rf'])
      expect(() => readEnv({ DUCKDB_JE_MALLOC_CONF: bad })).toThrow(
        /DUCKDB_JE_MALLOC_CONF: must be jemalloc settings such as dirty_decay_ms:0,muzzy_decay_ms:0/,
      );
  });

  it('takes QUERY_NICE from 0 to 19 and refuses anything else', () => {
    expect(readEnv({ QUERY_NICE: '0' }).QUERY_NICE).toBe(0);
    expect(readEnv({ QUERY_NICE: '19' }).QUERY_NICE).toBe(19);
    expect(() => readEnv({ QUERY_NICE: '20' })).toThrow(/QUERY_NICE/);
    expect(() => readEnv({ QUERY_NICE: '-5' })).toThrow(/QUERY_NICE/);
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
    expect(() => readEnv({ WORKERS: '0' })).toThrow(/WORKERS/);
    expect(() => readEnv({ QUERY_CONCURRENCY: 'many' })).toThrow(/QUERY_CONCURRENCY/);
    expect(() => readEnv({ QUERY_QUEUE: '-1' })).toThrow(/QUERY_QUEUE/);
    expect(() => readEnv({ QUERY_TIMEOUT_MS: '5' })).toThrow(/QUERY_TIMEOUT_MS/);
    expect(() => readEnv({ DUCKDB_MEMORY_LIMIT: 'lots' })).toThrow(/DUCKDB_MEMORY_LIMIT: must be a size/);
    expect(readEnv({ DUCKDB_MEMORY_LIMIT: '2GB' }).DUCKDB_MEMORY_LIMIT).toBe('2GB');
  });

  it('reads ALLOWED_HOSTS as a comma-separated list of host names, lower case, IPv6 in brackets', () => {
    expect(
      readEnv({ ALLOWED_HOSTS: 'Duty-Map.Example.gov.cn, 10.1.2.3,,fe80::1, [::2]' }).ALLOWED_HOSTS,
    ).toEqual(['duty-map.example.gov.cn', '10.1.2.3', '[fe80::1]', '[::2]']);
    expect(readEnv({ ALLOWED_HOSTS: '' }).ALLOWED_HOSTS).toEqual([]);
  });

  it('refuses an ALLOWED_HOSTS entry with a scheme, a port, a path or a wildcard', () => {
    for (const bad of ['https://a.example', 'a.example:8787', 'a.example/x', '*.example.gov.cn', 'a b']) {
      expect(() => readEnv({ ALLOWED_HOSTS: bad }), bad).toThrow(
        /ALLOWED_HOSTS\.0: each entry must be a host name/,
      );
    }
  });

  it('reads HSTS_MAX_AGE in seconds, up to two years', () => {
    expect(readEnv({ HSTS_MAX_AGE: '31536000' }).HSTS_MAX_AGE).toBe(31_536_000);
    expect(() => readEnv({ HSTS_MAX_AGE: '-1' })).toThrow(/HSTS_MAX_AGE/);
    expect(() => readEnv({ HSTS_MAX_AGE: '1y' })).toThrow(/HSTS_MAX_AGE/);
    expect(() => readEnv({ HSTS_MAX_AGE: '99999999' })).toThrow(/HSTS_MAX_AGE/);
  });
});
