// Every relative link in the project's Markdown (README.md, data/README.md, the bench's HISTORY.md …)
// names a file or folder that exists: the notes move between files as the project grows (the bench's
// session notes moved from README.md to tests/bench/HISTORY.md, whose links are relative to its folder),
// and a link left pointing at the old place would only be found by a reader clicking it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../shared/project-root.ts';

const ROOT = projectRoot(import.meta.dirname);

/** Folders that hold installed, built or generated files, not the project's own Markdown. */
const NOT_OURS = new Set(['node_modules', 'dist', 'test-results', 'bench-results', 'coverage']);

/** The project's Markdown files, relative to the root (read from the tree: a copy may have no git). */
function markdownFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || NOT_OURS.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [relative(ROOT, path)] : [];
  });
}

/** The relative targets of `[text](target)` links in `text`, without their `#fragment`, with their line. */
export function relativeLinks(text: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = (match[1] ?? '').split('#')[0] ?? '';
      if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      links.push({ target, line: index + 1 });
    }
  });
  return links;
}

describe('links in the Markdown files', () => {
  it('reads relative targets and skips addresses and anchors', () => {
    expect(
      relativeLinks(
        '[a](etl/load.ts) [b](https://x.org/y) [c](#top)\n[d](../../server/db.ts#L3) [e](mailto:x@y)',
      ),
    ).toEqual([
      { target: 'etl/load.ts', line: 1 },
      { target: '../../server/db.ts', line: 2 },
    ]);
  });

  const files = markdownFiles();
  it('finds the project’s Markdown', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'tests/bench/HISTORY.md', 'data/README.md']));
  });

  it('reads the links of the README and the bench history', () => {
    const targets = (file: string) =>
      relativeLinks(readFileSync(join(ROOT, file), 'utf8')).map((link) => link.target);
    expect(targets('README.md')).toEqual(
      expect.arrayContaining(['tests/bench/HISTORY.md', 'data/README.md']),
    );
    expect(targets('tests/bench/HISTORY.md')).toEqual(
      expect.arrayContaining(['../../etl/search-keys.ts', 'cpu-steal.ts']),
    );
  });

  it.each(files)('%s: every relative link names an existing path', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const links = relativeLinks(text);
    const broken = links
      .filter(({ target }) => !existsSync(join(ROOT, dirname(file), decodeURI(target))))
      .map(({ target, line }) => `${file}:${line} → ${target}`);
    expect(broken).toEqual([]);
  });
});
