// Owns the DuckDB database the API reads: a READ_ONLY instance locked to that one file, a small pool of connections (a DuckDB
// connection runs one query at a time, so concurrent requests never share one), a time limit per query,
// and hot swapping when the ETL replaces the file (it writes a temp file and renames it over the path).
//
// A swap opens the new file next to the old one, probes it, and only then routes new queries to it; the
// old instance is closed once its in-flight queries are done. If the new file cannot be opened or probed
// (for example while it is being replaced), queries keep running on the old instance and the swap is
// retried on a later query.
import fs from 'node:fs';
import path from 'node:path';
import {
  DuckDBBlobValue,
  DuckDBInstance,
  type DuckDBConnection,
  type DuckDBResultReader,
  type DuckDBValue,
} from '@duckdb/node-api';

export type Params = Record<string, DuckDBValue>;

/** Turns a finished query's result into what the caller gets. */
type Read<T> = (reader: DuckDBResultReader) => T;

export interface Db {
  /** Runs one SQL statement with bound parameters and returns its rows as JSON-safe objects. */
  all<T>(sql: string, params?: Params): Promise<T[]>;
  /**
   * Runs one SQL statement whose one value (first row, first column) is JSON text, and returns that text
   * as UTF-8 bytes, never decoded into a JavaScript string: an answer DuckDB wrote (to_json) goes to the
   * client as it is, without being converted to objects, stringified and encoded again.
   */
  json(sql: string, params?: Params): Promise<Uint8Array>;
  /** Runs one SQL statement whose one value (first row, first column) is a BLOB, and returns its bytes. */
  blob(sql: string, params?: Params): Promise<Uint8Array>;
  /** Increases every time a new database file has been swapped in; lets callers cache per file. */
  version(): number;
  /**
   * Checks (throttled, like a query does) whether the file was replaced, and returns the version.
   * Optional so that wrappers which only observe queries (tests, benchmarks) stay small; without it the
   * response cache notices a new file at the next query instead.
   */
  currentVersion?(): Promise<number>;
  close(): Promise<void>;
}

export interface DbOptions {
  path: string;
  queryTimeoutMs: number;
  poolSize?: number;
  /** DuckDB's memory_limit, e.g. '512MB'; DuckDB's default (80% of RAM) when not set. */
  memoryLimit?: string;
  /** DuckDB's threads per instance; DuckDB's default (the cores) when not set. */
  threads?: number;
  /** How often (at most) a query checks whether the file was replaced. */
  checkIntervalMs?: number;
  /**
   * Called when a replaced file has been opened and queries go to it. Where the file system reports
   * changes, the replacement is opened as soon as it is reported, not at the next query.
   */
  onReplaced?: () => void;
  log?: (message: string) => void;
}

/** A query needed more memory than DuckDB's memory limit allows (DUCKDB_MEMORY_LIMIT). */
export class QueryMemoryError extends Error {
  constructor(cause: unknown) {
    super(
      'The query needed more memory than the server allows; narrow the filters or ask for a smaller page',
      {
        cause,
      },
    );
    this.name = 'QueryMemoryError';
  }
}

/** A query ran past the time limit and was interrupted. */
export class QueryTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Query exceeded the ${timeoutMs} ms time limit`);
    this.name = 'QueryTimeoutError';
  }
}

// Enough to tell an atomic rename (new inode) or a rewrite (mtime/size) from the file we have open.
async function fileSignature(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.promises.stat(file);
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/**
 * The API's SQL only reads the tables of this one file, and its values arrive as bound parameters. In
 * case a query ever lets text through as SQL, DuckDB itself refuses everything else: reading or writing
 * other files (read_csv('/etc/passwd'), COPY, ATTACH), installing or loading extensions (nothing is
 * fetched from the network), and — locked — any SET that would undo this on a connection.
 */
export const LOCKED_DOWN = {
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  lock_configuration: 'true',
} as const;

class Generation {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiters: Array<(connection: DuckDBConnection) => void> = [];
  private size = 0;
  private inFlight = 0;
  private retired = false;
  private closed = false;

  private constructor(
    readonly version: number,
    readonly signature: string | undefined,
    private readonly instance: DuckDBInstance,
    private readonly poolSize: number,
  ) {}

  static async open(
    file: string,
    version: number,
    signature: string | undefined,
    poolSize: number,
    settings: Record<string, string>,
  ) {
    const instance = await DuckDBInstance.create(file, {
      access_mode: 'READ_ONLY',
      ...settings,
      ...LOCKED_DOWN,
    });
    const generation = new Generation(version, signature, instance, poolSize);
    try {
      // A file that opens but lacks the schema (half-written, wrong file) must not replace a good one.
      await generation.run('SELECT count(*)::INTEGER AS n FROM items', undefined, 10_000, rowObjects);
    } catch (error) {
      generation.retire();
      throw error;
    }
    return generation;
  }

  async run<T>(sql: string, params: Params | undefined, timeoutMs: number, read: Read<T>): Promise<T> {
    this.inFlight += 1;
    try {
      const connection = await this.acquire();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        connection.interrupt();
      }, timeoutMs);
      try {
        return read(await connection.runAndReadAll(sql, params));
      } catch (error) {
        if (timedOut) throw new QueryTimeoutError(timeoutMs);
        if (error instanceof Error && error.message.startsWith('Out of Memory Error'))
          throw new QueryMemoryError(error);
        throw error;
      } finally {
        clearTimeout(timer);
        // An interrupt may land just after the query finished; never hand such a connection out again.
        if (timedOut) this.discard(connection);
        else this.release(connection);
      }
    } finally {
      this.inFlight -= 1;
      this.closeIfDrained();
    }
  }

  retire(): void {
    this.retired = true;
    this.closeIfDrained();
  }

  get drained(): boolean {
    return this.closed;
  }

  private async acquire(): Promise<DuckDBConnection> {
    const connection = this.idle.pop();
    if (connection) return connection;
    if (this.size < this.poolSize) {
      this.size += 1;
      try {
        return await this.instance.connect();
      } catch (error) {
        this.size -= 1;
        throw error;
      }
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(connection: DuckDBConnection): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(connection);
    else this.idle.push(connection);
  }

  private discard(connection: DuckDBConnection): void {
    connection.closeSync();
    this.size -= 1;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.size += 1;
      this.instance.connect().then(waiter, () => {
        // Could not replace the connection: put the waiter back for the next release.
        this.size -= 1;
        this.waiters.unshift(waiter);
      });
    }
  }

  private closeIfDrained(): void {
    if (!this.retired || this.closed || this.inFlight > 0) return;
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.closeSync();
    this.instance.closeSync();
  }
}

const RETRY_FAILED_MS = 1_000;

const rowObjects: Read<unknown[]> = (reader) => reader.getRowObjectsJson();

/** The statement's one value as bytes: the JSON text is made a BLOB in SQL, so nothing decodes it. */
const asBlob = (sql: string) => `SELECT encode(answer::VARCHAR) FROM (${sql}) AS answer_of(answer)`;
/** The statement's first value, a BLOB, as bytes; `what` names the statement's kind in the error. */
const firstBytes =
  (what: 'JSON' | 'BLOB'): Read<Uint8Array> =>
  (reader) => {
    const value = reader.currentRowCount > 0 ? reader.value(0, 0) : null;
    if (!(value instanceof DuckDBBlobValue)) throw new Error(`The ${what} query returned no value`);
    return value.bytes;
  };

/**
 * The parameters the SQL names. Queries are assembled from optional fragments (server/queries/plan.ts)
 * and DuckDB refuses a parameter the statement does not use, so those are dropped here.
 */
export function namedIn(sql: string, params: Params): Params {
  const named: Params = {};
  for (const [name, value] of Object.entries(params)) {
    if (new RegExp(`\\$${name}\\b`).test(sql)) named[name] = value;
  }
  return named;
}

export async function openDb(options: DbOptions): Promise<Db> {
  const file = path.resolve(options.path);
  const poolSize = options.poolSize ?? 4;
  const checkIntervalMs = options.checkIntervalMs ?? 250;
  const log = options.log ?? ((message: string) => console.warn(message));

  const settings: Record<string, string> = {
    ...(options.memoryLimit === undefined ? {} : { memory_limit: options.memoryLimit }),
    ...(options.threads === undefined ? {} : { threads: String(options.threads) }),
  };
  let current = await Generation.open(file, 1, await fileSignature(file), poolSize, settings);
  let lastCheck = Date.now();
  let changed = false;
  // A file that failed to open is retried after a pause, not on every query.
  let failed: { signature: string; at: number } | undefined;
  let refreshing: Promise<void> | undefined;
  let closing = false;

  // The directory watch makes a replacement visible to the very next query; the timed stat is the
  // fallback for file systems where fs.watch reports nothing.
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, name) => {
      if (name !== null && name !== path.basename(file)) return;
      changed = true;
      // Opened now, so that the process can warm it (onReplaced) before requests arrive; a failure to
      // open is logged by refresh() and retried by the next query.
      if (!closing) checkForReplacement().catch(() => {});
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined;
  }

  async function refresh(): Promise<void> {
    const signature = await fileSignature(file);
    // Missing while being replaced, unchanged, or just found unreadable: stay on the current file.
    if (signature === undefined || signature === current.signature) return;
    if (signature === failed?.signature && Date.now() - failed.at < RETRY_FAILED_MS) {
      changed = true;
      return;
    }
    let next: Generation;
    try {
      next = await Generation.open(file, current.version + 1, signature, poolSize, settings);
    } catch (error) {
      const repeated = failed?.signature === signature;
      failed = { signature, at: Date.now() };
      changed = true;
      if (!repeated)
        log(`duty-map: keeping the previous database, cannot open the new ${file}: ${String(error)}`);
      return;
    }
    if (closing) {
      next.retire();
      return;
    }
    const previous = current;
    current = next;
    failed = undefined;
    previous.retire();
    options.onReplaced?.();
  }

  async function checkForReplacement(): Promise<void> {
    const now = Date.now();
    if (!refreshing && (changed || now - lastCheck >= checkIntervalMs)) {
      changed = false;
      lastCheck = now;
      refreshing = refresh().finally(() => {
        refreshing = undefined;
      });
    }
    if (refreshing) await refreshing;
  }

  return {
    async all<T>(sql: string, params?: Params): Promise<T[]> {
      if (closing) throw new Error('The database is closed');
      await checkForReplacement();
      return current.run(
        sql,
        params && namedIn(sql, params),
        options.queryTimeoutMs,
        rowObjects as Read<T[]>,
      );
    },
    async json(sql: string, params?: Params): Promise<Uint8Array> {
      if (closing) throw new Error('The database is closed');
      await checkForReplacement();
      return current.run(
        asBlob(sql),
        params && namedIn(sql, params),
        options.queryTimeoutMs,
        firstBytes('JSON'),
      );
    },
    async blob(sql: string, params?: Params): Promise<Uint8Array> {
      if (closing) throw new Error('The database is closed');
      await checkForReplacement();
      return current.run(sql, params && namedIn(sql, params), options.queryTimeoutMs, firstBytes('BLOB'));
    },
    version: () => current.version,
    async currentVersion() {
      await checkForReplacement();
      return current.version;
    },
    async close() {
      closing = true;
      watcher?.close();
      if (refreshing) await refreshing;
      current.retire();
      while (!current.drained) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}
