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

/**
 * Builds the dashboard into clientDir (dist/client by default) when it has no index.html. Returns whether there is a dashboard
 * to serve: without client sources (or when the build fails) the server still serves the API.
 */
export async function ensureClientBuild(clientDir: string, log: (message: string) => void): Promise<boolean> {
  if (fs.existsSync(path.join(clientDir, 'index.html'))) return true;
  if (!fs.existsSync(path.join(ROOT, 'client', 'index.html'))) {
    log('duty-map: no client sources to build; serving the API only');
    return false;
  }
  log(`duty-map: building the dashboard into ${clientDir} (vite build)`);
  try {
    // NODE_ENV may be 'test' or 'development' in the parent; the dashboard must ship React's production build.
    await run('npx', ['vite', 'build', '--outDir', path.resolve(clientDir), '--emptyOutDir'], {
      ...process.env,
      NODE_ENV: 'production',
    });
    return true;
  } catch (error) {
    log(`duty-map: ${(error as Error).message}; serving the API only`);
    return false;
  }
}
