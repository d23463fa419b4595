// `npm run etl` (etl/run-etl.mjs) builds the ETL only when what it is built from changed, never runs
// a stale build, and two runs at once do not trip over each other's build. Tried on a copy of the
// project's ETL sources (with the real node_modules), so that editing a source touches nothing real.

import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** A project folder holding copies of what the ETL's bundle is built from. */
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-run-etl-'));
  for (const path of ['etl', 'shared', 'package.json', 'package-lock.json'])
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** `node etl/run-etl.mjs --help` (what `npm run etl -- --help` runs), in the copy. */
function help(dir: string): { status: number | null; out: string; err: string } {
  const result = spawnSync(process.execPath, [join(dir, 'etl', 'run-etl.mjs'), '--help'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

function helpAsync(dir: string): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'etl', 'run-etl.mjs'), '--help'], { cwd: dir });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (status) => resolve({ status, out }));
  });
}

const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'dist', 'etl', 'build.json'), 'utf8')) as {
    key: string;
    inputs: string[];
    stamps: Record<string, string>;
  };
const builds = (dir: string) =>
  readdirSync(join(dir, 'dist', 'etl'))
    .filter((name) => name !== 'build.json')
    .sort();

/** Changes the usage line cli.ts prints, which only a build of the changed source can print. */
function editUsage(dir: string, word: string): void {
  const cli = join(dir, 'etl', 'cli.ts');
  writeFileSync(
    cli,
    readFileSync(cli, 'utf8').replace("'usage: npm run etl", `'usage (${word}): npm run etl`),
  );
}

describe('npm run etl builds only when needed', () => {
  it('builds once, runs that build while nothing changed, and builds again after an edit', () => {
    const dir = copyProject();
    const first = help(dir);
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(/^usage: npm run etl -- \[--db PATH\]/);
    const built = manifest(dir);
    expect(built.inputs).toContain('etl/cli.ts');
    expect(built.inputs).toContain('shared/vocabulary.ts');
    expect(builds(dir)).toEqual([built.key]);
    const stamp = statSync(join(dir, 'dist', 'etl', 'build.json')).mtimeMs;

    // Nothing changed: the same build runs, and nothing is written.
    expect(help(dir).out).toBe(first.out);
    expect(statSync(join(dir, 'dist', 'etl', 'build.json')).mtimeMs).toBe(stamp);
    expect(builds(dir)).toEqual([built.key]);

    // A source changed: never the stale build.
    editUsage(dir, 'edited');
    const edited = help(dir);
    expect(edited.status).toBe(0);
    expect(edited.out).toMatch(/^usage \(edited\): npm run etl/);
    const rebuilt = manifest(dir);
    expect(rebuilt.key).not.toBe(built.key);
    // The earlier build stays for a day, for a run that may still be using it.
    expect(builds(dir)).toEqual([built.key, rebuilt.key].sort());

    // Back as it was: the first build's key again, so its folder runs as it is.
    const cli = join(dir, 'etl', 'cli.ts');
    writeFileSync(cli, readFileSync(join(ROOT, 'etl', 'cli.ts')));
    expect(help(dir).out).toBe(first.out);
    expect(manifest(dir).key).toBe(built.key);
  }, 120_000);

  it('trusts stat while it says the sources are unchanged, and their bytes when it does not', () => {
    const dir = copyProject();
    expect(help(dir).status).toBe(0);
    const built = manifest(dir);
    expect(built.stamps['etl/cli.ts']).toMatch(/^\d+:\d+:\d+:\d+$/);
    expect(Object.keys(built.stamps).sort()).toEqual([...built.inputs, 'package-lock.json'].sort());
    const json = join(dir, 'dist', 'etl', 'build.json');

    // The same bytes with other times (a checkout, a touch): read and hashed, the same key, the build
    // stands and the new stamps are recorded; the next run trusts them and writes nothing.
    const cli = join(dir, 'etl', 'cli.ts');
    utimesSync(cli, new Date(), new Date(Date.now() + 60_000));
    expect(help(dir).status).toBe(0);
    const touched = manifest(dir);
    expect(touched.key).toBe(built.key);
    expect(touched.stamps['etl/cli.ts']).not.toBe(built.stamps['etl/cli.ts']);
    expect(builds(dir)).toEqual([built.key]);
    const written = statSync(json).mtimeMs;
    expect(help(dir).status).toBe(0);
    expect(statSync(json).mtimeMs).toBe(written);

    // Other bytes of the same size: built again, never the stale build.
    writeFileSync(cli, readFileSync(cli, 'utf8').replace("'usage: npm run etl", "'USAGE: npm run etl"));
    expect(statSync(cli).size).toBe(Number(touched.stamps['etl/cli.ts']?.split(':')[0]));
    expect(help(dir).out).toMatch(/^USAGE: npm run etl/);
    expect(manifest(dir).key).not.toBe(built.key);
  }, 120_000);

  it('lets two runs start at once after an edit: both run the new build', async () => {
    const dir = copyProject();
    expect(help(dir).status).toBe(0);
    editUsage(dir, 'twice');
    const runs = await Promise.all([helpAsync(dir), helpAsync(dir), helpAsync(dir)]);
    for (const run of runs) {
      expect(run.status).toBe(0);
      expect(run.out).toMatch(/^usage \(twice\): npm run etl/);
    }
    // One folder per key however many runs built it; no staging folder left behind.
    expect(builds(dir)).toHaveLength(2);
    expect(builds(dir).some((name) => name.startsWith('.build-'))).toBe(false);
  }, 120_000);

  it('stops with the build’s error when a source does not compile, and runs nothing', () => {
    const dir = copyProject();
    writeFileSync(
      join(dir, 'etl', 'cli.ts'),
      `${readFileSync(join(ROOT, 'etl', 'cli.ts'), 'utf8')}\nconst = ;\n`,
    );
    const result = help(dir);
    expect(result.status).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/\[ERROR\] Expected identifier[^\n]*\n\s*etl\/cli\.ts:\d+:\d+/);
    expect(result.err).toContain('etl: the build of dist/etl failed');
  }, 60_000);
});
