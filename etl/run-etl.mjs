// `npm run etl`: runs the ETL compiled by esbuild (no tsx in its start-up), building the bundle only
// when what it was built from has changed. A build is kept in dist/etl/<key>/, where the key is a
// hash of every file esbuild read (as it read them), the build's options and package-lock.json;
// dist/etl/build.json names the latest key, its input files and what stat said of each when it was
// hashed (size, modification and change times, inode). A run stats those files (~245: ~5 ms): all as
// recorded, the key stands; else it re-hashes them (~0.6 MB: 20–25 ms in a new process), and the same
// key runs that build, any other is built first. So a stale bundle is never run, and two runs at once
// never write into the folder the other runs: each builds into a folder of its own and renames it into
// place (a build of the same key already there wins).
// Plain JavaScript: it runs before anything could compile TypeScript.

import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist', 'etl');
const MANIFEST = join(OUT, 'build.json');
/** Builds other than the current one are removed once this old: a long load may still be running one. */
const KEEP_OLD_BUILDS_MS = 24 * 3600_000;

/** esbuild's options (paths relative to the project); part of the key, so changing them rebuilds. */
const OPTIONS = {
  entryPoints: ['etl/cli.ts', 'etl/parse-worker.ts'],
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native or large CommonJS packages stay in node_modules; readers load them when a file needs them.
  external: ['@duckdb/node-bindings', 'exceljs', 'jszip', 'htmlparser2', 'saxes'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

const LOADERS = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.json': 'json',
};

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * What stat says of a file (relative to the project), taken before it is read: any write changes it
 * (the change time cannot be set back), so an unchanged stamp means unchanged bytes.
 */
function stampOf(path) {
  const stat = statSync(join(ROOT, path), { bigint: true, throwIfNoEntry: false });
  return stat === undefined ? 'none' : `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`;
}

const LOCKFILE = 'package-lock.json';

/** The key of a build from its inputs' hashes ([relative path, sha256] pairs). */
function keyOf(inputs) {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(OPTIONS));
  // The installed packages' versions: a package's entry may move to a file it did not have before.
  const lock = statSync(join(ROOT, LOCKFILE), { throwIfNoEntry: false });
  hash.update(lock === undefined ? 'no package-lock.json' : readFileSync(join(ROOT, LOCKFILE)));
  for (const [path, digest] of [...inputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    hash.update(`\n${path}\0${digest}`);
  return hash.digest('hex').slice(0, 20);
}

/** The latest build's cli.js when every file it was built from is unchanged, else null. */
function currentBuild() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return null;
  }
  const paths = manifest.inputs ?? [];
  const cli = join(OUT, String(manifest.key), 'cli.js');
  if (paths.length === 0 || !existsSync(cli)) return null;
  const stamps = manifest.stamps ?? {};
  if ([...paths, LOCKFILE].every((path) => stamps[path] === stampOf(path))) return cli;
  // Touched, checked out or copied: the bytes decide. The same key records the new stamps.
  const fresh = { [LOCKFILE]: stampOf(LOCKFILE) };
  const inputs = [];
  for (const path of paths) {
    fresh[path] = stampOf(path);
    try {
      inputs.push([path, sha256(readFileSync(join(ROOT, path)))]);
    } catch {
      return null; // an input gone: the sources changed
    }
  }
  if (keyOf(inputs) !== manifest.key) return null;
  writeManifest(manifest.key, paths, fresh);
  return cli;
}

/** Writes build.json whole (by rename: a run reading it meanwhile sees the old or the new one). */
function writeManifest(key, inputs, stamps) {
  const manifest = `${MANIFEST}.${process.pid}`;
  writeFileSync(manifest, JSON.stringify({ key, inputs, stamps }));
  renameSync(manifest, MANIFEST);
}

/** Bundles the ETL into dist/etl/<key>/ and records it in build.json; returns its cli.js. */
async function build() {
  const { build: esbuild } = await import('esbuild');
  mkdirSync(OUT, { recursive: true });
  const staging = join(OUT, `.build-${process.pid}-${randomBytes(4).toString('hex')}`);
  // What each input held when esbuild read it: hashing the files afterwards would miss an edit made
  // during the build, and the older bundle would then run under the newer key.
  const inputs = new Map();
  const stamps = { [LOCKFILE]: stampOf(LOCKFILE) };
  const hashInputs = {
    name: 'hash-inputs',
    setup(builder) {
      builder.onLoad({ filter: /.*/, namespace: 'file' }, async (args) => {
        const loader = LOADERS[extname(args.path)];
        if (loader === undefined)
          return { errors: [{ text: `run-etl.mjs: no loader for ${relative(ROOT, args.path)}` }] };
        const path = relative(ROOT, args.path);
        stamps[path] = stampOf(path);
        const contents = await readFile(args.path);
        inputs.set(path, sha256(contents));
        return { contents, loader };
      });
    },
  };
  try {
    await esbuild({
      ...OPTIONS,
      entryPoints: OPTIONS.entryPoints.map((entry) => join(ROOT, entry)),
      outdir: staging,
      plugins: [hashInputs],
    });
  } catch {
    rmSync(staging, { recursive: true, force: true });
    console.error('etl: the build of dist/etl failed (esbuild printed why above)');
    process.exit(1);
  }
  const key = keyOf(inputs);
  const target = join(OUT, key);
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another run built the same sources first: its folder is complete (renamed whole), use it.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(target, 'cli.js'))) throw error;
  }
  writeManifest(key, [...inputs.keys()].sort(), stamps);
  removeOldBuilds(key);
  return join(target, 'cli.js');
}

/** Other builds (and staging folders of killed builds) not used for a day. */
function removeOldBuilds(current) {
  for (const name of readdirSync(OUT)) {
    if (name === current || !/^(\.build-\d+-)?[0-9a-f]+$/.test(name)) continue;
    const path = join(OUT, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS)
        rmSync(path, { recursive: true, force: true });
    } catch {
      // removed by another run meanwhile
    }
  }
}

const cli = currentBuild() ?? (await build());
// The bundle reads process.argv itself, and argv[1] is this script as it would be cli.js.
await import(pathToFileURL(cli).href);
