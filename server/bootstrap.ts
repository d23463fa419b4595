// What `npm start` does before serving: build the database from data/raw/ when there is none, and
// build the dashboard when dist/client is missing. Both run the project's own commands as children.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../shared/project-root.ts';

/** The project folder (the ETL's sources live here, as `npm run etl` runs them). */
export const ROOT = projectRoot(import.meta.dirname);
const RAW_DIR = path.join(ROOT, 'data', 'raw');

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** Loads every list in data/raw/ into dbPath when that file does not exist yet. */
export async function ensureDatabase(dbPath: string, log: (message: string) => void): Promise<void> {
  if (fs.existsSync(dbPath)) return;
  const files = fs.existsSync(RAW_DIR) ? fs.readdirSync(RAW_DIR).filter((name) => name.endsWith('.txt')) : [];
  if (files.length === 0)
    throw new Error(`No database at ${dbPath} and no list files in ${RAW_DIR} to build it from`);
  log(`duty-map: no database at ${dbPath}; loading ${files.length} file(s) from data/raw/`);
  await run('npm', ['run', '--silent', 'etl', '--', '--db', path.resolve(dbPath)]);
}

/** What the dashboard is built from (paths under the project): a build older than any of them is stale. */
const CLIENT_SOURCES = ['client', 'shared', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/**
 * Whether clientDir holds a dashboard built after every change to its sources (a checkout or pull gives
 * the files it changes the time of the change): a newer source means the build must run again.
 */
export function isClientBuildCurrent(clientDir: string, root: string = ROOT): boolean {
  const index = path.join(clientDir, 'index.html');
  if (!fs.existsSync(index)) return false;
  const built = fs.statSync(index).mtimeMs;
  return CLIENT_SOURCES.every((source) => newestMtime(path.join(root, source)) <= built);
}

/**
 * Builds the dashboard into clientDir (dist/client by default) when it has none, or one older than its
 * sources. Returns whether there is a dashboard to serve: without client sources (or when the build
 * fails and there is no earlier build) the server still serves the API. The build goes to a folder of its
 * own that replaces clientDir only when complete, so a failed build leaves the earlier one in place.
 */
export async function ensureClientBuild(clientDir: string, log: (message: string) => void): Promise<boolean> {
  const built = fs.existsSync(path.join(clientDir, 'index.html'));
  if (!fs.existsSync(path.join(ROOT, 'client', 'index.html'))) {
    if (!built) log('duty-map: no client sources to build; serving the API only');
    return built;
  }
  if (built && isClientBuildCurrent(clientDir)) return true;
  log(
    built
      ? `duty-map: the dashboard in ${clientDir} is older than its sources; building it again (vite build)`
      : `duty-map: building the dashboard into ${clientDir} (vite build)`,
  );
  const target = path.resolve(clientDir);
  const fresh = `${target}.build-${process.pid}`;
  try {
    // NODE_ENV may be 'test' or 'development' in the parent; the dashboard must ship React's production build.
    await run('npx', ['vite', 'build', '--outDir', fresh, '--emptyOutDir'], {
      ...process.env,
      NODE_ENV: 'production',
    });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(fresh, target);
    return true;
  } catch (error) {
    fs.rmSync(fresh, { recursive: true, force: true });
    log(
      `duty-map: ${(error as Error).message}; ${built ? 'serving the earlier build' : 'serving the API only'}`,
    );
    return built;
  }
}
